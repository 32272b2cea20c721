//! Advisory locks on a results folder, so two commands never write one folder at once.
//!
//! A whole run, `bench merge` and `bench report` hold `DIR/.bench.lock` exclusively; a shard
//! run holds it shared (shards of one grid run side by side into one folder) and its own
//! `DIR/shards/I-of-N.lock` exclusively. The locks are the operating system's (flock on
//! Unix, LockFileEx on Windows) and die with the process, so a killed run leaves none behind;
//! the empty lock files stay and mean nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use anyhow::{bail, Context};

use crate::job_plan::shard_stem;

const LOCK: &str = ".bench.lock";

/// Held locks; dropping it releases them.
pub struct FolderLock {
    _files: Vec<File>,
}

/// Takes `path`'s lock (creating the file), or says who holds `dir`.
fn take(path: &Path, dir: &Path, shared: bool, what: &str) -> anyhow::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))?;
    let taken = if shared {
        file.try_lock_shared()
    } else {
        file.try_lock()
    };
    match taken {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => bail!(
            "{} is in use by {what} (it holds {}); wait for it to end, or write elsewhere \
             with --out DIR",
            dir.display(),
            path.display()
        ),
        Err(TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// The lock of a run writing into `dir` (created if missing): the whole folder, or shard
/// `I` of `N` beside the other shards.
pub fn lock_for_run(dir: &Path, shard: Option<(usize, usize)>) -> anyhow::Result<FolderLock> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let folder = dir.join(LOCK);
    let files = match shard {
        None => vec![take(&folder, dir, false, "another bench command")?],
        Some((i, n)) => {
            let shards = dir.join(super::outputs::SHARDS);
            std::fs::create_dir_all(&shards)
                .with_context(|| format!("cannot create {}", shards.display()))?;
            let own = shards.join(format!("{}.lock", shard_stem(i, n)));
            vec![
                take(&folder, dir, true, "a whole run, merge or report")?,
                take(&own, dir, false, &format!("another run of shard {i}/{n}"))?,
            ]
        }
    };
    Ok(FolderLock { _files: files })
}

/// The lock of a command that rewrites `dir`'s tables (`merge`, `report`). A folder that
/// does not exist has nothing to lock: the command itself says it is missing.
pub fn lock_folder(dir: &Path) -> anyhow::Result<FolderLock> {
    if !dir.is_dir() {
        return Ok(FolderLock { _files: Vec::new() });
    }
    let file = take(&dir.join(LOCK), dir, false, "a bench run")?;
    Ok(FolderLock { _files: vec![file] })
}
