//! A recurrent next-symbol model trained online by truncated BPTT: it predicts the next L
//! symbols with the current weights (hidden state carried across segments), then
//! backpropagates through that segment and takes one Adam step. The decoder replays exactly
//! the same calls, so only the seed needs storing.

use crate::adam::Adam;
use crate::cell::{self, CellGrads, CellKind, CellWeights, Scratch, StepRecord};
use crate::init::SplitMix64;
use crate::kernels::{axpy, dot};
use crate::math::softmax;

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

/// Per-step records of the current segment, preallocated for L steps.
struct Segment {
    len: usize,
    active: Vec<u32>,
    h_prev: Vec<f32>,
    c_prev: Vec<f32>,
    gates: Vec<f32>,
    aux: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
    probs: Vec<f32>,
    targets: Vec<u8>,
}

pub struct Model {
    cfg: Config,
    layout: Layout,
    params: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam,
    seg: Segment,
    /// Hidden and cell state entering the next step.
    h: Vec<f32>,
    c: Vec<f32>,
    /// The last `window` symbols, most recent first; M marks "before the start".
    history: Vec<u8>,
    /// Whether the current step's forward pass (and its `probs`) is done.
    ready: bool,
    scratch: Scratch,
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
        let (h, l, gh) = (cfg.hidden, cfg.bptt, cfg.cell.gates() * cfg.hidden);
        let seg = Segment {
            len: 0,
            active: vec![0; l * cfg.window],
            h_prev: vec![0.0; l * h],
            c_prev: vec![0.0; l * h],
            gates: vec![0.0; l * gh],
            aux: vec![0.0; l * h],
            h: vec![0.0; l * h],
            c: vec![0.0; l * h],
            probs: vec![0.0; l * cfg.alphabet],
            targets: vec![0; l],
        };
        Model {
            adam: Adam::new(layout.len(), cfg.lr, cfg.beta1, cfg.beta2, cfg.clip),
            grads: vec![0.0; layout.len()],
            params,
            seg,
            h: vec![0.0; h],
            c: vec![0.0; h],
            history: vec![cfg.alphabet as u8; cfg.window],
            ready: false,
            scratch: Scratch::new(cfg.cell, h),
            logits: vec![0.0; cfg.alphabet],
            dh: vec![0.0; h],
            dc: vec![0.0; h],
            da: vec![0.0; gh],
            layout,
            cfg,
        }
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// Distribution of the next symbol.
    pub fn predict(&mut self) -> &[f32] {
        if !self.ready {
            self.forward_step();
            self.ready = true;
        }
        let (t, m) = (self.seg.len, self.cfg.alphabet);
        &self.seg.probs[t * m..(t + 1) * m]
    }

    /// Reveals the next symbol; trains at the end of every segment.
    pub fn update(&mut self, symbol: u8) {
        self.predict();
        let (t, h) = (self.seg.len, self.cfg.hidden);
        self.seg.targets[t] = symbol;
        self.h.copy_from_slice(&self.seg.h[t * h..(t + 1) * h]);
        self.c.copy_from_slice(&self.seg.c[t * h..(t + 1) * h]);
        self.history.rotate_right(1);
        self.history[0] = symbol;
        self.seg.len += 1;
        self.ready = false;
        if self.seg.len == self.cfg.bptt {
            self.train_segment();
            self.seg.len = 0;
        }
    }

    fn forward_step(&mut self) {
        let cfg = &self.cfg;
        let (t, hn, m, w) = (self.seg.len, cfg.hidden, cfg.alphabet, cfg.window);
        let gh = cfg.cell.gates() * hn;
        let active = &mut self.seg.active[t * w..(t + 1) * w];
        for (k, (a, &s)) in active.iter_mut().zip(&self.history).enumerate() {
            *a = (k * (m + 1) + s as usize) as u32;
        }
        let hs = t * hn..(t + 1) * hn;
        self.seg.h_prev[hs.clone()].copy_from_slice(&self.h);
        self.seg.c_prev[hs.clone()].copy_from_slice(&self.c);
        let l = &self.layout;
        let weights = CellWeights {
            wx: &self.params[l.wx.clone()],
            wh: &self.params[l.wh.clone()],
            b: &self.params[l.b.clone()],
        };
        cell::forward(
            cfg.cell,
            &weights,
            &self.seg.active[t * w..(t + 1) * w],
            &self.h,
            &self.c,
            &mut self.scratch,
            &mut self.seg.gates[t * gh..(t + 1) * gh],
            &mut self.seg.aux[hs.clone()],
            &mut self.seg.h[hs.clone()],
            &mut self.seg.c[hs.clone()],
        );
        self.logits.copy_from_slice(&self.params[l.bo.clone()]);
        let wo = &self.params[l.wo.clone()];
        for (j, &hj) in self.seg.h[hs].iter().enumerate() {
            axpy(&mut self.logits, hj, &wo[j * m..(j + 1) * m]);
        }
        softmax(&self.logits, &mut self.seg.probs[t * m..(t + 1) * m]);
    }

    /// Backpropagates the cross-entropy of the segment's steps and takes one Adam step.
    fn train_segment(&mut self) {
        self.accumulate_gradients();
        self.adam.step(&mut self.params, &self.grads);
    }

    /// Gradients of Σ −ln p(target) over the segment into `self.grads`.
    fn accumulate_gradients(&mut self) {
        let cfg = &self.cfg;
        let (hn, m, w) = (cfg.hidden, cfg.alphabet, cfg.window);
        let gh = cfg.cell.gates() * hn;
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
            b: &self.params[l.b.clone()],
        };
        let wo = &self.params[l.wo.clone()];
        for t in (0..self.seg.len).rev() {
            let hs = t * hn..(t + 1) * hn;
            // Output layer: dlogits = p − onehot(target).
            let dl = &mut self.logits;
            dl.copy_from_slice(&self.seg.probs[t * m..(t + 1) * m]);
            dl[self.seg.targets[t] as usize] -= 1.0;
            axpy(g_bo, 1.0, dl);
            for (j, &hj) in self.seg.h[hs.clone()].iter().enumerate() {
                axpy(&mut g_wo[j * m..(j + 1) * m], hj, dl);
                self.dh[j] += dot(&wo[j * m..(j + 1) * m], dl);
            }
            let rec = StepRecord {
                h_prev: &self.seg.h_prev[hs.clone()],
                c_prev: &self.seg.c_prev[hs.clone()],
                gates: &self.seg.gates[t * gh..(t + 1) * gh],
                aux: &self.seg.aux[hs.clone()],
                h: &self.seg.h[hs],
            };
            cell::backward(
                cfg.cell,
                &weights,
                &mut grads,
                &self.seg.active[t * w..(t + 1) * w],
                &rec,
                &mut self.dh,
                &mut self.dc,
                &mut self.da,
            );
        }
    }
}

#[cfg(test)]
mod tests;
