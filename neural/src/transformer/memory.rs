//! What a Transformer's configuration costs in memory, for checking untrusted settings before
//! anything is allocated.

use super::config::TransformerConfig;
use super::layout::Layout;

impl TransformerConfig {
    /// Bytes `Transformer::new` allocates, computed without allocating: parameters with
    /// their gradients, Adam moments and learning-rate multiples, and per stream the key/value
    /// caches, the input history and the segment's records (forward activations, attention
    /// weights, backward buffers). For checking untrusted settings (a forged `.dz` header)
    /// before building the model.
    pub fn memory_bytes(&self) -> f64 {
        let params = Layout::new(self).len as f64;
        let (d, f, t) = (self.d_model, self.ffn(), self.segment);
        let per_layer_step = 7 * d + 2 * f + 2 + self.heads * self.context;
        let per_step = self.layers * per_layer_step + 3 * d + self.alphabet + 2;
        let records = t * per_step;
        let caches = self.layers * 2 * d * self.cache_capacity();
        let backward = t * (6 * d + f + self.context);
        let history = 2 * (t + 1) * self.ngram;
        let per_stream = (records + caches + backward + history) as f64;
        4.0 * (5.0 * params + self.streams as f64 * per_stream)
    }
}
