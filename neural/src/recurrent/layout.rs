//! Where each tensor lives in the flat parameter vector, and the seeded initial values.
//!
//! The one-layer, one-hot tensors come first in their historical order (layer 0's Wx, Wh, b,
//! then the output layer), and with `Init::FanIn` are drawn from the generator first, so
//! adding layers, an embedding or context features leaves that model's initial weights and
//! its Adam steps (whose clipping norm sums in index order) unchanged.

use std::ops::Range;

use super::config::Config;
use super::settings::Init;
use crate::cell::CellKind;
use crate::shared::init::{orthogonal, SplitMix64};

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
        let gh = cfg.cell().gates() * cfg.hidden;
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

    /// Initial parameters from the seed, drawn as `cfg.init` says. Biases draw nothing from
    /// the generator.
    pub fn initial(&self, cfg: &Config) -> Vec<f32> {
        let mut rng = SplitMix64::new(cfg.seed);
        let mut params = vec![0.0; self.len];
        match cfg.init {
            Init::FanIn => self.draw_fan_in(cfg, &mut rng, &mut params),
            Init::Glorot | Init::Orthogonal => self.draw_glorot(cfg, &mut rng, &mut params),
        }
        let h = cfg.hidden;
        match cfg.cell() {
            CellKind::Gru | CellKind::GruResetBefore => {
                let reset_bias = if cfg.init == Init::FanIn { 0.0 } else { 1.0 };
                for l in &self.layers {
                    params[l.b.start..l.b.start + h].fill(reset_bias);
                    params[l.b.start + h..l.b.start + 2 * h].fill(cfg.update_bias);
                }
            }
            CellKind::Lstm if cfg.init != Init::FanIn => {
                // TensorFlow's LSTM cells add 1.0 to the forget gate.
                for l in &self.layers {
                    params[l.b.start + h..l.b.start + 2 * h].fill(1.0);
                }
            }
            _ => {}
        }
        params
    }

    /// Weights uniform in ±1/√fan-in (embeddings ±1, recurrent weights
    /// ±recurrent_gain/√hidden), in the historical order.
    fn draw_fan_in(&self, cfg: &Config, rng: &mut SplitMix64, params: &mut [f32]) {
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
        for (range, scale) in draws {
            params[range]
                .iter_mut()
                .for_each(|p| *p = rng.uniform(scale));
        }
    }

    /// TensorFlow's Glorot-uniform kernels: per gate group (a separate kernel variable in
    /// TensorFlow), every weight of [x; h] uniform in ±√(6/(fan_in + fan_out)), where fan_in
    /// counts the M one-hot inputs per window position (not our "before the start" row), the
    /// dense inputs and h. Wh is scaled by recurrent_gain, or drawn orthogonal per gate block
    /// for `Init::Orthogonal`. Output weights and bias, and embeddings, Glorot too.
    fn draw_glorot(&self, cfg: &Config, rng: &mut SplitMix64, params: &mut [f32]) {
        let (h, m) = (cfg.hidden, cfg.alphabet);
        let glorot = |fan_in: usize, fan_out: usize| (6.0 / (fan_in + fan_out) as f32).sqrt();
        // (columns, fan_out) of each gate group, in column order.
        let groups: &[usize] = match cfg.cell() {
            CellKind::Rnn => &[1],
            CellKind::Gru | CellKind::GruResetBefore => &[2, 1],
            CellKind::Lstm => &[4],
        };
        for (l, ll) in self.layers.iter().enumerate() {
            let inputs = if l == 0 { cfg.window * m } else { 0 } + ll.dense;
            let limits: Vec<f32> = groups
                .iter()
                .flat_map(|&g| std::iter::repeat_n(glorot(inputs + h, g * h), g * h))
                .collect();
            for range in [ll.wx.clone(), ll.wd.clone()] {
                for row in params[range].chunks_exact_mut(limits.len()) {
                    row.iter_mut()
                        .zip(&limits)
                        .for_each(|(p, &lim)| *p = rng.uniform(lim));
                }
            }
            let wh = &mut params[ll.wh.clone()];
            if cfg.init == Init::Orthogonal {
                self.draw_orthogonal_wh(cfg, rng, wh);
            } else if cfg.cell() == CellKind::GruResetBefore {
                // r and z (hidden × 2h), then n (hidden × h): one limit per matrix.
                let (rz, n) = wh.split_at_mut(2 * h * h);
                let gain = cfg.recurrent_gain;
                rz.iter_mut()
                    .for_each(|p| *p = rng.uniform(gain * limits[0]));
                n.iter_mut()
                    .for_each(|p| *p = rng.uniform(gain * limits[2 * h]));
            } else {
                for row in wh.chunks_exact_mut(limits.len()) {
                    row.iter_mut()
                        .zip(&limits)
                        .for_each(|(p, &lim)| *p = rng.uniform(cfg.recurrent_gain * lim));
                }
            }
        }
        let draws = [
            (self.wo.clone(), glorot(h, m)),
            (self.bo.clone(), glorot(m, m)),
            (self.embed.clone(), glorot(m + 1, cfg.embed)),
        ];
        for (range, limit) in draws {
            params[range]
                .iter_mut()
                .for_each(|p| *p = rng.uniform(limit));
        }
    }

    /// Each gate's hidden × hidden block of `wh` a seeded random orthogonal matrix times
    /// recurrent_gain.
    fn draw_orthogonal_wh(&self, cfg: &Config, rng: &mut SplitMix64, wh: &mut [f32]) {
        let (h, gates) = (cfg.hidden, cfg.cell().gates());
        // Where block g's element (row j, column k) lives.
        let at = |g: usize, j: usize, k: usize| match cfg.cell() {
            CellKind::GruResetBefore if g == 2 => 2 * h * h + j * h + k,
            CellKind::GruResetBefore => j * 2 * h + g * h + k,
            _ => j * gates * h + g * h + k,
        };
        for g in 0..gates {
            let q = orthogonal(h, rng);
            for j in 0..h {
                for k in 0..h {
                    wh[at(g, j, k)] = cfg.recurrent_gain * q[j * h + k];
                }
            }
        }
    }
}
