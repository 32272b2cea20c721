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
        std::fs::metadata(&path).map_err(|error| SourceError::Io {
            path: path.clone(),
            error,
        })?;
        Ok(FileSource { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first `len` bytes, or the whole file when it is shorter (a file is what it is;
    /// the results record the length actually used).
    pub fn generate(&self, len: usize) -> Result<Vec<u8>, SourceError> {
        let mut bytes = std::fs::read(&self.path).map_err(|error| SourceError::Io {
            path: self.path.clone(),
            error,
        })?;
        if bytes.is_empty() {
            return Err(SourceError::invalid(
                "path",
                format!("{} is empty", self.path.display()),
            ));
        }
        bytes.truncate(len);
        Ok(bytes)
    }
}
