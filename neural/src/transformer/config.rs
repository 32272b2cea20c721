//! A Transformer's settings (each declared in `declared`), and the sizes they imply.

#[derive(Debug, Clone, PartialEq)]
pub struct TransformerConfig {
    /// Alphabet size M (set per job).
    pub alphabet: usize,
    /// Past positions each position attends to, itself included (C).
    pub context: usize,
    pub layers: usize,
    pub d_model: usize,
    /// Attention heads; d_model is a multiple of it.
    pub heads: usize,
    /// A position's input is the sum of the embeddings of the last `ngram` symbols, one table
    /// per lag (1: the previous symbol alone). With more, a key already says which symbols
    /// precede its position, so one head can look up where the current context occurred
    /// before: a copy needs no two-layer circuit to form first.
    pub ngram: usize,
    /// Positions predicted with one set of weights, then trained on with one Adam step.
    pub segment: usize,
    pub lr: f32,
    /// The per-distance attention biases learn at this multiple of lr. Adam moves a weight
    /// by about lr per step, and a head needs its biases several units apart to single out
    /// one distance among C: at lr alone that takes hundreds of thousands of symbols.
    pub distance_lr: f32,
    /// Slope of the feed-forward activation below 0 (0: ReLU).
    pub leak: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// Global gradient-norm clip (0 = off).
    pub clip: f32,
    /// Parallel streams B: B contiguous parts of the input advance together and share every
    /// Adam step.
    pub streams: usize,
    /// Seed of the initial weights (set per job).
    pub seed: u64,
}

impl TransformerConfig {
    /// The feed-forward block's width: 4 · d_model.
    pub fn ffn(&self) -> usize {
        4 * self.d_model
    }

    /// Positions kept in each key/value cache: the context of every position of a segment,
    /// plus as many again so that the cache is shifted only once per that many positions.
    pub fn cache_capacity(&self) -> usize {
        2 * (self.context + self.segment)
    }

    /// The settings that differ from the defaults, as (YAML name, value).
    pub fn changed_settings(&self) -> Vec<(&'static str, String)> {
        let own = TransformerConfig::default().settings();
        self.settings()
            .into_iter()
            .zip(own)
            .filter(|(mine, default)| mine != default)
            .map(|(mine, _)| mine)
            .collect()
    }
}
