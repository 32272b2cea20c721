//! Why a source spec was rejected or could not produce its symbols.

use std::path::PathBuf;

/// A source that cannot be built or generated. Each variant names the parameter at fault
/// (with the same name it has in the experiment YAML) and the expected form.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("`{field}`: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("cannot read source file {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl SourceError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        SourceError::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// Checks an alphabet size M: the symbols are stored one per byte, so 2..=256.
pub(crate) fn check_alphabet(alphabet: usize) -> Result<(), SourceError> {
    if (2..=256).contains(&alphabet) {
        Ok(())
    } else {
        Err(SourceError::invalid(
            "alphabet",
            format!("expected an alphabet size M in 2..=256, got {alphabet}"),
        ))
    }
}
