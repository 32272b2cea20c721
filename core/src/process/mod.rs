//! Outside processes, as the command compressors and the outside predictors run them: each in
//! a private temporary folder, through `sh -c` with the user's command line (never one read
//! from a file), in a process group of its own so that a timeout or Ctrl-C kills all it
//! started, its stderr kept so an error can quote its last lines. The folder is removed on
//! every way out, the ending signals included (`signals`), but a kill of the harness itself. Where the
//! running program can measure (`measure`), the command's peak memory and CPU time come from
//! `wait4` in a small measuring process.

pub mod measure;
pub mod program;
pub mod signals;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use measure::Usage;

/// Lines of the child's stderr quoted in an error.
const STDERR_LINES: usize = 5;

/// The variable that tells a command the folder of the experiment file it runs for.
pub const EXPERIMENT_DIR: &str = "DEEPZIP_EXPERIMENT_DIR";

/// `env` with `DEEPZIP_EXPERIMENT_DIR` set to `dir` where a grid gives one: the folder of the
/// experiment file a command runs for (absolute), so an experiment can name scripts and
/// programs beside it although commands run in private folders.
pub fn with_experiment_dir(env: &[(String, String)], dir: Option<&Path>) -> Vec<(String, String)> {
    let mut out = env.to_vec();
    if let Some(dir) = dir {
        out.push((EXPERIMENT_DIR.to_string(), dir.display().to_string()));
    }
    out
}

/// A private folder for one run of one command; a signal waits for it (`signals::Cleanup`)
/// while it exists, and it is removed when dropped.
pub struct Sandbox {
    // Dropped first: the folder is gone before the run counts as over.
    dir: tempfile::TempDir,
    _cleanup: signals::Cleanup,
}

impl Sandbox {
    /// A new private folder `$TMPDIR/<prefix>…`.
    pub fn new(prefix: &str) -> Result<Sandbox, String> {
        let cleanup = signals::Cleanup::new();
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        Ok(Sandbox {
            dir,
            _cleanup: cleanup,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn stderr_path(&self) -> PathBuf {
        self.path().join(".stderr")
    }

    fn usage_path(&self) -> PathBuf {
        self.path().join(".usage")
    }

    /// Starts `sh -c line` in the folder with `env` added, in a process group of its own,
    /// its stderr kept; measured where the running program can (`measure::available`).
    /// `what` names the command in errors.
    pub fn spawn(
        &self,
        what: &str,
        line: &str,
        env: &[(String, String)],
        stdin: Stdio,
        stdout: Stdio,
    ) -> Result<Child, String> {
        let stderr = std::fs::File::create(self.stderr_path())
            .map_err(|e| format!("cannot capture its stderr: {e}"))?;
        let mut command = match measure::available() {
            Some(program) => {
                let mut c = Command::new(program);
                c.arg(measure::MEASURE).arg(self.usage_path());
                c.args(["sh", "-c", line]);
                c
            }
            None => {
                let mut c = Command::new("sh");
                c.args(["-c", line]);
                c
            }
        };
        command
            .current_dir(self.path())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(stdin)
            .stdout(stdout)
            .stderr(stderr)
            // Its own process group, so that a timeout kills what the command started too.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("{what} command: cannot start sh: {e}"))
    }

    /// The last lines of the child's stderr, as `: …` (nothing when it wrote none).
    pub fn stderr_tail(&self) -> String {
        let text = std::fs::read_to_string(self.stderr_path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = lines[lines.len().saturating_sub(STDERR_LINES)..].join(" | ");
        if tail.is_empty() {
            String::new()
        } else {
            format!(": {tail}{}", self.relative_path_hint(&text))
        }
    }

    /// Why a file the command could not open is looked for in the private folder, and how to
    /// name the one the user meant, where its stderr names a path inside the folder (`python3
    /// model.py` beside the YAML: "can't open file '$TMPDIR/deepzip-predictor-…/model.py'").
    fn relative_path_hint(&self, stderr: &str) -> String {
        let folder = format!("{}/", self.path().display());
        let Some(at) = stderr.find(&folder) else {
            return String::new();
        };
        let name: String = stderr[at + folder.len()..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !"'\"`:,)".contains(*c))
            .collect();
        format!(
            " (commands run in a private folder, {folder}, so the relative path `{name}` is \
             looked for there: for a file beside the experiment write \
             `$DEEPZIP_EXPERIMENT_DIR/{name}`, or give an absolute path)"
        )
    }

    /// What the command used, if it was measured and has ended.
    pub fn usage(&self) -> Option<Usage> {
        measure::read(&self.usage_path())
    }
}

/// This thread held to one CPU, so that a process it spawns meanwhile starts on the same one
/// (a child inherits its parent thread's CPU set); the thread's CPU set is restored when
/// dropped. For a process that only ever runs while this thread waits for it (an outside
/// predictor and the coding loop take turns): a pipe wakeup within one CPU costs a few
/// microseconds, across CPUs in this VM some 40 (a bare C pipe ping-pong of 8 bytes one way
/// and 1 back: 489k steps/s on one CPU, 22k across two, measured here). Successive pins take
/// the allowed CPUs in turn, so concurrent jobs spread over them.
pub struct Pin {
    previous: libc::cpu_set_t,
}

impl Pin {
    /// `None` where the CPU set cannot be read or set (then nothing changed).
    pub fn this_thread() -> Option<Pin> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        // SAFETY: cpu_set_t is plain data; zeroed is the empty set, which getaffinity fills.
        let mut previous: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        let size = std::mem::size_of::<libc::cpu_set_t>();
        // SAFETY: pid 0 is this thread; the set is as large as `size` says.
        if unsafe { libc::sched_getaffinity(0, size, &mut previous) } != 0 {
            return None;
        }
        let allowed: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            // SAFETY: i is below CPU_SETSIZE.
            .filter(|&i| unsafe { libc::CPU_ISSET(i, &previous) })
            .collect();
        if allowed.is_empty() {
            return None;
        }
        let cpu = allowed[NEXT.fetch_add(1, Ordering::Relaxed) % allowed.len()];
        // SAFETY: as above; a set holding one allowed CPU.
        let mut one: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        unsafe { libc::CPU_SET(cpu, &mut one) };
        // SAFETY: pid 0 is this thread.
        if unsafe { libc::sched_setaffinity(0, size, &one) } != 0 {
            return None;
        }
        Some(Pin { previous })
    }
}

impl Drop for Pin {
    fn drop(&mut self) {
        let size = std::mem::size_of::<libc::cpu_set_t>();
        // SAFETY: pid 0 is this thread; the set came from sched_getaffinity.
        unsafe { libc::sched_setaffinity(0, size, &self.previous) };
    }
}

/// Kills the child's whole process group and reaps the child.
pub fn kill(child: &mut Child) {
    // SAFETY: kill(2) on the child's process group (its id: `process_group(0)`).
    unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
    let _ = child.wait();
}

/// The exit status of an ended child (128 + signal when a signal ended it).
pub fn exit_code(status: std::process::ExitStatus) -> i32 {
    status.code().unwrap_or_else(|| {
        128 + std::os::unix::process::ExitStatusExt::signal(&status).unwrap_or(0)
    })
}

/// Waits for `child` at most `timeout`, or until the user interrupts (then kills its process
/// group and returns `None`): its exit status.
pub fn wait_or_kill(child: &mut Child, timeout: Duration) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(exit_code(status));
        }
        if start.elapsed() >= timeout || signals::interrupted() {
            kill(child);
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
