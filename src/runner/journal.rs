//! The append-only journal of finished jobs (`journal.jsonl`): one JSON line per job, flushed
//! as each job ends, so an interrupted run loses nothing and `--resume` knows what is done.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use deepzip_core::atomic_file::write_whole;
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

/// What `load` found: the readable entries, and each line that was not one.
pub struct Loaded {
    pub entries: Vec<Entry>,
    /// (line number from 1, why it could not be read, the line).
    pub damaged: Vec<(usize, String, String)>,
}

/// Reads every entry. A torn last line (the process died mid-write) or a damaged line
/// elsewhere (the file was edited or corrupted) is returned in `damaged`, not read.
pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let lines: Vec<String> = BufReader::new(file)
        .lines()
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut loaded = Loaded {
        entries: Vec::with_capacity(lines.len()),
        damaged: Vec::new(),
    };
    for (i, line) in lines.into_iter().enumerate() {
        match serde_json::from_str::<Entry>(&line) {
            Ok(entry) => loaded.entries.push(entry),
            Err(e) => loaded.damaged.push((i + 1, e.to_string(), line)),
        }
    }
    Ok(loaded)
}

/// Rewrites the journal with its readable entries only (whole or not at all, so a crash
/// leaves the old or the new file), and appends the damaged lines to
/// `<journal>.damaged` for inspection. A torn last line would otherwise run into the next
/// entry appended.
pub fn set_aside_damaged(path: &Path, loaded: &Loaded) -> anyhow::Result<()> {
    let aside = PathBuf::from(format!("{}.damaged", path.display()));
    let mut kept = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&aside)
        .with_context(|| format!("cannot write {}", aside.display()))?;
    for (_, _, line) in &loaded.damaged {
        writeln!(kept, "{line}").with_context(|| format!("cannot write {}", aside.display()))?;
    }
    let mut lines = String::new();
    for entry in &loaded.entries {
        lines.push_str(&serde_json::to_string(entry)?);
        lines.push('\n');
    }
    write_whole(path, lines.as_bytes(), true)?;
    Ok(())
}
