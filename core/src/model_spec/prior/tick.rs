//! How a training tells its progress: the symbols trained on so far (a progress bar).

/// Told the symbols trained on so far, as training goes.
pub type Tick<'a> = &'a (dyn Fn(u64) + Sync);

/// A `Tick` that shows nothing.
pub const SILENT: Tick = &|_| {};
