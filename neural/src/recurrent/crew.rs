//! A model's own worker threads, kept for its whole life, that wait for the next job by
//! spinning for a short while before they sleep.
//!
//! Why not rayon: a batched model hands work out twice per symbol step, every ~300 µs. Rayon's
//! workers go to sleep between such jobs and take tens of microseconds to wake, and each job
//! goes through its shared queue; measured at B = 64 on two threads, ~90 µs of every ~335 µs
//! step was lost that way. Here each worker polls one counter, so a job starts within a
//! fraction of a microsecond of being posted; a worker left without work for `SPIN` sleeps
//! until the next job, so an idle model costs no core.
//!
//! Threads only ever run whole items that the caller splits out; which thread runs which item
//! never enters a sum, so the bits do not depend on the thread count (see `recurrent`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a worker polls for the next job before it sleeps.
const SPIN: Duration = Duration::from_micros(200);

/// A job as the workers see it: the caller's closure with its lifetime erased. `Crew::run`
/// does not return before every worker has finished with it.
type Job = &'static (dyn Fn(usize) + Sync);

/// What the caller and the workers share.
struct Board {
    /// Bumped once per job; a worker runs a job when it sees a number it has not seen.
    posted: AtomicU64,
    job: Mutex<Option<Job>>,
    /// Workers still inside the current job.
    running: AtomicUsize,
    /// Workers asleep or about to sleep, so the caller knows to wake them.
    sleeping: AtomicUsize,
    bell: Condvar,
    bell_lock: Mutex<()>,
    panicked: AtomicBool,
    stop: AtomicBool,
}

/// `threads − 1` workers; the caller's thread is worker 0.
pub struct Crew {
    board: Arc<Board>,
    workers: Vec<JoinHandle<()>>,
}

impl Crew {
    pub fn new(threads: usize) -> Crew {
        assert!(threads >= 2, "a crew is for two threads or more");
        let board = Arc::new(Board {
            posted: AtomicU64::new(0),
            job: Mutex::new(None),
            running: AtomicUsize::new(0),
            sleeping: AtomicUsize::new(0),
            bell: Condvar::new(),
            bell_lock: Mutex::new(()),
            panicked: AtomicBool::new(false),
            stop: AtomicBool::new(false),
        });
        let workers = (1..threads)
            .map(|index| {
                let board = Arc::clone(&board);
                std::thread::Builder::new()
                    .name(format!("model-{index}"))
                    .spawn(move || work(&board, index))
                    .expect("cannot start the model's threads")
            })
            .collect();
        Crew { board, workers }
    }

    /// Runs `job(i)` for every thread index i at once, 0 on this thread, and returns when all
    /// have finished.
    pub fn run(&mut self, job: &(dyn Fn(usize) + Sync)) {
        let board = &*self.board;
        // SAFETY: the reference is only reachable through `board.job` until every worker has
        // left the job: `Wait` below waits for that before `run` returns or unwinds.
        let erased: Job = unsafe { std::mem::transmute::<&(dyn Fn(usize) + Sync), Job>(job) };
        *board.job.lock().expect("no panics while held") = Some(erased);
        board.running.store(self.workers.len(), Ordering::SeqCst);
        board.posted.fetch_add(1, Ordering::SeqCst);
        if board.sleeping.load(Ordering::SeqCst) > 0 {
            let _held = board.bell_lock.lock().expect("no panics while held");
            board.bell.notify_all();
        }
        let wait = Wait(board);
        job(0);
        drop(wait);
        if board.panicked.load(Ordering::SeqCst) {
            panic!("a model thread panicked");
        }
    }
}

/// Waits until no worker is inside the job, also when the caller's own part panics.
struct Wait<'a>(&'a Board);

impl Drop for Wait<'_> {
    fn drop(&mut self) {
        let mut polls = 0u32;
        while self.0.running.load(Ordering::Acquire) > 0 {
            polls += 1;
            if polls < 1 << 16 {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
        *self.0.job.lock().expect("no panics while held") = None;
    }
}

impl Drop for Crew {
    fn drop(&mut self) {
        self.board.stop.store(true, Ordering::SeqCst);
        {
            let _held = self.board.bell_lock.lock().expect("no panics while held");
            self.board.bell.notify_all();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// A worker's life: wait for a job it has not run, run its share, report done.
fn work(board: &Board, index: usize) {
    let mut seen = 0u64;
    loop {
        let Some(posted) = next_job(board, seen) else {
            return;
        };
        seen = posted;
        let job = board
            .job
            .lock()
            .expect("no panics while held")
            .expect("posted");
        if catch_unwind(AssertUnwindSafe(|| job(index))).is_err() {
            board.panicked.store(true, Ordering::SeqCst);
        }
        board.running.fetch_sub(1, Ordering::Release);
    }
}

/// The number of the next job after `seen`, polling for `SPIN` and then sleeping; `None`
/// when the crew stops.
fn next_job(board: &Board, seen: u64) -> Option<u64> {
    let start = Instant::now();
    let mut polls = 0u32;
    loop {
        if board.stop.load(Ordering::Acquire) {
            return None;
        }
        let posted = board.posted.load(Ordering::Acquire);
        if posted != seen {
            return Some(posted);
        }
        polls += 1;
        if !polls.is_multiple_of(64) || start.elapsed() < SPIN {
            std::hint::spin_loop();
            continue;
        }
        // Announce the sleep before the last look, so a job posted now rings the bell.
        let mut held = board.bell_lock.lock().expect("no panics while held");
        board.sleeping.fetch_add(1, Ordering::SeqCst);
        while board.posted.load(Ordering::SeqCst) == seen && !board.stop.load(Ordering::SeqCst) {
            held = board.bell.wait(held).expect("no panics while held");
        }
        board.sleeping.fetch_sub(1, Ordering::SeqCst);
        drop(held);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index runs exactly once per job, over many jobs back to back and after the
    /// workers have slept.
    #[test]
    fn every_thread_runs_each_job_once() {
        for threads in [2, 3, 5] {
            let mut crew = Crew::new(threads);
            let counts: Vec<AtomicUsize> = (0..threads).map(|_| AtomicUsize::new(0)).collect();
            for round in 0..2000 {
                if round % 500 == 0 {
                    std::thread::sleep(SPIN * 3);
                }
                crew.run(&|i| {
                    counts[i].fetch_add(1, Ordering::Relaxed);
                });
                for c in &counts {
                    assert_eq!(c.load(Ordering::Relaxed), round + 1);
                }
            }
        }
    }

    /// A panic in a worker reaches the caller as a panic, not a hang.
    #[test]
    fn a_worker_panic_reaches_the_caller() {
        let mut crew = Crew::new(2);
        let result = catch_unwind(AssertUnwindSafe(|| {
            crew.run(&|i| assert_eq!(i, 0, "worker fails"));
        }));
        assert!(result.is_err());
    }
}
