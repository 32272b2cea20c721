//! Ctrl-C while command compressors run: their children are in process groups of their own
//! (so that a timeout kills all they started), which the terminal's interrupt does not reach.
//! While any command runs, SIGINT only raises a flag; each running command then kills its
//! child group and removes its temporary folder, and the last to finish ends the process with
//! SIGINT as the default action would. With no command running, SIGINT acts as always.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Commands between `enter` and `leave`.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_interrupt(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
    if RUNNING.load(Ordering::SeqCst) == 0 {
        die();
    }
}

/// SIGINT with its default action (async-signal-safe: signal and raise only).
fn die() {
    // SAFETY: restoring the default disposition and raising are async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
}

/// A command is about to run: from now on an interrupt waits for it to clean up.
pub fn enter() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let handler = on_interrupt as extern "C" fn(libc::c_int);
        // SAFETY: the handler only touches atomics and calls async-signal-safe functions.
        unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
    });
    RUNNING.fetch_add(1, Ordering::SeqCst);
}

/// Whether the user interrupted the run.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// A command is done and its files are gone; the last one out after an interrupt ends the
/// process.
pub fn leave() {
    if RUNNING.fetch_sub(1, Ordering::SeqCst) == 1 && interrupted() {
        die();
    }
}
