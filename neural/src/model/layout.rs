//! Where each tensor lives in the flat parameter vector, and the seeded initial values.
//!
//! The one-layer, one-hot tensors come first in their historical order (layer 0's Wx, Wh, b,
//! then the output layer), and are drawn from the generator first, so adding layers, an
//! embedding or context features leaves that model's initial weights and its Adam steps
//! (whose clipping norm sums in index order) unchanged.

use std::ops::Range;

use super::Config;
use crate::cell::CellKind;
use crate::init::SplitMix64;

pub struct LayerLayout {
    /// One-hot input rows (layer 0 without an embedding only).
    pub wx: Range<usize>,
    /// Dense input rows: embeddings and context features (layer 0), the layer below (others).
    pub wd: Range<usize>,
    pub wh: Range<usize>,
    pub b: Range<usize>,
    /// Dense inputs per stream.
    pub dense: usize,
}

pub struct Layout {
    pub layers: Vec<LayerLayout>,
    pub wo: Range<usize>,
    pub bo: Range<usize>,
    /// (M+1) × embed: the embedding of each symbol and of "before the start".
    pub embed: Range<usize>,
    len: usize,
}

impl Layout {
    pub fn new(cfg: &Config, context_features: usize) -> Layout {
        let gh = cfg.cell.gates() * cfg.hidden;
        let one_hot = if cfg.embed == 0 {
            cfg.window * (cfg.alphabet + 1)
        } else {
            0
        };
        let dense0 = cfg.window * cfg.embed + context_features;
        let mut at = 0;
        let mut take = |n: usize| {
            at += n;
            at - n..at
        };
        let (wx, wh, b) = (take(one_hot * gh), take(cfg.hidden * gh), take(gh));
        let (wo, bo) = (take(cfg.hidden * cfg.alphabet), take(cfg.alphabet));
        let mut layers = vec![LayerLayout {
            wx,
            wd: take(dense0 * gh),
            wh,
            b,
            dense: dense0,
        }];
        let embed = take((cfg.alphabet + 1) * cfg.embed);
        for _ in 1..cfg.layers {
            layers.push(LayerLayout {
                wx: 0..0,
                wd: take(cfg.hidden * gh),
                wh: take(cfg.hidden * gh),
                b: take(gh),
                dense: cfg.hidden,
            });
        }
        Layout {
            layers,
            wo,
            bo,
            embed,
            len: at,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Initial parameters from the seed: weights uniform in ±1/√fan-in (embeddings ±1,
    /// recurrent weights ±recurrent_gain/√hidden), biases zero but the GRU update gate's
    /// (update_bias). Biases draw nothing from the generator.
    pub fn initial(&self, cfg: &Config) -> Vec<f32> {
        let mut rng = SplitMix64::new(cfg.seed);
        let scale = |n: usize| 1.0 / (n.max(1) as f32).sqrt();
        let (l0, scale_h) = (&self.layers[0], scale(cfg.hidden));
        let scale_wh = cfg.recurrent_gain * scale_h;
        let mut draws = vec![
            (l0.wx.clone(), scale(cfg.window)),
            (l0.wh.clone(), scale_wh),
            (self.wo.clone(), scale_h),
            (l0.wd.clone(), scale(l0.dense)),
            (self.embed.clone(), 1.0),
        ];
        for l in &self.layers[1..] {
            draws.push((l.wd.clone(), scale_h));
            draws.push((l.wh.clone(), scale_wh));
        }
        let mut params = vec![0.0; self.len];
        for (range, scale) in draws {
            params[range]
                .iter_mut()
                .for_each(|p| *p = rng.uniform(scale));
        }
        if cfg.cell == CellKind::Gru {
            let h = cfg.hidden;
            for l in &self.layers {
                params[l.b.start + h..l.b.start + 2 * h].fill(cfg.update_bias);
            }
        }
        params
    }
}

/// Disjoint mutable views of `v` for the given ranges (which must not overlap).
pub fn split_ranges<'a, const N: usize>(
    v: &'a mut [f32],
    ranges: [&Range<usize>; N],
) -> [&'a mut [f32]; N] {
    let mut order: [usize; N] = std::array::from_fn(|i| i);
    order.sort_by_key(|&i| ranges[i].start);
    let mut out: [&mut [f32]; N] = std::array::from_fn(|_| Default::default());
    let (mut rest, mut at) = (v, 0);
    for i in order {
        let r = ranges[i];
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(r.start - at);
        let (mine, tail) = tail.split_at_mut(r.len());
        out[i] = mine;
        rest = tail;
        at = r.end;
    }
    out
}
