//! The cores a run may use, handed out to the jobs running at once: a job's threads come out
//! of the budget while it runs, so the threads of all running jobs never exceed it. How many
//! a job gets changes its speed only: a model gives the same bits on any thread count.

use std::sync::{Condvar, Mutex};

use crate::experiment::Job;

/// The machine's cores (1 where that cannot be told).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub struct Budget {
    total: usize,
    free: Mutex<usize>,
    freed: Condvar,
}

impl Budget {
    pub fn new(total: usize) -> Budget {
        Budget {
            total,
            free: Mutex::new(total),
            freed: Condvar::new(),
        }
    }

    /// Threads for `job` when `waiting` jobs (itself included) have not started yet: what
    /// its YAML asks for (capped at the budget, waiting until that many are free), else for a
    /// neural model an even share of the budget among the waiting jobs (at least one, at
    /// most what is free), else one.
    pub fn take(&self, job: &Job, waiting: usize) -> usize {
        let neural = matches!(
            &job.compressor,
            crate::compressor_spec::CompressorSpec::Model(m) if m.is_recurrent()
        );
        let (want, exact) = match job.threads {
            Some(t) => (t.min(self.total), true),
            None if neural => ((self.total / waiting.max(1)).max(1), false),
            None => (1, true),
        };
        let mut free = self.free.lock().expect("budget lock");
        let need = if exact { want } else { 1 };
        while *free < need {
            free = self.freed.wait(free).expect("budget lock");
        }
        let got = want.min(*free);
        *free -= got;
        got
    }

    /// Returns a finished job's threads.
    pub fn give(&self, threads: usize) {
        *self.free.lock().expect("budget lock") += threads;
        self.freed.notify_all();
    }
}
