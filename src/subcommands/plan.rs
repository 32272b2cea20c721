//! `bench plan`: the expanded job list with ids, estimated costs and totals.

use serde_json::json;

use crate::cli::PlanArgs;
use crate::experiment::Experiment;
use crate::job_plan::{assign_shards, plan_hash};

pub fn plan(args: PlanArgs) -> anyhow::Result<bool> {
    let experiment = Experiment::load(&args.experiment)?;
    let jobs = experiment.jobs();
    let shards = args.shards.map(|n| assign_shards(&jobs, n as usize));
    let hash = plan_hash(&jobs);
    let total_cost: f64 = jobs.iter().map(|j| j.cost()).sum();
    let total_symbols: usize = jobs.iter().map(|j| j.length).sum();
    if args.json {
        let list: Vec<_> = jobs
            .iter()
            .map(|j| {
                json!({
                    "id": j.index,
                    "source": j.source.label(),
                    "source_params": j.source.params(),
                    "length": j.length,
                    "seed": j.seed,
                    "compressor": j.compressor.label(),
                    "compressor_params": j.compressor.params(),
                    "cost": j.cost(),
                    "shard": shards.as_ref().map(|s| s[j.index]),
                })
            })
            .collect();
        let doc = json!({
            "experiment": experiment.name,
            "plan_hash": hash,
            "jobs": list,
            "total_jobs": jobs.len(),
            "total_symbols": total_symbols,
            "total_cost": total_cost,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(true);
    }
    println!(
        "| id | source | length | seed | compressor | cost (units) |{}",
        if shards.is_some() { " shard |" } else { "" }
    );
    println!(
        "|---:|---|---:|---:|---|---:|{}",
        if shards.is_some() { "---:|" } else { "" }
    );
    for j in &jobs {
        let shard = shards
            .as_ref()
            .map_or(String::new(), |s| format!(" {} |", s[j.index]));
        println!(
            "| {} | {} | {} | {} | {} | {:.3e} |{shard}",
            j.index,
            j.source.label(),
            j.length,
            j.seed,
            j.compressor.label(),
            j.cost()
        );
    }
    println!(
        "\n{}: {} jobs, {total_symbols} symbols, estimated cost {total_cost:.3e} units (1 unit ≈ one symbol through gzip), plan hash {hash}",
        experiment.name,
        jobs.len()
    );
    for line in crate::job_plan::priors(&jobs) {
        println!("{line}");
    }
    if let Some(s) = &shards {
        let n = args.shards.unwrap_or(1) as usize;
        let mut load = vec![0.0; n];
        for j in &jobs {
            load[s[j.index]] += j.cost();
        }
        let loads: Vec<String> = load.iter().map(|l| format!("{l:.3e}")).collect();
        println!("cost per shard: {}", loads.join(", "));
    }
    Ok(true)
}
