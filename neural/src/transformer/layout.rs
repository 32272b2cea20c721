//! Where each weight lives in the flat parameter vector, and the seeded initial values.
//! Matrices are row-major with one row per input: y = x · W adds x[j] · W[j, :] over j.

use super::config::TransformerConfig;
use crate::shared::init::SplitMix64;
use std::ops::Range;

/// One layer's weights. A LayerNorm's range holds its gains, then its biases.
#[derive(Debug, Clone)]
pub struct LayerLayout {
    pub ln1: Range<usize>,
    /// Queries, keys and values side by side: d × 3d.
    pub wqkv: Range<usize>,
    pub wo: Range<usize>,
    pub bo: Range<usize>,
    /// Per head, a bias for each distance 0..C (the position's own symbol-to-predict is one
    /// step ahead, so distance i is the symbol i + 1 back).
    pub pos: Range<usize>,
    pub ln2: Range<usize>,
    pub w1: Range<usize>,
    pub b1: Range<usize>,
    pub w2: Range<usize>,
    pub b2: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// `ngram` tables of M + 1 rows: one per symbol, and the start token standing for the
    /// symbols before the first position.
    pub emb: Range<usize>,
    pub layers: Vec<LayerLayout>,
    pub lnf: Range<usize>,
    pub wout: Range<usize>,
    pub bout: Range<usize>,
    pub len: usize,
}

impl Layout {
    pub fn new(cfg: &TransformerConfig) -> Layout {
        let (d, f, m) = (cfg.d_model, cfg.ffn(), cfg.alphabet);
        let mut at = 0;
        let mut take = |n: usize| {
            at += n;
            at - n..at
        };
        let emb = take(cfg.ngram * (m + 1) * d);
        let layers = (0..cfg.layers)
            .map(|_| LayerLayout {
                ln1: take(2 * d),
                wqkv: take(d * 3 * d),
                wo: take(d * d),
                bo: take(d),
                pos: take(cfg.heads * cfg.context),
                ln2: take(2 * d),
                w1: take(d * f),
                b1: take(f),
                w2: take(f * d),
                b2: take(d),
            })
            .collect();
        let lnf = take(2 * d);
        let wout = take(d * m);
        let bout = take(m);
        Layout {
            emb,
            layers,
            lnf,
            wout,
            bout,
            len: at,
        }
    }

    /// Each parameter's multiple of the learning rate: `distance_lr` for the distance
    /// biases, 1 elsewhere.
    pub fn rates(&self, cfg: &TransformerConfig) -> Vec<f32> {
        let mut rates = vec![1.0; self.len];
        for layer in &self.layers {
            rates[layer.pos.clone()].fill(cfg.distance_lr);
        }
        rates
    }

    /// Every matrix that the backward pass multiplies by its transpose, as (range, columns).
    pub fn matrices(&self, cfg: &TransformerConfig) -> Vec<(Range<usize>, usize)> {
        let (d, f, m) = (cfg.d_model, cfg.ffn(), cfg.alphabet);
        let mut out: Vec<_> = self
            .layers
            .iter()
            .flat_map(|l| {
                [
                    (l.wqkv.clone(), 3 * d),
                    (l.wo.clone(), d),
                    (l.w1.clone(), f),
                    (l.w2.clone(), d),
                ]
            })
            .collect();
        out.push((self.wout.clone(), m));
        out
    }

    /// The initial weights: every matrix uniform in ±1/√fan-in, the two that write into the
    /// residual stream (Wo, W2) scaled down by √(2·layers) so that the stream's variance stays
    /// near the embedding's as layers add to it; embeddings uniform in ±1; LayerNorm gains 1;
    /// biases 0. Drawn in layout order from SplitMix64(seed). The distance biases start as
    /// ALiBi's recency ramps (−slope·distance, slopes 2^(−8(h+1)/H)), except that each
    /// layer's last head starts flat: the local heads gather the last few symbols from the
    /// first step, and a global head can look up where they occurred before. (With flat
    /// biases every head starts by averaging the whole context.)
    pub fn initial(&self, cfg: &TransformerConfig) -> Vec<f32> {
        let mut p = vec![0.0f32; self.len];
        let mut rng = SplitMix64::new(cfg.seed);
        let (d, f) = (cfg.d_model as f32, cfg.ffn() as f32);
        let residual = 1.0 / (2.0 * cfg.layers as f32).sqrt();
        let mut fill = |r: &Range<usize>, scale: f32| {
            p[r.clone()]
                .iter_mut()
                .for_each(|w| *w = rng.uniform(scale));
        };
        fill(&self.emb, 1.0);
        for l in &self.layers {
            fill(&l.wqkv, 1.0 / d.sqrt());
            fill(&l.wo, residual / d.sqrt());
            fill(&l.w1, 1.0 / d.sqrt());
            fill(&l.w2, residual / f.sqrt());
        }
        fill(&self.wout, 1.0 / d.sqrt());
        let (c, heads) = (cfg.context, cfg.heads);
        for l in &self.layers {
            for h in 0..heads - 1 {
                let power = -8.0 * (h + 1) as f32 / heads as f32;
                let slope = crate::shared::math::exp(power * std::f32::consts::LN_2);
                let bias = &mut p[l.pos.start + h * c..l.pos.start + (h + 1) * c];
                for (i, b) in bias.iter_mut().enumerate() {
                    *b = -slope * i as f32;
                }
            }
        }
        let dm = cfg.d_model;
        for ln in self
            .layers
            .iter()
            .flat_map(|l| [&l.ln1, &l.ln2])
            .chain([&self.lnf])
        {
            p[ln.start..ln.start + dm].fill(1.0);
        }
        p
    }
}
