//! The signals that end a run (SIGINT from Ctrl-C, SIGTERM from Slurm's time limit or
//! `scancel`, SIGHUP from a closed terminal), one handler for all three. While anything that
//! must clean up is in progress (an outside process in its private folder, a file written
//! under a temporary name: each a `Cleanup`), a signal only raises a flag: each of them then
//! stops (an outside process's group is killed, the coding loop returns), removes what it
//! made, and the last one out ends the program with the same signal, as its default action
//! would. With nothing in progress the signal acts at once, as always.

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::Once;

/// The signals handled.
pub const ENDING: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// The first ending signal that arrived; 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);
/// Cleanups between `Cleanup::new` and their drop.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_signal(signal: libc::c_int) {
    let _ = RECEIVED.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    if RUNNING.load(Ordering::SeqCst) == 0 {
        die();
    }
}

/// Ends the program with the signal received, by its default action (async-signal-safe:
/// signal and raise only).
fn die() {
    let signal = RECEIVED.load(Ordering::SeqCst);
    // SAFETY: restoring the default disposition and raising are async-signal-safe.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Installs the handler (once; later calls do nothing). Programs call it at start, so a
/// signal that comes before the first cleanup is handled alike.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let handler = on_signal as extern "C" fn(libc::c_int);
        for signal in ENDING {
            // SAFETY: the handler only touches atomics and calls async-signal-safe functions.
            unsafe { libc::signal(signal, handler as libc::sighandler_t) };
        }
    });
}

/// Whether an ending signal arrived: whatever runs should stop and clean up.
pub fn interrupted() -> bool {
    RECEIVED.load(Ordering::SeqCst) != 0
}

/// Something that must clean up before the program ends on a signal; from its creation to
/// its drop a signal waits for it. Drop it after what it guards is gone.
pub struct Cleanup(());

impl Cleanup {
    pub fn new() -> Cleanup {
        install();
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Cleanup(())
    }
}

impl Default for Cleanup {
    fn default() -> Cleanup {
        Cleanup::new()
    }
}

impl Drop for Cleanup {
    /// The last one out after a signal ends the program.
    fn drop(&mut self) {
        if RUNNING.fetch_sub(1, Ordering::SeqCst) == 1 && interrupted() {
            die();
        }
    }
}
