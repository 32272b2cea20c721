//! What a model's configuration costs in memory, for checking untrusted settings before
//! anything is allocated.

use super::config::Config;
use super::features::ContextCounts;
use super::layout::Layout;

impl Config {
    /// Bytes `Model::new` allocates for this configuration, computed without allocating:
    /// parameters with their gradients, Adam moments and transposes, the TBPTT records of
    /// bptt × streams steps (forward, and the backward pass's gradients), and the
    /// context-count tables. For checking untrusted settings (a forged `.dz` header) before
    /// building the model.
    pub fn memory_bytes(&self) -> f64 {
        let features = self.contexts * self.alphabet;
        let layout = Layout::new(self, features);
        let transposed: usize = layout.layers.iter().map(|l| l.wh.len() + l.wd.len()).sum();
        let (hn, gh) = (self.hidden, self.cell().gates() * self.hidden);
        let dense = layout.layers[0].dense;
        // da, and da_h where the GRU's differs.
        let backward = self.layers * gh * if self.kind.is_gru() { 2 } else { 1 }
            + self.alphabet
            + if self.embed > 0 { dense } else { 0 };
        let per_step = 4 * (self.layers * (5 * hn + gh) + dense + self.alphabet + backward)
            + 4 * self.window
            + 1;
        let steps = (self.bptt * self.streams) as f64;
        4.0 * (4 * layout.len() + transposed) as f64
            + steps * per_step as f64
            + ContextCounts::table_bytes(self.alphabet, self.contexts)
    }
}
