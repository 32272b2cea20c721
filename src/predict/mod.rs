//! Causal next-symbol predictors. The driver loop calls `predict` then `update` for every
//! symbol, in the same order when encoding and decoding, so both sides see identical tables.

pub mod neural;
pub mod order_k;

/// A causal model of the next symbol.
pub trait Predictor {
    /// Fills `freqs` (one entry per symbol of the alphabet) with the quantised distribution of
    /// the next symbol, through `coding::quantize`.
    fn predict(&mut self, freqs: &mut [u32]);
    /// Reveals the symbol that followed; any training happens here.
    fn update(&mut self, symbol: u8);
}
#[cfg(test)]
mod neural_tests;
