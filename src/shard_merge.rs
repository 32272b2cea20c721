//! `bench merge`: the shards of one plan into one results.csv and curves.csv, refusing
//! shards of another plan, duplicate jobs and missing jobs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::job_plan::{shard_stem, ShardMeta};
use crate::record::{Curve, Record};
use crate::results_csv::{load_curves, load_icl, load_results};
use crate::runner::{write_tables, Outputs, SHARDS};

/// `3, 5-9, 12`: ids as a short list of ranges.
fn ranges(ids: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            ids[i].to_string()
        } else {
            format!("{}-{}", ids[i], ids[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn load_metas(dir: &Path) -> anyhow::Result<Vec<(PathBuf, ShardMeta)>> {
    let shards = dir.join(SHARDS);
    let entries = std::fs::read_dir(&shards)
        .with_context(|| format!("{} has no shards to merge", shards.display()))?;
    let mut metas = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let meta: ShardMeta = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a shard description", path.display()))?;
            metas.push((path, meta));
        }
    }
    if metas.is_empty() {
        bail!("{} holds no shard descriptions (*.json)", shards.display());
    }
    metas.sort_by_key(|(_, m)| (m.shards, m.shard));
    Ok(metas)
}

/// Merges the shards under `dir/shards` into `dir`; returns the results.csv written.
pub fn merge(dir: &Path, force: bool) -> anyhow::Result<(PathBuf, Vec<Record>)> {
    let metas = load_metas(dir)?;
    let (first_path, first) = &metas[0];
    for (path, m) in &metas[1..] {
        if (&m.experiment, &m.plan_hash, m.shards)
            != (&first.experiment, &first.plan_hash, first.shards)
        {
            bail!(
                "{} belongs to experiment `{}` plan {} cut into {} shards, but {} to `{}` plan {} cut into {}: shards of different experiment files (or cuts) cannot be merged",
                path.display(), m.experiment, m.plan_hash, m.shards,
                first_path.display(), first.experiment, first.plan_hash, first.shards
            );
        }
    }
    let mut records: BTreeMap<usize, Record> = BTreeMap::new();
    let mut curves: BTreeMap<usize, Curve> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for (_, m) in &metas {
        let out = Outputs::shard(dir, m.shard, m.shards);
        if !out.results.exists() {
            bail!(
                "shard {} has not finished: {} is missing (rerun it with --shard {}/{} --resume)",
                shard_stem(m.shard, m.shards),
                out.results.display(),
                m.shard,
                m.shards
            );
        }
        for r in load_results(&out.results)? {
            if r.job >= first.total_jobs {
                bail!(
                    "{}: job {} is outside the plan of {} jobs",
                    out.results.display(),
                    r.job,
                    first.total_jobs
                );
            }
            if records.contains_key(&r.job) {
                duplicates.push(r.job);
            }
            records.insert(r.job, r);
        }
        let mut shard_curves = load_curves(&out.curves)?;
        load_icl(&out.icl, &mut shard_curves)?;
        for c in shard_curves {
            curves.insert(c.job, c);
        }
    }
    if !duplicates.is_empty() {
        duplicates.sort_unstable();
        bail!("jobs {} appear in more than one shard", ranges(&duplicates));
    }
    let missing: Vec<usize> = (0..first.total_jobs)
        .filter(|j| !records.contains_key(j))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} of {} jobs are missing (ids {}); run the shards that hold them",
            missing.len(),
            first.total_jobs,
            ranges(&missing)
        );
    }
    let outputs = Outputs::full(dir);
    if outputs.results.exists() && !force {
        bail!(
            "{} already exists; pass --force to replace it",
            outputs.results.display()
        );
    }
    let records: Vec<Record> = records.into_values().collect();
    let curves: Vec<Curve> = curves.into_values().collect();
    write_tables(&records, &curves, &outputs)?;
    Ok((outputs.results, records))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges_are_compact() {
        assert_eq!(super::ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        assert_eq!(super::ranges(&[]), "");
    }
}
