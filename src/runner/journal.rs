//! The append-only journal of finished jobs (`journal.jsonl`): one JSON line per job, flushed
//! as each job ends, so an interrupted run loses nothing and `--resume` knows what is done.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use crate::record::{Curve, Record};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// `Job::key` of the job this entry finished.
    pub key: String,
    pub record: Record,
    pub curve: Curve,
}

pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    pub fn append_to(path: &Path) -> anyhow::Result<Journal> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open journal {}", path.display()))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
        })
    }

    pub fn write(&mut self, entry: &Entry) -> anyhow::Result<()> {
        let mut line = serde_json::to_string(entry)?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.flush())
            .with_context(|| format!("cannot append to journal {}", self.path.display()))
    }
}

/// Reads every complete entry. A torn last line (the process died mid-write) is dropped; a
/// damaged line elsewhere is an error, since it means the file was edited or corrupted.
pub fn load(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let file =
        File::open(path).with_context(|| format!("cannot open journal {}", path.display()))?;
    let lines: Vec<String> = BufReader::new(file)
        .lines()
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read journal {}", path.display()))?;
    let mut entries = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => entries.push(entry),
            Err(_) if i + 1 == lines.len() => {}
            Err(e) => bail!("{}: line {} is damaged: {e}", path.display(), i + 1),
        }
    }
    Ok(entries)
}
