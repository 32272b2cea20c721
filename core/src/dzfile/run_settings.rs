//! How a `.dz` compress or decompress run goes.

/// How a compress or decompress run goes; nothing of it is stored, and the bits are the
/// same for any setting.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// No progress bar.
    pub quiet: bool,
    /// Threads of a neural model.
    pub threads: usize,
}
