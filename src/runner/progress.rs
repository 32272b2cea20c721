//! Progress of a run: a bar with the jobs in flight and an ETA on a terminal, one line per
//! finished job otherwise (CI logs, redirected output).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

use crate::experiment::Job;
use crate::record::Record;

pub struct Progress {
    bar: Option<ProgressBar>,
    state: Mutex<State>,
}

struct State {
    in_flight: BTreeMap<usize, String>,
    finished: usize,
    total: usize,
}

fn describe(job: &Job) -> String {
    format!("{} × {}", job.source.label(), job.compressor.label())
}

impl Progress {
    /// `pending` jobs will run; `skipped` of `total` were already done. The bar advances by
    /// estimated cost, so its ETA weighs long jobs properly.
    pub fn new(pending: &[&Job], skipped: usize, total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let cost: f64 = pending.iter().map(|j| j.cost()).sum();
            let bar = ProgressBar::new(cost.max(1.0) as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:30}] {percent:>3}% eta {eta} {msg}",
                )
                .expect("template is valid")
                .progress_chars("=> "),
            );
            bar
        });
        Progress {
            bar,
            state: Mutex::new(State {
                in_flight: BTreeMap::new(),
                finished: skipped,
                total,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn refresh(&self, state: &State) {
        if let Some(bar) = &self.bar {
            let flight: Vec<&str> = state.in_flight.values().map(String::as_str).collect();
            bar.set_message(format!(
                "{}/{} jobs · running {}",
                state.finished,
                state.total,
                flight.join(", ")
            ));
        }
    }

    pub fn started(&self, job: &Job) {
        let mut state = self.lock();
        state.in_flight.insert(job.index, describe(job));
        self.refresh(&state);
    }

    pub fn finished(&self, record: &Record, job: &Job) {
        let mut state = self.lock();
        state.in_flight.remove(&job.index);
        state.finished += 1;
        let outcome = if !record.error.is_empty() {
            format!("FAILED: {}", record.error)
        } else {
            let bps = record.bits_per_symbol.unwrap_or(f64::NAN);
            let check = if record.verified {
                "verified"
            } else {
                "not verified"
            };
            format!("{bps:.4} bits/symbol, {check}")
        };
        let line = format!(
            "[{}/{}] {}: {outcome}",
            state.finished,
            state.total,
            describe(job)
        );
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(job.cost() as u64);
            }
            None => eprintln!("{line}"),
        }
        self.refresh(&state);
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
