//! Outside predictors through `bench`: a `kind: predictor` grid column with the compiled
//! example (verified, measured, with its learning curve) beside a failing one (its error in the row,
//! the grid goes on) and one declaring a prior (priced); `bench compress/decompress --predictor` round trips and refusals; and
//! the YAML fields' errors.

mod common;

use std::path::{Path, PathBuf};

use common::{bench, column, write};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The compiled protocol example (core's `kt-predictor`), which `cargo test --workspace`
/// builds before any test runs; the numpy one runs in CI through experiments/predictors.yaml.
fn kt() -> String {
    let path = assert_cmd::cargo::cargo_bin("kt-predictor");
    assert!(
        path.exists(),
        "{} is missing: run the tests with --workspace (or cargo build --release -p deepzip-core)",
        path.display()
    );
    path.display().to_string()
}

#[test]
fn a_predictor_column_is_verified_measured_and_a_failing_one_reports_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let misbehave = repo("core/tests/predictors/misbehave.py");
    let exp = write(
        dir.path(),
        "p.yaml",
        &format!(
            "name: p\nlength: 20000\nsources:\n  - {{kind: iid, probs: [0.75, 0.25]}}\n\
             compressors:\n  - {{kind: predictor, name: kt, command: '{}'}}\n  \
             - {{kind: predictor, name: broken, command: 'python3 {m} nan', streams: 2}}\n  \
             - {{kind: predictor, name: pre, command: 'python3 {m} pretrained 1001'}}\n",
            kt(),
            m = misbehave.display()
        ),
    );
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .code(1);
    let results = out.join("results.csv");
    // A predictor's label names its streams, as the built-in models' do.
    assert_eq!(column(&results, "compressor"), ["kt", "broken-B2", "pre"]);
    assert_eq!(column(&results, "verified"), ["true", "false", "true"]);
    // One that declares its pretrained parameters gets their price (16 bits each) and the
    // adjusted rate, as a built-in model with a prior does.
    assert_eq!(column(&results, "prior_bytes"), ["", "", "2002"]);
    let bytes: f64 = column(&results, "compressed_bytes")[2].parse().unwrap();
    let adjusted: f64 = column(&results, "adjusted_bps")[2].parse().unwrap();
    assert_eq!(adjusted, 8.0 * (bytes + 2002.0) / 20000.0);
    let errors = column(&results, "error");
    assert_eq!(errors[0], "");
    assert!(
        errors[1].contains("step 3, stream 0: the value for symbol 0 is NaN"),
        "{errors:?}"
    );
    // h(0.25) = 0.8113 bits/symbol; an adaptive order-0 model is close at 20000 symbols,
    // header included.
    let bps: f64 = column(&results, "bits_per_symbol")[0].parse().unwrap();
    assert!(bps > 0.8113 && bps < 0.86, "{bps}");
    assert!(!column(&results, "cpu_s")[0].is_empty());
    assert!(!column(&results, "peak_rss_bytes")[0].is_empty());
    assert!(column(&results, "compressor_params")[0].contains("kt-predictor"));
    // The header's bytes are part of bits_per_symbol, and said apart.
    let header: u64 = column(&results, "header_bytes")[0].parse().unwrap();
    assert!((30..200).contains(&header), "{header}");
    let curve_jobs = column(&out.join("curves.csv"), "job");
    assert!(curve_jobs.iter().any(|j| j == "0"), "no learning curve");
}

#[test]
fn compress_and_decompress_take_a_predictor_and_refuse_another() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo("tests/fixtures/sample.txt");
    let (packed, out) = (dir.path().join("s.dz"), dir.path().join("s.txt"));
    bench()
        .args(["compress", "-q", "--predictor", &kt(), "--streams", "2"])
        .arg(&input)
        .arg(&packed)
        .assert()
        .success();
    bench()
        .args(["decompress", "-q", "--predictor", &kt()])
        .arg(&packed)
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&input).unwrap());
    std::fs::remove_file(&out).unwrap();
    bench()
        .args(["decompress", "-q"])
        .arg(&packed)
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains(
            "written by the outside predictor `kt` version 1: give its command",
        ));
    let misbehave = repo("core/tests/predictors/misbehave.py");
    bench()
        .args(["decompress", "-q", "--predictor"])
        .arg(format!("python3 {} good", misbehave.display()))
        .arg(&packed)
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains(
            "announces `misbehave` version 1, but the file was written by `kt` version 1",
        ));
    assert!(!out.exists(), "a failed decompress left its output");
    for (flags, code, says) in [
        (["-m", "chgru"], 2, "cannot be used with"),
        (
            ["--params", "[1]"],
            1,
            "--params: expected a JSON object, got `[1]`",
        ),
    ] {
        bench()
            .args(["compress", "-q", "--predictor", "x"])
            .args(flags)
            .arg(&input)
            .arg(dir.path().join("c.dz"))
            .assert()
            .code(code)
            .stderr(contains(says));
    }
}

#[test]
fn predictor_fields_are_checked_like_every_other() {
    let dir = tempfile::tempdir().unwrap();
    let head = "name: p\nlength: 100\nsources: [{kind: iid, probs: [0.5, 0.5]}]\ncompressors:\n";
    for (entry, says) in [
        ("  - {kind: predictor, name: a}", "compressors[0]: missing required field `command`"),
        (
            "  - {kind: predictor, name: a, command: x, params: [1]}",
            "compressors[0].params: expected a mapping",
        ),
        (
            "  - {kind: predictor, name: a, command: x, version: '1'}",
            "compressors[0].version: unknown field `version` (expected one of: kind, threads, name, command, streams, params, timeout, idle_timeout, env)",
        ),
        (
            "  - {kind: predictor, name: a b, command: x}",
            "compressors[0].name: expected a name without spaces",
        ),
        (
            "  - {kind: predictor, name: a, command: x, streams: 0}",
            "compressors[0].streams",
        ),
    ] {
        let exp = write(dir.path(), "bad.yaml", &format!("{head}{entry}\n"));
        bench()
            .args(["plan", exp.to_str().unwrap()])
            .assert()
            .code(1)
            .stderr(contains(says));
    }
}

/// Ctrl-C while an outside predictor runs: its process group is killed (a background child
/// of its command included), its folder removed, and the run ends as an interrupted process
/// does.
#[test]
fn an_interrupt_kills_the_predictor_and_leaves_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let marker = dir.path().join("still-running");
    let misbehave = repo("core/tests/predictors/misbehave.py");
    let exp = write(
        dir.path(),
        "i.yaml",
        &format!(
            "name: i\nlength: 1000\nsources: [{{kind: markov, k: 3}}]\ncompressors:\n  \
             - {{kind: predictor, name: hangs, command: '(sleep 5; touch {}) & exec python3 {} \
             hang'}}\n",
            marker.display(),
            misbehave.display()
        ),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bench"))
        .arg("run")
        .arg(&exp)
        .arg("--out")
        .arg(dir.path().join("out"))
        .env("TMPDIR", &tmp)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Until the predictor's folder exists and it had time to start, then Ctrl-C.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&tmp).unwrap().count() == 0 {
        assert!(
            start.elapsed().as_secs() < 20,
            "the predictor never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "temp files left"
    );
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert!(
        !marker.exists(),
        "the predictor's child outlived the interrupt"
    );
}

/// The slips of a first client through `bench`: two predictors of one name are refused before
/// any job runs, streams are a grid axis, a non-replayable predictor's file is stopped by the
/// default `--verify` (and decoding one says what went wrong), a forgotten flush ends at the
/// idle limit, and `bench speed` names the predictor by what it announced.
#[test]
fn a_new_users_slips_are_caught_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let misbehave = repo("core/tests/predictors/misbehave.py");
    let fault = |f: &str| format!("python3 {} {f}", misbehave.display());
    let head = "name: p\nlength: 100\nsources: [{kind: iid, probs: [0.5, 0.5]}]\ncompressors:\n";
    let same = write(
        dir.path(),
        "same.yaml",
        &format!(
            "{head}  - {{kind: predictor, name: same, command: 'p --order 3'}}\n  - {{kind: \
             predictor, name: same, command: 'p --order 0'}}\n"
        ),
    );
    bench().args(["plan", same.to_str().unwrap()]).assert().code(1).stderr(contains(
        "compressors[1]: gives the compressor `same` that `compressors[0]` already gives: their \
         results would be averaged into one column",
    ));
    let grid = write(
        dir.path(),
        "grid.yaml",
        &format!(
            "{head}  - {{kind: predictor, name: kt, command: '{}', streams: [1, 16]}}\n",
            kt()
        ),
    );
    bench()
        .args(["plan", grid.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains(" kt ").and(contains(" kt-B16 ")));

    let input = repo("tests/fixtures/sample.txt");
    let packed = dir.path().join("n.dz");
    let compress = |command: &str, flags: &[&str]| {
        let mut cmd = bench();
        cmd.args(["compress", "-q", "--streams", "2", "--predictor", command])
            .args(flags)
            .arg(&input)
            .arg(&packed);
        cmd.assert()
    };
    compress(&fault("noise"), &[]).code(1).stderr(
        contains("does not decode; nothing written: ").and(contains(
            "its output at step 5 (stream 1) differs from the compress run",
        )),
    );
    assert!(!packed.exists());
    compress(&fault("noise"), &["--no-verify"]).success();
    let out = dir.path().join("n.txt");
    bench()
        .args(["decompress", "-q", "-", "-", "--predictor", &fault("noise")])
        .pipe_stdin(&packed)
        .unwrap()
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(
            "the file may well be intact: most likely the predictor",
        ));
    assert!(!out.exists());
    std::fs::remove_file(&packed).unwrap();
    compress(&fault("no-flush"), &["--idle-timeout", "1", "--force"])
        .code(1)
        .stderr(contains(
            "sent nothing for 1 s while the harness waited for step 3's 2 distribution(s)",
        ));
    bench()
        .args(["compress", "-q", "--idle-timeout", "1"])
        .arg(&input)
        .arg(&packed)
        .assert()
        .code(2)
        .stderr(contains("--predictor"));

    bench()
        .args([
            "speed",
            "--predictor",
            &kt(),
            "--len",
            "2000",
            "--streams",
            "1",
        ])
        .assert()
        .success()
        .stdout(contains("| kt 1 | 1 | 1 | – |"));
}

/// `command: "python3 model.py"` beside the YAML: the error says why the file is not found
/// (commands run in a private folder) and how to name it; the named form runs.
#[test]
fn a_relative_script_path_is_explained_and_the_experiment_folder_form_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo("core/tests/predictors/misbehave.py"),
        dir.path().join("model.py"),
    )
    .unwrap();
    let run = |command: &str| {
        let exp = write(
            dir.path(),
            "m.yaml",
            &format!(
                "name: m\nlength: 100\nsources: [{{kind: iid, probs: [0.5, 0.5]}}]\n\
                 compressors:\n  - {{kind: predictor, name: m, command: '{command}'}}\n"
            ),
        );
        let out = dir.path().join("out");
        let mut cmd = bench();
        cmd.args([
            "run",
            exp.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]);
        (cmd.assert(), out.join("results.csv"))
    };
    let (assert, results) = run("python3 model.py good");
    assert.code(1);
    let error = &column(&results, "error")[0];
    assert!(
        error.contains("commands run in a private folder")
            && error.contains("the relative path `model.py` is looked for there")
            && error.contains("`$DEEPZIP_EXPERIMENT_DIR/model.py`"),
        "{error}"
    );
    let (assert, results) = run("python3 $DEEPZIP_EXPERIMENT_DIR/model.py good");
    assert.success();
    assert_eq!(column(&results, "verified"), ["true"]);
}
