//! A stream's state: its key/value caches and the records of the current segment.

use super::config::TransformerConfig;

/// One layer's keys and values of a stream's recent positions, transposed (row e holds
/// component e of every cached position, so attention runs along contiguous rows). Entries
/// are written once, with the weights of their segment, and never recomputed.
#[derive(Clone)]
pub struct Cache {
    pub kt: Vec<f32>,
    pub vt: Vec<f32>,
    /// Absolute position of column 0.
    pub base: usize,
    /// Columns in use.
    pub len: usize,
    pub cap: usize,
    /// Columns kept when the cache is full: the context of every position of a segment.
    keep: usize,
}

impl Cache {
    pub fn new(cfg: &TransformerConfig) -> Cache {
        let cap = cfg.cache_capacity();
        Cache {
            kt: vec![0.0; cfg.d_model * cap],
            vt: vec![0.0; cfg.d_model * cap],
            base: 0,
            len: 0,
            cap,
            keep: cfg.context + cfg.segment,
        }
    }

    /// Appends the key and value of the next position (`kv`: k then v, d values each).
    pub fn push(&mut self, kv: &[f32]) {
        let d = kv.len() / 2;
        if self.len == self.cap {
            let from = self.len - self.keep;
            for e in 0..d {
                let row = e * self.cap;
                self.kt.copy_within(row + from..row + self.len, row);
                self.vt.copy_within(row + from..row + self.len, row);
            }
            self.base += from;
            self.len = self.keep;
        }
        for e in 0..d {
            self.kt[e * self.cap + self.len] = kv[e];
            self.vt[e * self.cap + self.len] = kv[d + e];
        }
        self.len += 1;
    }

    /// Rows e.. of the keys from absolute position lo on, `cap` apart (for `combine_rows`
    /// and `dot_rows`).
    #[inline(always)]
    pub fn key_rows(&self, e: usize, lo: usize) -> &[f32] {
        &self.kt[e * self.cap + lo - self.base..]
    }

    #[inline(always)]
    pub fn value_rows(&self, e: usize, lo: usize) -> &[f32] {
        &self.vt[e * self.cap + lo - self.base..]
    }
}

/// What the backward pass needs of one layer at each position of the segment (T rows each).
#[derive(Clone)]
pub struct LayerRecord {
    pub xhat1: Vec<f32>,
    pub rstd1: Vec<f32>,
    /// LayerNorm 1's output, the input of the query/key/value projection.
    pub a: Vec<f32>,
    /// Queries, already scaled by 1/√d_h.
    pub q: Vec<f32>,
    /// Attention weights, C per head (the first min(p + 1, C) used), in position order.
    pub w: Vec<f32>,
    /// The heads' outputs side by side.
    pub o: Vec<f32>,
    pub xhat2: Vec<f32>,
    pub rstd2: Vec<f32>,
    /// LayerNorm 2's output, the feed-forward block's input.
    pub b: Vec<f32>,
    /// The feed-forward hidden layer after its activation (positive where the input was).
    pub u: Vec<f32>,
}

/// One stream: its caches, next input, and the current segment's records.
#[derive(Clone)]
pub struct Stream {
    /// Positions so far (symbols seen).
    pub pos: usize,
    /// The next position's input: the last `ngram` symbols, latest first, M (the start
    /// token) for those before position 0.
    pub history: Vec<usize>,
    pub caches: Vec<Cache>,
    /// Positions recorded in the current segment.
    pub len: usize,
    /// Each recorded position's `history`, `ngram` values apiece.
    pub tokens: Vec<usize>,
    pub targets: Vec<u8>,
    pub layers: Vec<LayerRecord>,
    pub xhatf: Vec<f32>,
    pub rstdf: Vec<f32>,
    /// The final LayerNorm's output, the output layer's input.
    pub z: Vec<f32>,
    pub probs: Vec<f32>,
}

impl Stream {
    /// The absolute position of the current segment's first record.
    pub fn p0(&self) -> usize {
        self.pos - self.len
    }

    pub fn new(cfg: &TransformerConfig) -> Stream {
        let (t, d) = (cfg.segment, cfg.d_model);
        let rows = |n: usize| vec![0.0f32; t * n];
        Stream {
            pos: 0,
            history: vec![cfg.alphabet; cfg.ngram],
            caches: (0..cfg.layers).map(|_| Cache::new(cfg)).collect(),
            len: 0,
            tokens: vec![0; t * cfg.ngram],
            targets: vec![0; t],
            layers: (0..cfg.layers)
                .map(|_| LayerRecord {
                    xhat1: rows(d),
                    rstd1: rows(1),
                    a: rows(d),
                    q: rows(d),
                    w: rows(cfg.heads * cfg.context),
                    o: rows(d),
                    xhat2: rows(d),
                    rstd2: rows(1),
                    b: rows(d),
                    u: rows(cfg.ffn()),
                })
                .collect(),
            xhatf: rows(d),
            rstdf: rows(1),
            z: rows(d),
            probs: rows(cfg.alphabet),
        }
    }
}
