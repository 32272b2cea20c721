//! A model's settings, and the memory they ask for.

use super::layout::Layout;
use crate::cell::CellKind;
use crate::features::ContextCounts;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub cell: CellKind,
    /// Alphabet size M.
    pub alphabet: usize,
    pub hidden: usize,
    /// Stacked recurrent layers (1 or more).
    pub layers: usize,
    /// Past symbols fed as input each step (1 for the char models, W for Feat).
    pub window: usize,
    /// Embedding size of each input symbol (0: one-hot inputs).
    pub embed: usize,
    /// Context-count features for the orders 1..=contexts (0: none).
    pub contexts: usize,
    /// Initial recurrent weights Wh are uniform in ±recurrent_gain/√hidden.
    pub recurrent_gain: f32,
    /// Initial bias of the GRU update gate z in h = (1 − z)·n + z·h_prev (GRU cells only;
    /// negative: each step starts by taking mostly the new candidate n).
    pub update_bias: f32,
    /// Truncated-BPTT segment length L.
    pub bptt: usize,
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// Global gradient-norm clip (0 = off).
    pub clip: f32,
    /// Parallel streams B trained as one batch.
    pub streams: usize,
    pub seed: u64,
}

impl Config {
    /// Bytes `Model::new` allocates for this configuration, computed without allocating:
    /// parameters with their gradients, Adam moments and transposes, the TBPTT records of
    /// bptt × streams steps, and the context-count tables. For checking untrusted settings
    /// (a forged `.dz` header) before building the model.
    pub fn memory_bytes(&self) -> f64 {
        let features = self.contexts * self.alphabet;
        let layout = Layout::new(self, features);
        let transposed: usize = layout.layers.iter().map(|l| l.wh.len() + l.wd.len()).sum();
        let (hn, gh) = (self.hidden, self.cell.gates() * self.hidden);
        let per_step = 4 * (self.layers * (5 * hn + gh) + layout.layers[0].dense + self.alphabet)
            + 4 * self.window
            + 1;
        let steps = (self.bptt * self.streams) as f64;
        4.0 * (4 * layout.len() + transposed) as f64
            + steps * per_step as f64
            + ContextCounts::table_bytes(self.alphabet, self.contexts)
    }
}
