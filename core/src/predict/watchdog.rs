//! Kills an outside predictor's process group when its run's time is up, when it has sent
//! nothing for the idle limit while the harness waits for it, or when the user interrupts.
//! The idle clock runs only while the harness waits (its own coding steps do not count), and
//! starts again at every byte that comes.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::process::signals;

/// Why the watchdog killed the process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fired {
    Timeout,
    Idle,
    Interrupted,
}

const NOT_WAITING: u64 = u64::MAX;

struct State {
    start: Instant,
    /// 0: not fired; else 1 + the `Fired` variant's index.
    fired: AtomicU8,
    /// Milliseconds from `start` to the start of the wait or its last byte; `NOT_WAITING`.
    waiting_since_ms: AtomicU64,
}

impl State {
    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

pub struct Watchdog {
    done: Option<Sender<()>>,
    state: Arc<State>,
    pub timeout: Duration,
    pub idle: Duration,
}

impl Watchdog {
    pub fn start(pid: u32, timeout: Duration, idle: Duration) -> Watchdog {
        let (done, wait) = mpsc::channel::<()>();
        let state = Arc::new(State {
            start: Instant::now(),
            fired: AtomicU8::new(0),
            waiting_since_ms: AtomicU64::new(NOT_WAITING),
        });
        let shared = state.clone();
        std::thread::spawn(move || loop {
            match wait.recv_timeout(Duration::from_millis(50)) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {
                    let since = shared.waiting_since_ms.load(Ordering::SeqCst);
                    let why = if signals::interrupted() {
                        Some(Fired::Interrupted)
                    } else if shared.start.elapsed() >= timeout {
                        Some(Fired::Timeout)
                    } else if since != NOT_WAITING
                        && shared.now_ms().saturating_sub(since) >= idle.as_millis() as u64
                    {
                        Some(Fired::Idle)
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        shared.fired.store(1 + why as u8, Ordering::SeqCst);
                        // SAFETY: kill(2) on the child's process group, which the predictor
                        // has not reaped yet (it stops the watchdog first).
                        unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
                        return;
                    }
                }
            }
        });
        Watchdog {
            done: Some(done),
            state,
            timeout,
            idle,
        }
    }

    /// The harness waits for the process from now (called again at every byte that comes).
    pub fn waiting(&self) {
        let now = self.state.now_ms();
        self.state.waiting_since_ms.store(now, Ordering::SeqCst);
    }

    /// The harness has what it waited for.
    pub fn not_waiting(&self) {
        self.state
            .waiting_since_ms
            .store(NOT_WAITING, Ordering::SeqCst);
    }

    pub fn stop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
    }

    pub fn fired(&self) -> Option<Fired> {
        match self.state.fired.load(Ordering::SeqCst) {
            0 => None,
            1 => Some(Fired::Timeout),
            2 => Some(Fired::Idle),
            _ => Some(Fired::Interrupted),
        }
    }
}
