//! A recurrent next-symbol model trained online by truncated BPTT: it predicts the next L
//! symbols with the current weights (hidden state carried across segments), then
//! backpropagates through that segment and takes one Adam step. With B > 1 streams, B parts of
//! the input advance together as one batch and share every Adam step. The decoder replays
//! exactly the same calls, so only the seed needs storing.

mod segment;

use crate::adam::Adam;
use crate::cell::{self, CellGrads, CellKind, CellWeights, Scratch, StateGrads, StepOutputs};
use crate::init::SplitMix64;
use crate::kernels::{accumulate_rows, axpy, dot};
use crate::math::softmax;
use segment::Segment;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub cell: CellKind,
    /// Alphabet size M.
    pub alphabet: usize,
    pub hidden: usize,
    /// Past symbols fed as input each step (1 for the char models, W for Feat).
    pub window: usize,
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

/// Offsets of each tensor in the flat parameter vector.
struct Layout {
    wx: std::ops::Range<usize>,
    wh: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
    wo: std::ops::Range<usize>,
    bo: std::ops::Range<usize>,
}

impl Layout {
    fn new(cfg: &Config) -> Layout {
        let gh = cfg.cell.gates() * cfg.hidden;
        let inputs = cfg.window * (cfg.alphabet + 1);
        let mut at = 0;
        let mut take = |n: usize| {
            at += n;
            at - n..at
        };
        Layout {
            wx: take(inputs * gh),
            wh: take(cfg.hidden * gh),
            b: take(gh),
            wo: take(cfg.hidden * cfg.alphabet),
            bo: take(cfg.alphabet),
        }
    }

    fn len(&self) -> usize {
        self.bo.end
    }
}

pub struct Model {
    cfg: Config,
    layout: Layout,
    params: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam,
    seg: Segment,
    /// Hidden and cell state entering the next step, per stream.
    h: Vec<f32>,
    c: Vec<f32>,
    /// The last `window` symbols of each stream, most recent first; M marks "before the start".
    history: Vec<u8>,
    /// Streams whose forward pass for the current step is done (0: not done yet).
    ready: usize,
    scratch: Scratch,
    /// Wh transposed, kept in step with the parameters.
    wh_t: Vec<f32>,
    logits: Vec<f32>,
    dh: Vec<f32>,
    dc: Vec<f32>,
    da: Vec<f32>,
}

impl Model {
    pub fn new(cfg: Config) -> Model {
        let layout = Layout::new(&cfg);
        let mut rng = SplitMix64::new(cfg.seed);
        let scale_in = 1.0 / (cfg.window as f32).sqrt();
        let scale_h = 1.0 / (cfg.hidden as f32).sqrt();
        let mut params = vec![0.0; layout.len()];
        for (range, scale) in [
            (&layout.wx, scale_in),
            (&layout.wh, scale_h),
            (&layout.wo, scale_h),
        ] {
            params[range.clone()]
                .iter_mut()
                .for_each(|p| *p = rng.uniform(scale));
        }
        let (h, b, gh) = (cfg.hidden, cfg.streams, cfg.cell.gates() * cfg.hidden);
        let mut model = Model {
            wh_t: vec![0.0; layout.wh.len()],
            adam: Adam::new(layout.len(), cfg.lr, cfg.beta1, cfg.beta2, cfg.clip),
            grads: vec![0.0; layout.len()],
            params,
            seg: Segment::new(&cfg),
            h: vec![0.0; b * h],
            c: vec![0.0; b * h],
            history: vec![cfg.alphabet as u8; b * cfg.window],
            ready: 0,
            scratch: Scratch::new(cfg.cell, h, b),
            logits: vec![0.0; cfg.alphabet],
            dh: vec![0.0; b * h],
            dc: vec![0.0; b * h],
            da: vec![0.0; b * gh],
            layout,
            cfg,
        };
        model.refresh_transpose();
        model
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// Distributions of the next symbol of the first `live` streams (`live` × M values).
    /// `live` may only shrink along a stream, as the shorter parts end.
    pub fn predict(&mut self, live: usize) -> &[f32] {
        debug_assert!(live >= 1 && live <= self.cfg.streams);
        if self.ready != live {
            self.forward_step(live);
            self.ready = live;
        }
        self.seg.probs(self.seg.len, live)
    }

    /// Reveals the next symbol of each live stream; trains at the end of every segment.
    pub fn update(&mut self, symbols: &[u8]) {
        let live = symbols.len();
        self.predict(live);
        let (t, h, w) = (self.seg.len, self.cfg.hidden, self.cfg.window);
        self.seg.set_targets(t, symbols);
        self.h[..live * h].copy_from_slice(&self.seg.h(t)[..live * h]);
        self.c[..live * h].copy_from_slice(&self.seg.c(t)[..live * h]);
        for (b, &s) in symbols.iter().enumerate() {
            let hist = &mut self.history[b * w..(b + 1) * w];
            hist.rotate_right(1);
            hist[0] = s;
        }
        self.seg.len += 1;
        self.ready = 0;
        if self.seg.len == self.cfg.bptt {
            self.accumulate_gradients();
            self.adam.step(&mut self.params, &self.grads);
            self.refresh_transpose();
            self.seg.len = 0;
        }
    }

    /// Copies Wh into `wh_t` transposed; the weights change only at Adam steps.
    fn refresh_transpose(&mut self) {
        let (h, gh) = (self.cfg.hidden, self.cfg.cell.gates() * self.cfg.hidden);
        let wh = &self.params[self.layout.wh.clone()];
        for j in 0..h {
            for k in 0..gh {
                self.wh_t[k * h + j] = wh[j * gh + k];
            }
        }
    }

    fn forward_step(&mut self, live: usize) {
        let (t, m, w) = (self.seg.len, self.cfg.alphabet, self.cfg.window);
        self.seg.live[t] = live;
        let active = self.seg.active_mut(t);
        for (k, (a, &s)) in active.iter_mut().zip(&self.history).enumerate() {
            *a = ((k % w) * (m + 1) + s as usize) as u32;
        }
        self.seg.h_prev_mut(t).copy_from_slice(&self.h);
        self.seg.c_prev_mut(t).copy_from_slice(&self.c);
        let weights = CellWeights {
            wx: &self.params[self.layout.wx.clone()],
            wh: &self.params[self.layout.wh.clone()],
            wh_t: &self.wh_t,
            b: &self.params[self.layout.b.clone()],
        };
        let (active, out) = self.seg.step_split(t);
        cell::forward(
            self.cfg.cell,
            &weights,
            live,
            (active, &self.h, &self.c),
            &mut self.scratch,
            StepOutputs {
                gates: out.gates,
                aux: out.aux,
                h: out.h,
                c: out.c,
            },
        );
        let hn = self.cfg.hidden;
        let (wo, bo) = (
            &self.params[self.layout.wo.clone()],
            &self.params[self.layout.bo.clone()],
        );
        for b in 0..live {
            self.logits.copy_from_slice(bo);
            accumulate_rows(&mut self.logits, &out.h[b * hn..(b + 1) * hn], wo, m, 1);
            softmax(&self.logits, &mut out.probs[b * m..(b + 1) * m]);
        }
    }

    /// Gradients of Σ −ln p(target) over the segment's steps and streams into `self.grads`.
    fn accumulate_gradients(&mut self) {
        let (hn, m) = (self.cfg.hidden, self.cfg.alphabet);
        self.grads.iter_mut().for_each(|g| *g = 0.0);
        self.dh.iter_mut().for_each(|v| *v = 0.0);
        self.dc.iter_mut().for_each(|v| *v = 0.0);
        let l = &self.layout;
        let (before_wo, rest) = self.grads.split_at_mut(l.wo.start);
        let (g_wo, g_bo) = rest.split_at_mut(l.bo.start - l.wo.start);
        let (g_wx, rest) = before_wo.split_at_mut(l.wh.start);
        let (g_wh, g_b) = rest.split_at_mut(l.b.start - l.wh.start);
        let mut grads = CellGrads {
            wx: g_wx,
            wh: g_wh,
            b: g_b,
        };
        let weights = CellWeights {
            wx: &self.params[l.wx.clone()],
            wh: &self.params[l.wh.clone()],
            wh_t: &self.wh_t,
            b: &self.params[l.b.clone()],
        };
        let wo = &self.params[l.wo.clone()];
        for t in (0..self.seg.len).rev() {
            let live = self.seg.live[t];
            let rec = self.seg.step(t);
            for b in 0..live {
                // Output layer: dlogits = p − onehot(target).
                let dl = &mut self.logits;
                dl.copy_from_slice(&self.seg.probs(t, live)[b * m..(b + 1) * m]);
                dl[self.seg.targets(t)[b] as usize] -= 1.0;
                axpy(g_bo, 1.0, dl);
                for j in 0..hn {
                    let rows = j * m..(j + 1) * m;
                    axpy(&mut g_wo[rows.clone()], rec.h[b * hn + j], dl);
                    self.dh[b * hn + j] += dot(&wo[rows], dl);
                }
            }
            cell::backward(
                self.cfg.cell,
                &weights,
                &mut grads,
                live,
                &rec,
                StateGrads {
                    dh: &mut self.dh,
                    dc: &mut self.dc,
                    da: &mut self.da,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests;
