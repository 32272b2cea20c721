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

/// `bench ARGS` with files limited to `limit` bytes (RLIMIT_FSIZE, with SIGXFSZ ignored: every
/// write past it fails as on a full disk, without needing a small filesystem): its exit
/// status and stderr.
fn limited(args: &[&str], limit: u64) -> (bool, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("bench"));
    cmd.args(args);
    // SAFETY: setrlimit and signal are async-signal-safe; nothing else runs between fork
    // and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let done = cmd.stderr(Stdio::piped()).output().unwrap();
    (
        done.status.success(),
        String::from_utf8_lossy(&done.stderr).into_owned(),
    )
}

/// A full disk while the tables and figures are written: a clear error quoting the OS once,
/// the journal kept for --resume, and no table or figure truncated or left under a temporary
/// name (every one is written under one and renamed only when whole).
#[test]
fn a_full_disk_leaves_no_truncated_table_or_figure() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = write(dir.path(), "t.yaml", TINY);
    // 40 KB: the CSVs fit, a figure does not; 4 KB: the journal does not.
    for limit in [40_000, 4_000] {
        let out = dir.path().join(format!("out-{limit}"));
        let args = [
            "run",
            yaml.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        let (ok, err) = limited(&args, limit);
        assert!(!ok, "{limit}: {err}");
        assert_eq!(
            err.matches("File too large (os error 27)").count(),
            1,
            "{limit}: {err}"
        );
        assert!(err.contains("--resume"), "{limit}: {err}");
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.contains("partial"), "{limit}: {name} left behind");
            if name.ends_with(".png") {
                image::open(&path).unwrap_or_else(|e| panic!("{limit}: {name}: {e}"));
            }
            names.push(name);
        }
        assert!(
            names.contains(&"journal.jsonl".to_string()),
            "{limit}: {names:?}"
        );
        // The jobs are done: with room again, --resume writes everything without a job.
        let (ok, err) = run(&yaml, &out, &["--resume"]);
        assert!(ok, "{limit}: {err}");
        assert!(out.join("learning_curves.png").exists(), "{limit}");
    }
}

/// A full disk while `bench merge` writes the tables: curves.csv (20 KB here) fails after
/// results.csv (2 KB) was written, and leaves no temporary behind.
#[test]
fn a_full_disk_leaves_no_partial_table_when_merging() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = write(dir.path(), "t.yaml", TINY);
    let out = dir.path().join("out");
    for shard in ["0/2", "1/2"] {
        let (ok, err) = run(&yaml, &out, &["--shard", shard]);
        assert!(ok, "{err}");
    }
    let (ok, err) = limited(&["merge", out.to_str().unwrap()], 8_000);
    assert!(!ok, "{err}");
    assert!(err.contains("curves.csv"), "{err}");
    assert_eq!(
        err.matches("File too large (os error 27)").count(),
        1,
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    assert!(!names.contains(&"curves.csv".to_string()), "{names:?}");
}
