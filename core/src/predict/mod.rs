//! Causal next-symbol predictors. The driver loop calls `predict` then `update` for every
//! step, in the same order when encoding and decoding, so both sides see identical tables.
//! A model may advance B streams at once (the input cut into B contiguous parts); then each
//! step covers the next symbol of every stream that has not ended.

pub mod neural;
pub mod order_k;

/// A causal model of the next symbol of each of its streams.
pub trait Predictor {
    /// Parallel streams B (1 for most models).
    fn streams(&self) -> usize {
        1
    }
    /// Fills `freqs` (M entries per stream, for the first `live` streams) with the quantised
    /// distribution of each stream's next symbol, through `coding::quantize`.
    fn predict(&mut self, live: usize, freqs: &mut [u32]);
    /// Reveals the symbols that followed, one per live stream; any training happens here.
    fn update(&mut self, symbols: &[u8]);
}
