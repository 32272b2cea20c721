//! Causal next-symbol predictors. The driver loop calls `predict` then `update` for every
//! step, in the same order when encoding and decoding, so both sides see identical tables.
//! A model may advance B streams at once (the input cut into B contiguous parts); then each
//! step covers the next symbol of every stream that has not ended.

pub mod bits;
pub mod cm;
pub mod external;
pub mod neural;
pub mod order_k;
pub mod protocol;
pub mod restarting;
mod watchdog;

use crate::process::measure::Usage;

/// Why a predictor could not go on: an outside process that died, hung or answered out of
/// protocol. The built-in models never fail.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct PredictError(pub String);

/// What a predictor is started for (an outside process is told all of it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub alphabet: usize,
    /// The byte value each symbol stands for (a grid source's stand for themselves).
    pub values: bits::Values,
    /// Symbols to code.
    pub length: u64,
    pub seed: u64,
    pub decompress: bool,
}

/// A causal model of the next symbol of each of its streams.
pub trait Predictor {
    /// Parallel streams B (1 for most models).
    fn streams(&self) -> usize {
        1
    }
    /// Fills `freqs` (M entries per stream, for the first `live` streams) with the quantised
    /// distribution of each stream's next symbol, through `coding::quantize`.
    fn predict(&mut self, live: usize, freqs: &mut [u32]) -> Result<(), PredictError>;
    /// Reveals the symbols that followed, one per live stream; any training happens here.
    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError>;
    /// An outside process (the one predictor whose replay the harness cannot prove): the
    /// coder then keeps fingerprints of its tables, to say where a decode run first computes
    /// something else, and checks its end.
    fn outside(&mut self) -> Option<&mut dyn Outside> {
        None
    }
    /// A model that predicts each symbol bit by bit (`bits`): the coder codes its bits, and
    /// never asks it for a distribution.
    fn bitwise(&mut self) -> Option<&mut dyn bits::BitPredictor> {
        None
    }
}

/// What only an outside process has to answer for.
pub trait Outside {
    /// After the last step's `update`: the process must end cleanly, and says what it used
    /// where it was measured.
    fn finish(&mut self) -> Result<Option<Usage>, PredictError>;
    /// What it announced: its name and version (what a `.dz` header records) and the price
    /// of the prior it declared.
    fn announced(&self) -> &protocol::Announced;
}
