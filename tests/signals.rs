//! SIGINT, SIGTERM and SIGHUP (Ctrl-C, Slurm's time limit or `scancel`, a closed terminal) end
//! `bench run`, `compress`, `decompress` and `speed` alike, while an outside predictor starts
//! and while it runs: the program ends by that signal, the predictor's process group is gone,
//! nothing is left in a private TMPDIR or beside the output, and a run's journal lets
//! `--resume` finish the grid.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench, column, write};

const SIGNALS: [(libc::c_int, &str); 3] = [
    (libc::SIGINT, "INT"),
    (libc::SIGTERM, "TERM"),
    (libc::SIGHUP, "HUP"),
];

/// When the signal comes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    /// The predictor has not answered the hello line (a slow `import torch`).
    StartUp,
    /// The predictor answered and is coding (it then hangs at step 3).
    MidRun,
}

/// A folder for one case: TMPDIR, the input, the output and the pids of what it started.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let case = Case {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(case.tmp()).unwrap();
        std::fs::create_dir(case.out()).unwrap();
        std::fs::write(case.path("in.txt"), b"abracadabra ".repeat(100)).unwrap();
        case
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tmp(&self) -> PathBuf {
        self.path("tmp")
    }

    fn out(&self) -> PathBuf {
        self.path("out")
    }

    /// The predictor's command: it records its pid and a background child's, then never
    /// answers (start-up) or answers and hangs at step 3 (mid-run); `$FAULT` overrides the
    /// mid-run behaviour (so a resumed run can succeed with the same command).
    fn predictor(&self, stage: Stage) -> String {
        let pids = self.path("pids");
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/predictors/misbehave.py");
        let run = match stage {
            Stage::StartUp => "exec sleep 60".to_string(),
            Stage::MidRun => format!("exec python3 {} ${{FAULT:-hang}}", script.display()),
        };
        format!(
            "echo $$ >> {pids}; sleep 60 >/dev/null 2>&1 & echo $! >> {pids}; {run}",
            pids = pids.display()
        )
    }

    fn start(&self, args: &[&str]) -> Child {
        Command::new(assert_cmd::cargo::cargo_bin("bench"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TMPDIR", self.tmp())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// Waits until the predictor has reached `stage`: its private folder exists, and for
    /// mid-run its stderr says it started coding.
    fn wait_for(&self, stage: Stage) {
        let start = Instant::now();
        loop {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the predictor never reached {stage:?}"
            );
            let sandbox = std::fs::read_dir(self.tmp())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with("deepzip-predictor-")
                });
            let reached = match (stage, sandbox) {
                (_, None) => false,
                (Stage::StartUp, Some(_)) => self.path("pids").exists(),
                (Stage::MidRun, Some(s)) => std::fs::read_to_string(s.join(".stderr"))
                    .unwrap_or_default()
                    .contains("misbehave: started"),
            };
            if reached {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `signal` to `child` and checks what it left.
    fn end(&self, mut child: Child, signal: libc::c_int, what: &str) {
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(signal), "{what}: {status:?}");
        let left = |dir: &Path| -> Vec<String> {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            left(&self.tmp()),
            Vec::<String>::new(),
            "{what}: left in TMPDIR"
        );
        let partial: Vec<String> = left(&self.out())
            .into_iter()
            .chain(left(self.dir.path()))
            .filter(|n| n.contains("partial"))
            .collect();
        assert_eq!(
            partial,
            Vec::<String>::new(),
            "{what}: partial outputs left"
        );
        let pids = std::fs::read_to_string(self.path("pids")).unwrap();
        for pid in pids.split_whitespace() {
            let start = Instant::now();
            while alive(pid) {
                assert!(
                    start.elapsed() < Duration::from_secs(5),
                    "{what}: process {pid} left"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Whether process `pid` still runs (a zombie awaiting its reaper does not).
fn alive(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => false,
        Ok(stat) => !stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[test]
fn compress_decompress_and_speed_clean_up_on_every_signal() {
    for stage in [Stage::StartUp, Stage::MidRun] {
        for (signal, name) in SIGNALS {
            let case = Case::new();
            let command = case.predictor(stage);
            let child = case.start(&["compress", "in.txt", "out/in.dz", "--predictor", &command]);
            case.wait_for(stage);
            case.end(child, signal, &format!("compress, {name} at {stage:?}"));
            assert!(!case.out().join("in.dz").exists());

            let case = Case::new();
            let script =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/predictors/misbehave.py");
            let good = format!("python3 {} good", script.display());
            bench()
                .args(["compress", "-q", "in.txt", "in.dz", "--predictor", &good])
                .current_dir(case.dir.path())
                .assert()
                .success();
            let command = case.predictor(stage);
            let child = case.start(&["decompress", "in.dz", "out/in.txt", "--predictor", &command]);
            case.wait_for(stage);
            case.end(child, signal, &format!("decompress, {name} at {stage:?}"));
            assert!(!case.out().join("in.txt").exists());

            let case = Case::new();
            let command = case.predictor(stage);
            let child = case.start(&[
                "speed",
                "--predictor",
                &command,
                "--len",
                "2000",
                "--streams",
                "1",
                "--csv",
                "out/speed.csv",
            ]);
            case.wait_for(stage);
            case.end(child, signal, &format!("speed, {name} at {stage:?}"));
        }
    }
}

#[test]
fn a_run_ends_on_every_signal_and_resumes() {
    for stage in [Stage::StartUp, Stage::MidRun] {
        for (signal, name) in SIGNALS {
            let case = Case::new();
            let exp = write(
                case.dir.path(),
                "s.yaml",
                &format!(
                    "name: s\nlength: 400\nsources: [{{kind: markov, k: 3}}]\ncompressors:\n  \
                     - {{kind: order, k: 2}}\n  - {{kind: predictor, name: p, command: '{}'}}\n",
                    case.predictor(stage)
                ),
            );
            let exp = exp.to_str().unwrap();
            let child = case.start(&["run", exp, "--out", "out"]);
            case.wait_for(stage);
            case.end(child, signal, &format!("run, {name} at {stage:?}"));
            assert!(!case.out().join("results.csv").exists());
            if stage == Stage::MidRun {
                bench()
                    .args(["run", exp, "--out", "out", "--resume"])
                    .current_dir(case.dir.path())
                    .env("FAULT", "good")
                    .assert()
                    .success();
                let results = case.out().join("results.csv");
                assert_eq!(column(&results, "verified"), ["true", "true"]);
            }
        }
    }
}
