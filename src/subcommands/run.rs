//! `bench run`: an experiment grid from YAML to results.csv.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

use crate::cli::RunArgs;
use crate::experiment::Experiment;
use crate::runner::{self, RunOptions};

pub fn run(args: RunArgs) -> anyhow::Result<bool> {
    let experiment = Experiment::load(&args.experiment)?;
    let threads = match args.jobs {
        Some(n) => n as usize,
        None => runner::cores(),
    };
    let out_dir = args
        .out
        .unwrap_or_else(|| PathBuf::from("results").join(&experiment.name));
    let planned = experiment.jobs();
    let jobs = planned.len();
    let scope = match args.shard {
        Some((i, n)) => format!("shard {i} of {n} of {jobs} jobs"),
        None => format!("{jobs} jobs"),
    };
    eprintln!(
        "{}: {scope} on {threads} cores, writing to {}",
        experiment.name,
        out_dir.display()
    );
    for line in crate::job_plan::priors(&planned) {
        eprintln!("{}: {line}", experiment.name);
    }
    // Held until the figures are written too.
    let _lock = runner::lock_for_run(&out_dir, args.shard)?;
    let start = Instant::now();
    let summary = runner::run(
        &experiment,
        &RunOptions {
            threads,
            out_dir,
            resume: args.resume,
            force: args.force,
            shard: args.shard,
        },
    )?;
    let failed = summary.failed();
    eprintln!(
        "ran {} jobs ({} already done) in {:.1} s; results in {}",
        summary.ran,
        summary.skipped,
        start.elapsed().as_secs_f64(),
        summary.results_csv.display()
    );
    // A shard's figures would show a fraction of the grid: `bench merge` draws them.
    if args.shard.is_none() {
        let dir = summary
            .results_csv
            .parent()
            .unwrap_or(std::path::Path::new("."));
        let written = crate::report::render(dir).with_context(|| {
            format!(
                "the jobs have run and {} is written, but the tables and figures are not; \
                 every finished job is kept in {}: fix the cause and run `bench report {}`, \
                 or the same `bench run` with --resume",
                summary.results_csv.display(),
                dir.join(runner::JOURNAL).display(),
                dir.display()
            )
        })?;
        for path in written {
            eprintln!("wrote {}", path.display());
        }
    }
    for r in &failed {
        eprintln!(
            "FAILED {} × {} (seed {}): {}",
            r.source, r.compressor, r.seed, r.error
        );
    }
    if !failed.is_empty() {
        eprintln!("{} of {} jobs failed", failed.len(), summary.records.len());
    }
    Ok(failed.is_empty())
}
