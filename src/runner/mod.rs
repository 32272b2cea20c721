//! Runs an experiment's jobs (all of them, or one shard's) in parallel, journals each
//! finished row at once, and writes the results and curves CSVs when they are complete.

mod cores;
mod execute;
pub mod journal;
mod lock;
mod outputs;
mod progress;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Context;

use crate::experiment::{Experiment, Job};
use crate::job_plan::{assign_shards, plan_hash, ShardMeta};
use crate::record::{Curve, Record};
use crate::results_csv;
pub use cores::cores;
use cores::Budget;
pub use execute::execute;
use journal::{Entry, Journal};
pub use lock::{lock_folder, lock_for_run, FolderLock};
pub use outputs::{Outputs, CURVES, ICL, JOURNAL, REFERENCES, RESULTS, SHARDS};
use progress::Progress;

pub struct RunOptions {
    /// Cores the run may use: the threads of the jobs running at once fit in them.
    pub threads: usize,
    pub out_dir: PathBuf,
    /// Skip jobs the journal already holds as finished without error.
    pub resume: bool,
    /// Discard earlier results in `out_dir`.
    pub force: bool,
    /// Run only shard I of N (0-based) of the plan.
    pub shard: Option<(usize, usize)>,
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

/// Runs `jobs` on `threads` cores, longest first, handing each finished entry to `done`.
fn run_jobs(
    experiment: &Experiment,
    jobs: &[&Job],
    threads: usize,
    progress: &Progress,
    mut done: impl FnMut(Entry) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let (tx, rx) = mpsc::channel::<Entry>();
    // A shared queue in cost order: each worker takes the next job when it is free, so the
    // longest jobs start first and the last to finish is a short one.
    // Each worker takes its job's threads out of the budget while it runs.
    let next = AtomicUsize::new(0);
    let budget = Budget::new(threads);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (next, budget) = (&next, &budget);
        scope.spawn(move || {
            pool.broadcast(|_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let cores = budget.take(job, jobs.len() - i);
                progress.started(job);
                let (record, curve) = execute(&experiment.name, job, experiment.verify, cores);
                budget.give(cores);
                let entry = Entry {
                    key: job.key(),
                    record,
                    curve,
                };
                // The receiver outlives the senders unless it failed; it reports why.
                if tx.send(entry).is_err() {
                    break;
                }
            });
        });
        for entry in rx {
            done(entry)?;
        }
        Ok(())
    })
}

pub fn run(experiment: &Experiment, opts: &RunOptions) -> anyhow::Result<RunSummary> {
    let all = experiment.jobs();
    let outputs = match opts.shard {
        None => Outputs::full(&opts.out_dir),
        Some((i, n)) => Outputs::shard(&opts.out_dir, i, n),
    };
    let jobs: Vec<&Job> = match opts.shard {
        None => all.iter().collect(),
        Some((i, n)) => {
            let shard = assign_shards(&all, n);
            all.iter().filter(|j| shard[j.index] == i).collect()
        }
    };
    let previous = outputs.prepare(opts.resume, opts.force)?;
    write_references(experiment, &opts.out_dir)?;
    if let Some((shard, shards)) = opts.shard {
        outputs.write_meta(&ShardMeta {
            experiment: experiment.name.clone(),
            plan_hash: plan_hash(&all),
            shard,
            shards,
            total_jobs: all.len(),
            jobs: jobs.iter().map(|j| j.index).collect(),
        })?;
    }
    let mut done: HashMap<String, Entry> = previous
        .into_iter()
        .filter(|e| e.record.error.is_empty())
        .map(|e| (e.key.clone(), e))
        .collect();
    let mut pending: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| !done.contains_key(&j.key()))
        .collect();
    let skipped = jobs.len() - pending.len();
    pending.sort_by(|a, b| b.cost().total_cmp(&a.cost()).then(a.index.cmp(&b.index)));

    let mut journal = Journal::append_to(&outputs.journal)?;
    let progress = Progress::new(&pending, skipped, jobs.len());
    let ran = pending.len();
    let kept = |what: &str| {
        format!(
            "{what}; every finished job is kept in {}: fix the cause and run the same \
             `bench run` with --resume to finish without running them again",
            outputs.journal.display()
        )
    };
    run_jobs(experiment, &pending, opts.threads, &progress, |entry| {
        journal.write(&entry)?;
        progress.finished(&entry.record, &all[entry.record.job]);
        done.insert(entry.key.clone(), entry);
        Ok(())
    })
    .with_context(|| kept("the run stopped"))?;
    progress.finish();

    let mut records = Vec::with_capacity(jobs.len());
    let mut curves: Vec<Curve> = Vec::new();
    for job in &jobs {
        let entry = done
            .remove(&job.key())
            .with_context(|| kept(&format!("job {} produced no result", job.index)))?;
        let mut record = entry.record;
        record.job = job.index;
        curves.push(Curve {
            job: job.index,
            ..entry.curve
        });
        records.push(record);
    }
    write_tables(&records, &curves, &outputs)
        .with_context(|| kept("the jobs have run, but their results could not be written"))?;
    Ok(RunSummary {
        records,
        ran,
        skipped,
        results_csv: outputs.results,
    })
}

/// Writes the results, curves and icl CSVs of `outputs`.
pub fn write_tables(records: &[Record], curves: &[Curve], outputs: &Outputs) -> anyhow::Result<()> {
    results_csv::write_csv(&mut results_csv::records_frame(records)?, &outputs.results)?;
    results_csv::write_csv(&mut results_csv::curves_frame(curves)?, &outputs.curves)?;
    results_csv::write_csv(&mut results_csv::icl_frame(curves)?, &outputs.icl)
}

/// The experiment's published figures as references.csv in the results folder (for
/// `bench report`); a file from an earlier version of the experiment goes.
fn write_references(experiment: &Experiment, dir: &std::path::Path) -> anyhow::Result<()> {
    let path = dir.join(REFERENCES);
    if experiment.references.is_empty() {
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        return Ok(());
    }
    let mut frame = results_csv::references_frame(&experiment.references)
        .context("cannot build the references table")?;
    results_csv::write_csv(&mut frame, &path)
}
