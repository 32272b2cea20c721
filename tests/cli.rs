//! End-to-end tests of the `bench` binary on tiny experiments.

mod common;

use common::{bench, column, write};

const TINY: &str = "name: tiny
length: 3000
seeds: [1, 2]
sources:
  - {kind: markov, k: [3, 7]}
  - {kind: iid, probs: [0.5, 0.25, 0.125, 0.125]}
  - {kind: counter, width: 2}
compressors:
  - {kind: gzip}
  - {kind: order, k: [0, 3]}
";

#[test]
fn run_writes_verified_results_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(dir.path(), "tiny.yaml", TINY);
    let out = dir.path().join("out");
    bench()
        .args([
            "run",
            exp.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-j",
            "2",
        ])
        .assert()
        .success();
    let results = out.join("results.csv");
    let verified = column(&results, "verified");
    assert_eq!(verified.len(), 2 * 4 * 3);
    assert!(verified.iter().all(|v| v == "true"), "{verified:?}");
    let bps = column(&results, "bits_per_symbol");
    for (bps, bytes) in bps.iter().zip(column(&results, "compressed_bytes")) {
        let bytes: f64 = bytes.parse().unwrap();
        assert!((bps.parse::<f64>().unwrap() - 8.0 * bytes / 3000.0).abs() < 1e-9);
    }
    assert!(out.join("curves.csv").exists());
    let before = std::fs::read(out.join("results.csv")).unwrap();

    // A rerun neither overwrites nor loses anything.
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--resume"));
    assert_eq!(std::fs::read(out.join("results.csv")).unwrap(), before);

    // --resume after everything is done runs nothing and rewrites the same rows.
    bench()
        .args([
            "run",
            exp.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("ran 0 jobs (24 already done)"));
}

#[test]
fn resume_skips_the_jobs_an_interrupted_run_finished() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(dir.path(), "tiny.yaml", TINY);
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut c = bench();
        c.args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        c.args(extra);
        c.assert()
    };
    run(&[]).success();
    let full = column(&out.join("results.csv"), "bits_per_symbol");
    // Simulate an interrupt: keep the first 10 journal lines and a torn 11th, no results.csv.
    let journal = std::fs::read_to_string(out.join("journal.jsonl")).unwrap();
    let lines: Vec<&str> = journal.lines().collect();
    let torn = format!("{}\n{}", lines[..10].join("\n"), &lines[10][..20]);
    std::fs::write(out.join("journal.jsonl"), torn).unwrap();
    std::fs::remove_file(out.join("results.csv")).unwrap();
    std::fs::remove_file(out.join("curves.csv")).unwrap();
    run(&["--resume"])
        .success()
        .stderr(predicates::str::contains("ran 14 jobs (10 already done)"));
    let resumed = column(&out.join("results.csv"), "bits_per_symbol");
    assert_eq!(
        resumed, full,
        "a resumed run must give the same bits per symbol"
    );
    run(&["--force"]).success();
}

#[test]
fn malformed_experiments_fail_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("sources: [{kind: markov, k: 0}]", "sources[0].k"),
        ("sources: [{kind: wavelet}]", "sources[0].kind"),
        ("sources: [{kind: markov, k: 5000}]", "sources[0].k"),
        (
            "sources: [{kind: lagged_fibonacci, j: 52, k: 21}]",
            "sources[0].j",
        ),
        (
            "sources: [{kind: iid, probs: [0.3, 0.3]}]",
            "sources[0].probs",
        ),
        (
            "sources: [{kind: markov, k: 3, alphabet: 1}]",
            "sources[0].alphabet",
        ),
        (
            "sources: [{kind: markov, k: 3, alphabet: 257}]",
            "sources[0].alphabet",
        ),
        (
            "sources: [{kind: file, path: missing.bin}]",
            "sources[0].path",
        ),
    ];
    for (sources, field) in cases {
        let exp = write(
            dir.path(),
            "bad.yaml",
            &format!("name: bad\nlength: 3000\ncompressors: [{{kind: gzip}}]\n{sources}\n"),
        );
        bench()
            .args(["run", exp.to_str().unwrap(), "--out"])
            .arg(dir.path().join("never"))
            .assert()
            .failure()
            .stderr(predicates::str::contains(format!("bad.yaml: {field}:")));
        assert!(
            !dir.path().join("never").exists(),
            "nothing may be written for a bad file"
        );
    }
    bench()
        .args(["run", "no-such-experiment.yaml"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no-such-experiment.yaml"));
}

#[test]
fn gen_writes_the_same_bytes_as_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.bin");
    bench()
        .args([
            "gen",
            "markov",
            "k=20",
            "noise=0.1",
            "--len",
            "5000",
            "--seed",
            "9",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let expected = generators::Source::Markov(generators::Markov::new(2, 20, 0.1).unwrap())
        .generate(5000, 9)
        .unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    bench()
        .args(["gen", "markov", "k=20", "--len", "5000", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicates::str::contains("--force"));
    bench()
        .args(["gen", "markov", "k=0", "--len", "50", "-o"])
        .arg(dir.path().join("x.bin"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("k"));
    // A random chain's description lets anyone recompute its yardsticks.
    let json = dir.path().join("c.json");
    bench()
        .args([
            "gen",
            "markov_chain",
            "alphabet=4",
            "order=1",
            "--len",
            "5000",
            "-o",
        ])
        .arg(dir.path().join("c.bin"))
        .arg("--describe")
        .arg(&json)
        .assert()
        .success();
    let described: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let symbols = std::fs::read(dir.path().join("c.bin")).unwrap();
    let row = |c: u8, x: u8| described["rows"][c as usize][x as usize].as_f64().unwrap();
    let bits: f64 = 2.0
        + symbols
            .windows(2)
            .map(|w| -row(w[0], w[1]).log2())
            .sum::<f64>();
    let oracle = described["oracle_bps"].as_f64().unwrap();
    assert!((bits / 5000.0 - oracle).abs() < 1e-12, "{bits} vs {oracle}");
    let pi: Vec<f64> = (0..4)
        .map(|c| described["stationary"][c].as_f64().unwrap())
        .collect();
    for x in 0..4u8 {
        let next: f64 = (0..4u8).map(|c| pi[c as usize] * row(c, x)).sum();
        assert!((next - pi[x as usize]).abs() < 1e-12);
    }
    let h: f64 = (0..4u8)
        .map(|c| pi[c as usize] * (0..4u8).map(|x| -row(c, x) * row(c, x).log2()).sum::<f64>())
        .sum();
    assert!((h - described["entropy_rate_bps"].as_f64().unwrap()).abs() < 1e-12);
    assert!(described["bayes_bps"].as_f64().unwrap() > oracle);
    // Probabilities as command-line words write them, with or without brackets.
    let iid = generators::Source::Iid(generators::Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap())
        .generate(300, 0)
        .unwrap();
    for probs in ["probs=0.5,0.25,0.125,0.125", "probs=[0.5,0.25,0.125,0.125]"] {
        bench()
            .args(["gen", "iid", probs, "--len", "300", "--force", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert_eq!(std::fs::read(&out).unwrap(), iid, "{probs}");
    }
    bench()
        .args(["gen", "iid", "probs=0.5,half", "--len", "3", "-o"])
        .arg(dir.path().join("y.bin"))
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "expected probabilities separated by commas, got `0.5,half`",
        ));
}

/// The runner hands out cores: a job that asks for 2 threads, one left to the runner (which
/// gives a lone last job every core) and a single-threaded baseline give the same bytes as
/// the same grid on one core.
#[test]
fn threads_given_or_chosen_change_no_result() {
    let dir = tempfile::tempdir().unwrap();
    let grid = |threads: &str| {
        format!(
            "name: th\nlength: 4000\nsources: [{{kind: markov, k: 5}}]\ncompressors:\n  \
             - {{kind: chgru, hidden: 12, streams: 3{threads}}}\n  \
             - {{kind: lstm, hidden: 8, streams: 2}}\n  - {{kind: order, k: 2}}\n"
        )
    };
    let mut bytes = Vec::new();
    for (name, threads, jobs) in [("one", "", "1"), ("two", ", threads: 2", "2")] {
        let exp = write(dir.path(), &format!("{name}.yaml"), &grid(threads));
        let out = dir.path().join(name);
        bench()
            .arg("run")
            .arg(&exp)
            .arg("--out")
            .arg(&out)
            .args(["-j", jobs])
            .assert()
            .success();
        let results = out.join("results.csv");
        assert_eq!(column(&results, "verified"), ["true"; 3]);
        bytes.push(column(&results, "compressed_bytes"));
        // chgru asked for 2 threads on the 2-core run; the others run on one.
        let threads = column(&results, "threads");
        let want = if jobs == "2" { "2" } else { "1" };
        assert_eq!(threads[0], want, "{threads:?}");
    }
    assert_eq!(bytes[0], bytes[1]);
}

/// Published figures from the YAML go to references.csv, never into results.csv, and the
/// report shows them beside our cells with their citation.
#[test]
fn references_are_printed_beside_our_cells() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(
        dir.path(),
        "r.yaml",
        "name: r\nlength: 2000\nsources: [{kind: markov, k: [3, 6]}]\n\
         compressors: [{kind: gzip}, {kind: order, k: 2}]\nreferences:\n  \
         - {source: markov-6, compressor: gzip-9, bits_per_symbol: 0.25, length: 1e8, \
         citation: 'A paper, Table 2'}\n",
    );
    let out = dir.path().join("out");
    bench()
        .arg("run")
        .arg(&exp)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(column(&out.join("results.csv"), "verified").len(), 4);
    assert_eq!(
        column(&out.join("references.csv"), "citation"),
        ["A paper, Table 2"]
    );
    let table = std::fs::read_to_string(out.join("table.md")).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with("| markov-6 |"))
        .unwrap();
    assert!(row.contains(" / 0.2500 [1] |"), "{table}");
    assert!(
        table.contains("1. A paper, Table 2 (100000000 symbols)"),
        "{table}"
    );
    assert!(out.join("gap_vs_k.png").exists());
}
