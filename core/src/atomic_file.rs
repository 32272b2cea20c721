//! Files written whole or not at all: every result file (a `.dz`, a decoded file, a table, a
//! figure) is written under a temporary name beside its target (`.NAME.partial-XXXXXX`) and
//! renamed into place only when complete. A failed write or an ending signal removes the
//! temporary (`signals::Cleanup`), so no half a file ever carries a result's name. Standard
//! output is a target too: the bytes are spooled to a temporary file and copied out only
//! when complete.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::process::signals::Cleanup;

/// A file being written; dropping it uncommitted removes it.
pub struct AtomicFile {
    // Dropped first: the temporary is gone before a signal may end the program.
    tmp: tempfile::NamedTempFile,
    /// `None`: standard output.
    target: Option<PathBuf>,
    _cleanup: Cleanup,
}

impl AtomicFile {
    /// A new file for `target` (`-`: standard output); refuses an existing target unless
    /// `force`.
    pub fn create(target: &Path, force: bool) -> anyhow::Result<AtomicFile> {
        let cleanup = Cleanup::new();
        if target == Path::new("-") {
            let tmp = tempfile::NamedTempFile::new()
                .context("cannot create a temporary file for standard output")?;
            return Ok(AtomicFile {
                tmp,
                target: None,
                _cleanup: cleanup,
            });
        }
        if target.exists() && !force {
            anyhow::bail!(
                "{} already exists; pass --force to overwrite it",
                target.display()
            );
        }
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        // The same extension, for writers that choose a format by it (figures).
        let suffix = target
            .extension()
            .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.partial-"))
            .suffix(&suffix)
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(AtomicFile {
            tmp,
            target: Some(target.to_path_buf()),
            _cleanup: cleanup,
        })
    }

    /// Where the bytes go until the commit (for writers that take a path).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// What the commit will name: the target, or standard output.
    pub fn name(&self) -> String {
        self.target
            .as_ref()
            .map_or("standard output".into(), |t| t.display().to_string())
    }

    /// Syncs the bytes and renames the file into place (or copies it to standard output).
    pub fn commit(self) -> anyhow::Result<()> {
        let name = self.name();
        let AtomicFile {
            mut tmp,
            target,
            _cleanup,
        } = self;
        tmp.as_file_mut()
            .sync_all()
            .with_context(|| format!("cannot write {name}"))?;
        match target {
            None => {
                let mut file = tmp
                    .reopen()
                    .context("cannot read back the spooled output")?;
                let mut out = io::stdout().lock();
                io::copy(&mut file, &mut out)
                    .and_then(|_| out.flush())
                    .context("cannot write to standard output")?;
            }
            Some(target) => {
                // Temporary files are private (0600); a result is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))?;
                }
                tmp.persist(&target)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
        }
        Ok(())
    }
}

/// Writes `bytes` as the whole of `path` (replacing it only with `force`): the one way
/// tables, sources and other small outputs are written.
pub fn write_whole(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path, force)?;
    file.file()
        .write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()
}
