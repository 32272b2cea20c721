//! A mistake costs the user nothing: a results folder in use is refused to other commands
//! (and a killed run leaves no lock), finished work survives a failure after the jobs ran,
//! and a damaged journal line is redone on --resume.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn bench() -> Command {
    Command::cargo_bin("bench").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const TINY: &str = "name: tiny
length: 2000
seeds: [1, 2]
sources:
  - {kind: markov, k: [3, 5]}
compressors:
  - {kind: gzip}
  - {kind: order, k: [0, 2]}
";

/// A run of one neural job long enough (tens of seconds) to be caught while it runs.
const SLOW: &str = "name: slow
length: 3e6
sources:
  - {kind: markov, k: 20}
compressors:
  - {kind: lstm, hidden: 256}
";

fn stderr(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// `bench run YAML --out OUT FLAGS…`: (success, stderr).
fn run(yaml: &Path, out: &Path, flags: &[&str]) -> (bool, String) {
    stderr(
        bench()
            .arg("run")
            .arg(yaml)
            .arg("--out")
            .arg(out)
            .args(flags),
    )
}

#[test]
fn a_folder_in_use_is_refused_and_a_killed_run_leaves_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    let slow = write(dir.path(), "slow.yaml", SLOW);
    let tiny = write(dir.path(), "tiny.yaml", TINY);
    let out = dir.path().join("shared");
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("bench"))
        .arg("run")
        .arg(&slow)
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first run holds the folder: a second run, even with --force, is refused.
    let start = Instant::now();
    while !out.join(".bench.lock").exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "never locked");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let (ok, refused) = run(&tiny, &out, &["--force"]);
    assert!(!ok && refused.contains("is in use"), "{refused}");
    assert!(refused.contains(&out.display().to_string()), "{refused}");
    for cmd in ["report", "merge"] {
        let (ok, err) = stderr(bench().arg(cmd).arg(&out));
        assert!(
            !ok && err.contains("is in use by a bench run"),
            "{cmd}: {err}"
        );
    }
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first run ended too soon"
    );
    first.kill().unwrap();
    first.wait().unwrap();
    // The OS dropped the lock with the process: the folder is free again.
    let (ok, err) = run(&tiny, &out, &["--force"]);
    assert!(ok, "{err}");
    let (ok, err) = stderr(bench().arg("report").arg(&out));
    assert!(ok, "{err}");
}

#[test]
fn finished_work_survives_a_failure_after_the_jobs_and_the_run_finishes_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = write(dir.path(), "tiny.yaml", TINY);
    let out = dir.path().join("res");
    // A directory where a table goes: the report step fails after every job has run.
    std::fs::create_dir_all(out.join("table.md")).unwrap();
    let (ok, err) = run(&tiny, &out, &[]);
    assert!(!ok);
    assert!(err.contains("table.md"), "{err}");
    assert!(
        err.contains("every finished job is kept in") && err.contains("--resume"),
        "{err}"
    );
    let journal = std::fs::read_to_string(out.join("journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 12);
    std::fs::remove_dir(out.join("table.md")).unwrap();
    let (ok, err) = run(&tiny, &out, &["--resume"]);
    assert!(ok, "{err}");
    assert!(err.contains("ran 0 jobs (12 already done)"), "{err}");
    assert!(out.join("table.md").is_file());
}

#[test]
fn a_damaged_journal_line_is_named_and_its_job_redone_on_resume() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = write(dir.path(), "tiny.yaml", TINY);
    let out = dir.path().join("res");
    assert!(run(&tiny, &out, &[]).0);
    let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let path = out.join("journal.jsonl");
    let mut lines: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[4] = lines[4].replace("\"record\"", "\"recrd\"");
    lines[7].truncate(30);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    std::fs::remove_file(out.join("results.csv")).unwrap();
    let (ok, err) = run(&tiny, &out, &["--resume"]);
    assert!(ok, "{err}");
    for line in [5, 8] {
        assert!(
            err.contains(&format!("journal.jsonl: line {line} is damaged")),
            "{err}"
        );
    }
    assert!(err.contains("ran 2 jobs (10 already done)"), "{err}");
    // Determinism: the redone jobs give the same rows (timings aside).
    let strip = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').take(12).collect::<Vec<_>>().join(","))
            .collect()
    };
    let again = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert_eq!(strip(&again), strip(&results));
    // The damaged lines were set aside, so the journal reads clean now.
    let (ok, err) = run(&tiny, &out, &["--resume"]);
    assert!(ok && !err.contains("damaged"), "{err}");
    assert!(out.join("journal.jsonl.damaged").is_file());
}
