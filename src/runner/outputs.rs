//! Where a run writes: results.csv, curves.csv, icl.csv and the journal of a whole run, or
//! `shards/I-of-N.{csv,curves.csv,icl.csv,journal.jsonl,json}` of one shard; and what earlier files
//! there mean for this run.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::journal::{self, Entry};
use crate::job_plan::{shard_stem, ShardMeta};

pub const JOURNAL: &str = "journal.jsonl";
pub const RESULTS: &str = "results.csv";
pub const CURVES: &str = "curves.csv";
pub const ICL: &str = "icl.csv";
pub const SHARDS: &str = "shards";
pub const REFERENCES: &str = "references.csv";

pub struct Outputs {
    pub dir: PathBuf,
    pub results: PathBuf,
    pub curves: PathBuf,
    pub icl: PathBuf,
    pub journal: PathBuf,
    /// A shard's description, for `bench merge`.
    pub meta: Option<PathBuf>,
}

impl Outputs {
    pub fn full(dir: &Path) -> Outputs {
        Outputs {
            dir: dir.to_path_buf(),
            results: dir.join(RESULTS),
            curves: dir.join(CURVES),
            icl: dir.join(ICL),
            journal: dir.join(JOURNAL),
            meta: None,
        }
    }

    pub fn shard(dir: &Path, shard: usize, shards: usize) -> Outputs {
        let d = dir.join(SHARDS);
        let stem = shard_stem(shard, shards);
        Outputs {
            dir: d.clone(),
            results: d.join(format!("{stem}.csv")),
            curves: d.join(format!("{stem}.curves.csv")),
            icl: d.join(format!("{stem}.icl.csv")),
            journal: d.join(format!("{stem}.journal.jsonl")),
            meta: Some(d.join(format!("{stem}.json"))),
        }
    }

    /// Decides what earlier results mean for this run; returns the finished entries to keep.
    pub fn prepare(&self, resume: bool, force: bool) -> anyhow::Result<Vec<Entry>> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let existing: Vec<&PathBuf> = [&self.journal, &self.results, &self.curves, &self.icl]
            .into_iter()
            .chain(self.meta.as_ref())
            .filter(|p| p.exists())
            .collect();
        if existing.is_empty() {
            return Ok(Vec::new());
        }
        if force {
            for p in existing {
                std::fs::remove_file(p)
                    .with_context(|| format!("cannot remove {}", p.display()))?;
            }
            return Ok(Vec::new());
        }
        if !resume {
            bail!(
                "{} already exists; pass --resume to finish those results, --force to discard them, or --out DIR to write elsewhere",
                existing[0].display()
            );
        }
        if !self.journal.exists() {
            bail!(
                "{} has results but no journal {} to resume from; use --force or --out DIR",
                self.dir.display(),
                self.journal.display()
            );
        }
        let loaded = journal::load(&self.journal)?;
        for (line, why, _) in &loaded.damaged {
            eprintln!(
                "warning: {}: line {line} is damaged ({why}); its job, if any, runs again \
                 (same seed, same result) and the line is kept in {}.damaged",
                self.journal.display(),
                self.journal.display()
            );
        }
        if !loaded.damaged.is_empty() {
            journal::set_aside_damaged(&self.journal, &loaded)?;
        }
        Ok(loaded.entries)
    }

    pub fn write_meta(&self, meta: &ShardMeta) -> anyhow::Result<()> {
        if let Some(path) = &self.meta {
            std::fs::write(path, serde_json::to_string_pretty(meta)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}
