//! The bytes of a file as symbols. With alphabet `auto` (the default) the symbols are the byte
//! values that occur in the file, numbered in byte order (`byte_alphabet`, as `bench compress`
//! codes a file); with a size M they are the bytes themselves over 0..M−1 (256: every byte
//! value). Its entropy rate is unknown.

use std::path::{Path, PathBuf};

use crate::byte_alphabet::{occurring_values, symbol_table};
use crate::error::SourceError;

/// How a file's bytes become symbols.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileAlphabet {
    /// The byte values that occur in the whole file, numbered in byte order.
    Auto,
    /// The bytes as they are, over 0..M−1 (M at least the largest byte + 1).
    Size(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileSource {
    path: PathBuf,
    alphabet: FileAlphabet,
    /// The byte value of each symbol.
    values: Vec<u8>,
}

impl FileSource {
    /// Reads the file once to find its values, so a typo or a byte outside the alphabet
    /// surfaces before any job runs.
    pub fn new(path: impl Into<PathBuf>, alphabet: FileAlphabet) -> Result<Self, SourceError> {
        let path = path.into();
        let bytes = read(&path)?;
        let mut seen = [false; 256];
        bytes.iter().for_each(|&b| seen[b as usize] = true);
        let values = match alphabet {
            FileAlphabet::Auto => occurring_values(&seen),
            FileAlphabet::Size(m) => {
                let largest = (0..256).rev().find(|&b| seen[b]).unwrap_or(0);
                if !(2..=256).contains(&m) || m <= largest {
                    return Err(SourceError::invalid(
                        "alphabet",
                        format!(
                            "expected `auto` or an alphabet size M in {}..=256 (the largest \
                             byte of {} is {largest}), got {m}",
                            (largest + 1).max(2),
                            path.display()
                        ),
                    ));
                }
                (0..m).map(|b| b as u8).collect()
            }
        };
        Ok(FileSource {
            path,
            alphabet,
            values,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How the bytes become symbols, as the entry gave it.
    pub fn file_alphabet(&self) -> FileAlphabet {
        self.alphabet
    }

    /// The byte value of each symbol 0..M−1.
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    pub fn alphabet(&self) -> usize {
        self.values.len()
    }

    /// The first `len` bytes as symbols, or the whole file when it is shorter (a file is what
    /// it is; the results record the length actually used).
    pub fn generate(&self, len: usize) -> Result<Vec<u8>, SourceError> {
        let mut bytes = read(&self.path)?;
        bytes.truncate(len);
        if self.alphabet == FileAlphabet::Auto {
            let symbol_of = symbol_table(&self.values);
            bytes.iter_mut().for_each(|b| *b = symbol_of[*b as usize]);
        }
        Ok(bytes)
    }
}

/// The file's bytes; an empty file is an error.
fn read(path: &Path) -> Result<Vec<u8>, SourceError> {
    let bytes = std::fs::read(path).map_err(|error| SourceError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    if bytes.is_empty() {
        return Err(SourceError::invalid(
            "path",
            format!("{} is empty", path.display()),
        ));
    }
    Ok(bytes)
}
