//! The expanded job plan as a thing of its own: stable ids, estimated costs, a hash that
//! identifies the plan (so shards of different experiment files are never merged), and the
//! deterministic cut into shards balanced by cost.

use serde::{Deserialize, Serialize};

use crate::compressor_spec::CompressorSpec;
use crate::experiment::Job;

/// FNV-1a 64 over every job's key, in plan order: equal exactly when the expanded plans are.
pub fn plan_hash(jobs: &[Job]) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for job in jobs {
        for b in job.key().bytes().chain([b'\n']) {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The shard (0..n) of each job: longest job first, each to the shard with the least cost so
/// far (lowest index on ties). Depends only on the plan, so every node computes the same cut.
pub fn assign_shards(jobs: &[Job], n: usize) -> Vec<usize> {
    let mut order: Vec<&Job> = jobs.iter().collect();
    order.sort_by(|a, b| b.cost().total_cmp(&a.cost()).then(a.index.cmp(&b.index)));
    let mut load = vec![0.0f64; n];
    let mut shard = vec![0; jobs.len()];
    for job in order {
        let (best, _) =
            load.iter().enumerate().fold(
                (0, f64::INFINITY),
                |acc, (i, &l)| if l < acc.1 { (i, l) } else { acc },
            );
        load[best] += job.cost();
        shard[job.index] = best;
    }
    shard
}

/// The priors a plan trains, each once (`deepzip_core::model_spec::prior`): one line per
/// prior, naming the first job's compressor and source and how many jobs share it, in plan
/// order.
pub fn priors(jobs: &[Job]) -> Vec<String> {
    let mut found: Vec<(String, &Job, u64, usize)> = Vec::new();
    for job in jobs {
        let CompressorSpec::Model(spec) = &job.compressor else {
            continue;
        };
        let key = spec
            .prepared()
            .and_then(|p| p.prior_key(job.source.alphabet()));
        let (Some(key), Some(prior)) = (key, spec.prior()) else {
            continue;
        };
        match found.iter_mut().find(|(k, ..)| *k == key) {
            Some((.., n)) => *n += 1,
            None => found.push((key, job, prior.symbols(0), 1)),
        }
    }
    found
        .into_iter()
        .map(|(_, job, symbols, n)| {
            format!(
                "trains prior of `{}` on the family of `{}` ({symbols} symbols) once for {n} \
                 job{}",
                job.compressor.label(),
                job.source.label(),
                if n == 1 { "" } else { "s" }
            )
        })
        .collect()
}

/// `I/N` with 0 <= I < N.
pub fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let err = || format!("expected I/N with 0 <= I < N (e.g. 0/4), got `{text}`");
    let (i, n) = text.split_once('/').ok_or_else(err)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| err())?,
        n.trim().parse().map_err(|_| err())?,
    );
    if n == 0 || i >= n {
        return Err(err());
    }
    Ok((i, n))
}

/// What a shard run records beside its CSV, for `bench merge` to check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardMeta {
    pub experiment: String,
    pub plan_hash: String,
    pub shard: usize,
    pub shards: usize,
    pub total_jobs: usize,
    /// Ids of the jobs this shard runs.
    pub jobs: Vec<usize>,
}

/// File stem of shard I of N: `I-of-N`.
pub fn shard_stem(shard: usize, shards: usize) -> String {
    format!("{shard}-of-{shards}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Experiment;

    fn jobs() -> Vec<Job> {
        let yaml = "name: p\nlength: [1000, 5000]\nseeds: [1, 2]\nsources: [{kind: markov, k: [3, 5]}, {kind: counter}]\ncompressors: [{kind: gzip}, {kind: order, k: [1, 4]}, {kind: chgru, hidden: 16}]\n";
        Experiment::parse(yaml, std::path::Path::new("p.yaml"))
            .unwrap()
            .jobs()
    }

    #[test]
    fn shards_are_disjoint_cover_the_plan_and_balance_cost() {
        let jobs = jobs();
        for n in [1, 2, 3, 4, 7, 100] {
            let shard = assign_shards(&jobs, n);
            assert_eq!(shard.len(), jobs.len());
            assert!(shard.iter().all(|&s| s < n));
            assert_eq!(shard, assign_shards(&jobs, n), "deterministic");
            if n <= 4 {
                let mut load = vec![0.0; n];
                for (j, &s) in jobs.iter().zip(&shard) {
                    load[s] += j.cost();
                }
                let max_job = jobs.iter().map(|j| j.cost()).fold(0.0, f64::max);
                let (lo, hi) = load
                    .iter()
                    .fold((f64::MAX, 0.0f64), |(a, b), &l| (a.min(l), b.max(l)));
                assert!(hi - lo <= max_job + 1e-9, "n={n}: {load:?}");
            }
        }
    }

    #[test]
    fn the_hash_tells_plans_apart_and_shard_specs_parse() {
        let jobs = jobs();
        assert_eq!(plan_hash(&jobs), plan_hash(&jobs));
        assert_ne!(plan_hash(&jobs), plan_hash(&jobs[1..]));
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        for bad in ["4/4", "1/0", "a/2", "3", "-1/2"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
