//! The bytes of a file, as symbols over the 256-byte alphabet. Its entropy rate is unknown.

use std::path::{Path, PathBuf};

use crate::error::SourceError;

#[derive(Debug, Clone, PartialEq)]
pub struct FileSource {
    path: PathBuf,
}

impl FileSource {
    /// Fails at once when the file cannot be opened, so a typo surfaces before any job runs.
    pub fn new(path: impl Into<PathBuf>) -> Result<Self, SourceError> {
        let path = path.into();
        std::fs::metadata(&path).map_err(|source| SourceError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(FileSource { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first `len` bytes; an error when the file is shorter.
    pub fn generate(&self, len: usize) -> Result<Vec<u8>, SourceError> {
        let mut bytes = std::fs::read(&self.path).map_err(|source| SourceError::Io {
            path: self.path.clone(),
            source,
        })?;
        if bytes.len() < len {
            return Err(SourceError::invalid(
                "path",
                format!(
                    "{} holds {} bytes but the experiment asks for length {len}",
                    self.path.display(),
                    bytes.len()
                ),
            ));
        }
        bytes.truncate(len);
        Ok(bytes)
    }
}
