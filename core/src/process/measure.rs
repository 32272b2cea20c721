//! What a command used, measured so that the harness's own memory does not count. Linux
//! carries a process's peak RSS across fork and exec: a child spawned by the harness reports
//! at least the harness's RSS at that moment (92 MB for every command of a grid, measured),
//! whatever it used itself. So the harness spawns itself in a small mode, `bench
//! __measure FILE PROGRAM ARGS…` (the measurer), whose children start from its small memory:
//! it runs the command, writes the command's peak RSS and CPU time from `wait4` to FILE, and
//! exits with the command's status. Every program of the project answers `__measure` and
//! says so through `program::start`; elsewhere (a test binary, another tool on the core)
//! commands run unmeasured.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Resources a child process used, from `wait4`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Usage {
    pub peak_rss_bytes: u64,
    /// User plus system CPU seconds.
    pub cpu_s: f64,
}

/// The hidden argument that starts the measurer.
pub const MEASURE: &str = "__measure";

static ENABLED: AtomicBool = AtomicBool::new(false);

/// This program answers `MEASURE` with `measurer`: commands it runs are measured.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// The program to start as the measurer, where there is one.
pub fn available() -> Option<PathBuf> {
    if ENABLED.load(Ordering::Relaxed) {
        std::env::current_exe().ok()
    } else {
        None
    }
}

/// The measurer: runs `args[1..]`, writes its usage to `args[0]`, exits with its status.
pub fn measurer(args: &[String]) -> i32 {
    let (Some(file), Some(program)) = (args.first(), args.get(1)) else {
        eprintln!("{MEASURE}: expected FILE PROGRAM ARGS…");
        return 2;
    };
    let child = match Command::new(program).args(&args[2..]).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("{MEASURE}: cannot start {program}: {e}");
            return 127;
        }
    };
    let (status, usage) = wait(child.id() as libc::pid_t);
    let line = format!("{} {}\n", usage.peak_rss_bytes, usage.cpu_s);
    if let Err(e) = std::fs::write(file, line) {
        eprintln!("{MEASURE}: cannot write {file}: {e}");
        return 2;
    }
    status
}

/// Blocks until `pid` (a child) ends: its exit status (128 + signal when a signal ended it)
/// and its usage.
fn wait(pid: libc::pid_t) -> (i32, Usage) {
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed is a valid value; wait4 writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet reaped.
    while unsafe { libc::wait4(pid, &mut status, 0, &mut usage) } < 0 {
        if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return (127, Usage::default());
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    let usage = Usage {
        // Linux reports kilobytes.
        peak_rss_bytes: usage.ru_maxrss as u64 * 1024,
        cpu_s: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    };
    (code, usage)
}

/// What the measurer wrote, if it got that far.
pub fn read(file: &Path) -> Option<Usage> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut words = text.split_whitespace();
    Some(Usage {
        peak_rss_bytes: words.next()?.parse().ok()?,
        cpu_s: words.next()?.parse().ok()?,
    })
}
