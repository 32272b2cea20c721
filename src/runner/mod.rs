//! Runs an experiment's jobs in parallel, journals each finished row at once, and writes
//! results.csv and curves.csv when the grid is complete.

mod execute;
mod journal;
mod progress;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::{bail, Context};

use crate::experiment::{Experiment, Job};
use crate::record::{Curve, Record};
use crate::results_csv;
pub use execute::execute;
use journal::{Entry, Journal};
use progress::Progress;

pub struct RunOptions {
    /// Worker threads; each runs one job at a time.
    pub threads: usize,
    pub out_dir: PathBuf,
    /// Skip jobs the journal already holds as finished without error.
    pub resume: bool,
    /// Discard earlier results in `out_dir`.
    pub force: bool,
}

pub struct RunSummary {
    pub records: Vec<Record>,
    pub ran: usize,
    pub skipped: usize,
    pub results_csv: PathBuf,
}

impl RunSummary {
    pub fn failed(&self) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| !r.error.is_empty())
            .collect()
    }
}

pub const JOURNAL: &str = "journal.jsonl";
pub const RESULTS: &str = "results.csv";
pub const CURVES: &str = "curves.csv";

/// Decides what earlier results in `dir` mean for this run; returns the finished entries.
fn prepare_out_dir(dir: &Path, opts: &RunOptions) -> anyhow::Result<Vec<Entry>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let journal = dir.join(JOURNAL);
    let existing: Vec<PathBuf> = [JOURNAL, RESULTS, CURVES]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.exists())
        .collect();
    if existing.is_empty() {
        return Ok(Vec::new());
    }
    if opts.force {
        for p in existing {
            std::fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
        return Ok(Vec::new());
    }
    if !opts.resume {
        bail!(
            "{} already holds results; pass --resume to finish them, --force to discard them, or --out DIR to write elsewhere",
            dir.display()
        );
    }
    if !journal.exists() {
        bail!(
            "{} has results but no {JOURNAL} to resume from; use --force or --out DIR",
            dir.display()
        );
    }
    journal::load(&journal)
}

pub fn run(experiment: &Experiment, opts: &RunOptions) -> anyhow::Result<RunSummary> {
    let dir = &opts.out_dir;
    let previous = prepare_out_dir(dir, opts)?;
    let jobs = experiment.jobs();
    let mut done: HashMap<String, Entry> = previous
        .into_iter()
        .filter(|e| e.record.error.is_empty())
        .map(|e| (e.key.clone(), e))
        .collect();
    let mut pending: Vec<&Job> = jobs
        .iter()
        .filter(|j| !done.contains_key(&j.key()))
        .collect();
    let skipped = jobs.len() - pending.len();
    // Longest first, so the last job to finish is a short one.
    pending.sort_by(|a, b| b.cost().total_cmp(&a.cost()).then(a.index.cmp(&b.index)));

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .context("cannot start worker threads")?;
    let mut journal = Journal::append_to(&dir.join(JOURNAL))?;
    let progress = Progress::new(&pending, skipped, jobs.len());
    let (tx, rx) = mpsc::channel::<Entry>();
    let ran = pending.len();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let progress = &progress;
        let pending = &pending;
        scope.spawn(move || {
            pool.install(|| {
                use rayon::prelude::*;
                pending.par_iter().for_each_with(tx, |tx, job| {
                    progress.started(job);
                    let (record, curve) = execute(&experiment.name, job, experiment.verify);
                    // The receiver outlives every sender unless it failed; then the error
                    // is reported from there.
                    let _ = tx.send(Entry {
                        key: job.key(),
                        record,
                        curve,
                    });
                });
            })
        });
        for entry in rx {
            journal.write(&entry)?;
            progress.finished(&entry.record, &jobs[entry.record.job]);
            done.insert(entry.key.clone(), entry);
        }
        Ok(())
    })?;
    progress.finish();

    let mut records = Vec::with_capacity(jobs.len());
    let mut curves: Vec<Curve> = Vec::new();
    for job in &jobs {
        let entry = done
            .remove(&job.key())
            .context("a job produced no result")?;
        let mut record = entry.record;
        record.job = job.index;
        curves.push(Curve {
            job: job.index,
            points: entry.curve.points,
        });
        records.push(record);
    }
    let results_csv = dir.join(RESULTS);
    results_csv::write_csv(&mut results_csv::records_frame(&records)?, &results_csv)?;
    results_csv::write_csv(&mut results_csv::curves_frame(&curves)?, &dir.join(CURVES))?;
    Ok(RunSummary {
        records,
        ran,
        skipped,
        results_csv,
    })
}
