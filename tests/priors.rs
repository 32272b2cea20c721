//! Priors end to end (docs/priors.md): a model pretrained on its source's family codes a fresh
//! chain of it in fewer bits than the same model online; jobs that share a prior train it once;
//! the adjusted rate is the file and the prior's price; a file has no family.

mod common;

use common::{column, write};
use predicates::str::contains;

/// `bench` with the cache of priors across runs off: each run trains its priors.
fn bench() -> assert_cmd::Command {
    let mut cmd = common::bench();
    cmd.env("DEEPZIP_PRIOR_CACHE", "off");
    cmd
}

/// LSTM-16 online and pretrained on 100 chains of 10,000 symbols (batch 64), each coding
/// fresh chains of `markov_chain M=2 k=1 alpha=1` (seeds 0-3).
const GRID: &str = "name: p\nlength: 10000\nseeds: [0, 1, 2, 3]\n\
    sources: [{kind: markov_chain, alphabet: 2, order: 1, alpha: 1}]\n\
    compressors:\n  - {kind: lstm, hidden: 16}\n  \
    - {kind: lstm, hidden: 16, pretrain: {sequences: 100, length: 10000, \
    bits_per_parameter: [16, 32]}}\n";

#[test]
fn a_prior_pays_and_is_trained_once_for_the_jobs_that_share_it() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(dir.path(), "p.yaml", GRID);
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(contains(
            "trains prior of `lstm-16-pt100x10000` on the family of `chain-M2-k1-a1` \
             (1000000 symbols) once for 8 jobs",
        ));
    let results = out.join("results.csv");
    let number = |name: &str| -> Vec<f64> {
        column(&results, name)
            .iter()
            .map(|v| v.parse().unwrap_or(f64::NAN))
            .collect()
    };
    let (compressor, bytes, header) = (
        column(&results, "compressor"),
        number("compressed_bytes"),
        number("header_bytes"),
    );
    let (prior, seconds, adjusted) = (
        number("prior_bytes"),
        number("pretrain_s"),
        number("adjusted_bps"),
    );
    let rows: Vec<usize> = (0..compressor.len()).collect();
    let online: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| prior[r].is_nan())
        .collect();
    let pretrained: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| !prior[r].is_nan())
        .collect();
    assert_eq!((online.len(), pretrained.len()), (4, 8));
    // Over the same 10,000 symbols of each chain, the payload (the file without its header,
    // which names the prior) is shorter with the prior: the point of one.
    // Rows by seed: online, then the prior at 16 and 32 bits a parameter.
    for &p in &pretrained {
        let o = p - p % 3;
        assert!(online.contains(&o));
        assert!(
            bytes[p] - header[p] < bytes[o] - header[o],
            "{} {} vs {} {}",
            compressor[p],
            bytes[p] - header[p],
            compressor[o],
            bytes[o] - header[o]
        );
    }
    // One training for the 8 jobs: every row states the same seconds, the same symbols.
    assert!(pretrained
        .iter()
        .all(|&p| seconds[p] == seconds[pretrained[0]]));
    assert!(column(&results, "pretrain_symbols")
        .iter()
        .zip(&prior)
        .all(|(s, p)| p.is_nan() == s.is_empty() && (s.is_empty() || s == "1000000")));
    // The price: 32 bits a parameter is twice 16; the adjusted rate is exactly the file and
    // the price over the length.
    let price: Vec<f64> = pretrained.iter().map(|&p| prior[p]).collect();
    assert!(price.contains(&(2.0 * price[0])) || price.contains(&(price[0] / 2.0)));
    for &p in &pretrained {
        assert_eq!(adjusted[p], (bytes[p] + prior[p]) * 8.0 / 10000.0);
    }
    assert!(online.iter().all(|&o| adjusted[o].is_nan()));
}

#[test]
fn a_file_has_no_family_to_pretrain_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.bin", "abracadabra");
    let exp = write(
        dir.path(),
        "f.yaml",
        "name: f\nlength: 10\nsources: [{kind: file, path: x.bin}]\n\
         compressors: [{kind: chgru, pretrain: {sequences: 2}}]\n",
    );
    bench()
        .args(["run", exp.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains(
            "compressors: `chgru-128-pt2x1000` pretrains on its source's family (`pretrain:`), \
             and `file-x.bin` is a file, which has none: name one",
        ));
}

/// icl.csv: L rows per job on a source redrawn every L symbols, none on another; the Bayes
/// learner's first symbol of a segment costs exactly 1 bit (a fair guess); a job's bits by
/// position add up to the bits of its learning curve (100 whole segments).
#[test]
fn the_regret_by_position_is_written_for_segmented_sources() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(
        dir.path(),
        "i.yaml",
        "name: i\nlength: 5000\nsources:\n  \
         - {kind: markov_chain, alphabet: 2, order: 1, alpha: 1, resample: 50}\n  \
         - {kind: markov, k: 4}\ncompressors:\n  - {kind: order, k: 1}\n  \
         - {kind: lstm, hidden: 8}\n",
    );
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let icl = out.join("icl.csv");
    let jobs = column(&icl, "job");
    assert_eq!(jobs.len(), 100);
    assert!(jobs[..50].iter().all(|j| j == "0") && jobs[50..].iter().all(|j| j == "1"));
    let positions = column(&icl, "position");
    assert_eq!((positions[0].as_str(), positions[49].as_str()), ("1", "50"));
    let (bits, bayes) = (column(&icl, "bits_per_symbol"), column(&icl, "bayes_bps"));
    assert_eq!((bayes[0].as_str(), bayes[50].as_str()), ("1.0", "1.0"));
    let number = |v: &String| v.parse::<f64>().unwrap();
    let by_position: f64 = bits[..50].iter().map(number).sum::<f64>() * 100.0;
    let curves = out.join("curves.csv");
    let (job, end, window) = (
        column(&curves, "job"),
        column(&curves, "position"),
        column(&curves, "bits_per_symbol"),
    );
    let mut start = 0.0;
    let mut total = 0.0;
    for i in (0..job.len()).filter(|&i| job[i] == "0") {
        total += number(&window[i]) * (number(&end[i]) - start);
        start = number(&end[i]);
    }
    assert!(
        (by_position - total).abs() < 1e-6,
        "{by_position} vs {total}"
    );
    assert!(out.join("icl.png").exists());
}

/// A named family (`pretrain: {source: …}`): a file is coded with a prior of a generated
/// family, whose label names it; a family of another alphabet, a file as a family and a grid
/// of families are refused.
#[test]
fn a_named_family_trains_the_prior_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.bin", &"0110".repeat(500));
    let family = "{kind: markov_chain, alphabet: 2, order: 1, alpha: 1}";
    let grid = |source: &str| {
        format!(
            "name: f\nlength: 2000\nsources: [{{kind: file, path: x.bin}}]\n\
             compressors: [{{kind: lstm, hidden: 8, pretrain: {{sequences: 4, length: 100, \
             source: {source}}}}}]\n"
        )
    };
    let exp = write(dir.path(), "f.yaml", &grid(family));
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        column(&out.join("results.csv"), "compressor"),
        ["lstm-8-pt4x100-of-chain-M2-k1-a1"]
    );
    let refused = |source: &str, message: &str| {
        let exp = write(dir.path(), "g.yaml", &grid(source));
        bench()
            .args(["plan", exp.to_str().unwrap()])
            .assert()
            .code(1)
            .stderr(contains(message));
    };
    refused(
        "{kind: markov_chain, alphabet: 4, order: 1}",
        "pretrains on `chain-M4-k1`, of 4 symbols, and codes `file-x.bin`, of 2: the alphabets \
         must match",
    );
    refused(
        "{kind: file, path: x.bin}",
        "pretrain.source: a file is no family to draw sequences from",
    );
    refused(
        "{kind: markov_chain, order: [1, 2]}",
        "expected one source (the prior's family), the lists given expand to 2",
    );
}

/// The cache of priors across runs: the first run trains and keeps the prior, the next finds
/// it, a corrupted entry is never used (trained again and rewritten), and every file and
/// decode is the same bytes.
#[test]
fn a_cached_prior_is_found_and_a_corrupted_one_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let input = write(dir.path(), "x.bin", &"0110100".repeat(300));
    let words = "lstm hidden=8 pretrain.on=family pretrain.sequences=8 pretrain.length=200 \
                 pretrain.family=M=2;order=1;alpha=1";
    let run = |what: &str, out: &str, says: &str| {
        let mut cmd = common::bench();
        cmd.env("DEEPZIP_PRIOR_CACHE", &cache);
        let cmd = match what {
            "compress" => cmd
                .args(["compress", "--force", "--spec", words])
                .arg(&input),
            _ => cmd
                .args(["decompress", "--force"])
                .arg(dir.path().join("a.dz")),
        };
        cmd.arg(dir.path().join(out))
            .assert()
            .success()
            .stderr(contains(says));
        std::fs::read(dir.path().join(out)).unwrap()
    };
    let first = run("compress", "a.dz", "training it took");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        run("decompress", "a.out", "found it in the cache"),
        std::fs::read(&input).unwrap()
    );
    let mut entry = std::fs::read(&entries[0]).unwrap();
    let middle = entry.len() / 2;
    entry[middle] ^= 1;
    std::fs::write(&entries[0], &entry).unwrap();
    assert_eq!(
        run("decompress", "b.out", "the cache's entry was not used"),
        std::fs::read(&input).unwrap()
    );
    assert_eq!(run("compress", "b.dz", "found it in the cache"), first);
}
