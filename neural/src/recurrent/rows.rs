//! A contiguous group of the model's B rows with everything that is theirs alone: recurrent
//! state, history, the TBPTT record, and the backward pass through their steps. Nothing a
//! group computes depends on the other rows, so groups run on separate threads and any split
//! of the rows gives the same bits; the sums across rows (weight gradients) are made after,
//! in row order, by `weight_grads`.

use super::config::Config;
use super::features::ContextCounts;
use super::layout::Layout;
use super::segment::Segment;
use super::weights::{cell_weights, Transposed};
use crate::cell::{self, CellKind, Scratch, StateGrads};
use crate::shared::kernels::{accumulate_rows, dot, BASE_TILE};
use crate::shared::math::softmax;

/// What every group reads and none writes while the groups run.
pub(super) struct Shared<'a> {
    pub cfg: &'a Config,
    pub layout: &'a Layout,
    pub params: &'a [f32],
    pub transposed: &'a [Transposed],
    pub contexts: Option<&'a ContextCounts>,
}

/// One layer's state of the group's rows.
struct LayerState {
    /// Hidden and cell state entering the next step, per row.
    h: Vec<f32>,
    c: Vec<f32>,
    scratch: Scratch,
    /// Gradients w.r.t. h and c carried back through time.
    dh: Vec<f32>,
    dc: Vec<f32>,
    /// The backward pass's pre-activation gradients of every step of the segment: what the
    /// input weights see, and what Wh sees where that differs (see `cell::StateGrads`).
    da: Vec<f32>,
    da_h: Vec<f32>,
}

pub(super) struct Rows {
    /// The first row of the group, and how many it has.
    pub start: usize,
    pub len: usize,
    pub seg: Segment,
    layers: Vec<LayerState>,
    /// The last `history_len` symbols of each row, most recent first; M marks "before the
    /// start".
    history: Vec<u8>,
    history_len: usize,
    /// Scratch: one step's output logits, M per row.
    logits: Vec<f32>,
    /// Gradients w.r.t. the logits of every step of the segment, M per row.
    pub dl: Vec<f32>,
    /// Gradients w.r.t. layer 0's dense inputs of every step (embedded inputs only).
    pub d_dense: Vec<f32>,
}

impl Rows {
    /// The model's rows cut into one group of consecutive rows per thread (at most one per
    /// row), each in its initial state.
    pub fn groups(cfg: &Config, layout: &Layout, threads: usize) -> Vec<Rows> {
        let n_groups = threads.min(cfg.streams);
        (0..n_groups)
            .map(|g| {
                let (start, end) = (cfg.streams * g / n_groups, cfg.streams * (g + 1) / n_groups);
                Rows::new(cfg, layout, start, end - start)
            })
            .collect()
    }

    pub fn new(cfg: &Config, layout: &Layout, start: usize, len: usize) -> Rows {
        let (h, gh, steps) = (cfg.hidden, cfg.cell().gates() * cfg.hidden, cfg.bptt);
        let dense = layout.layers[0].dense;
        let own_da_h = matches!(cfg.cell(), CellKind::Gru | CellKind::GruResetBefore);
        let layers = (0..cfg.layers)
            .map(|_| LayerState {
                h: vec![0.0; len * h],
                c: vec![0.0; len * h],
                scratch: Scratch::new(cfg.cell(), h, len),
                dh: vec![0.0; len * h],
                dc: vec![0.0; len * h],
                da: vec![0.0; steps * len * gh],
                da_h: vec![0.0; if own_da_h { steps * len * gh } else { 0 }],
            })
            .collect();
        let history_len = cfg.window.max(cfg.contexts);
        Rows {
            start,
            len,
            seg: Segment::new(cfg, dense, len),
            layers,
            history: vec![cfg.alphabet as u8; len * history_len],
            history_len,
            logits: vec![0.0; len * cfg.alphabet],
            dl: vec![0.0; steps * len * cfg.alphabet],
            d_dense: vec![
                0.0;
                if cfg.embed > 0 {
                    steps * len * dense
                } else {
                    0
                }
            ],
        }
    }

    /// This group's rows among the model's first `rows`.
    pub fn live_of(&self, rows: usize) -> usize {
        rows.saturating_sub(self.start).min(self.len)
    }

    /// Step `t`'s pre-activation gradients of layer `l` (what the input weights see) and what
    /// its Wh sees, for every row of the group.
    pub fn da(&self, t: usize, l: usize) -> (&[f32], &[f32]) {
        let layer = &self.layers[l];
        let n = layer.da.len() / self.seg.steps();
        let da = &layer.da[t * n..(t + 1) * n];
        let da_h = if layer.da_h.is_empty() {
            da
        } else {
            &layer.da_h[t * n..(t + 1) * n]
        };
        (da, da_h)
    }

    /// Step `t`'s logit gradients, M per row.
    pub fn dl(&self, t: usize) -> &[f32] {
        let n = self.dl.len() / self.seg.steps();
        &self.dl[t * n..(t + 1) * n]
    }

    /// Step `t`'s gradients w.r.t. layer 0's dense inputs.
    pub fn d_dense(&self, t: usize) -> &[f32] {
        let n = self.d_dense.len() / self.seg.steps();
        &self.d_dense[t * n..(t + 1) * n]
    }

    /// The forward step of the group's first `live` rows at step `t`: inputs from their
    /// history, every layer, then the output distribution into the segment record.
    pub fn forward_step(&mut self, sh: &Shared, t: usize, live: usize) {
        self.seg.live[t] = live;
        if live == 0 {
            return;
        }
        self.gather_inputs(sh, t, live);
        for (l, layer) in self.layers.iter_mut().enumerate() {
            self.seg.set_state_in(t, l, &layer.h, &layer.c);
            let weights = cell_weights(sh.params, &sh.layout.layers[l], &sh.transposed[l]);
            let (input, out) = self.seg.step_split(t, l);
            let kind = sh.cfg.cell();
            cell::forward(kind, &weights, live, input, &mut layer.scratch, out);
        }
        let (hn, m, top) = (sh.cfg.hidden, sh.cfg.alphabet, self.layers.len() - 1);
        let (wo, bo) = (
            &sh.params[sh.layout.wo.clone()],
            &sh.params[sh.layout.bo.clone()],
        );
        // All live rows in one call: their sums run side by side (each in the same order as
        // alone).
        let logits = &mut self.logits[..live * m];
        logits
            .chunks_exact_mut(m)
            .for_each(|l| l.copy_from_slice(bo));
        let h = &self.seg.h(t, top)[..live * hn];
        accumulate_rows::<BASE_TILE>(logits, h, wo, m, live);
        let probs = self.seg.probs_mut(t).chunks_exact_mut(m);
        for (l, p) in logits.chunks_exact(m).zip(probs) {
            softmax(l, p);
        }
    }

    /// Fills step `t`'s layer-0 inputs from each live row's history.
    fn gather_inputs(&mut self, sh: &Shared, t: usize, live: usize) {
        let (m, w, e, hl) = (
            sh.cfg.alphabet,
            sh.cfg.window,
            sh.cfg.embed,
            self.history_len,
        );
        let d = sh.layout.layers[0].dense;
        let embed = &sh.params[sh.layout.embed.clone()];
        let (rows, dense) = self.seg.inputs_mut(t);
        for b in 0..live {
            let hist = &self.history[b * hl..(b + 1) * hl];
            let dense = &mut dense[b * d..(b + 1) * d];
            for (k, (row, &s)) in rows[b * w..(b + 1) * w].iter_mut().zip(hist).enumerate() {
                *row = (k * (m + 1) + s as usize) as u32;
                if e > 0 {
                    let s = s as usize;
                    dense[k * e..(k + 1) * e].copy_from_slice(&embed[s * e..(s + 1) * e]);
                }
            }
            if let Some(cc) = sh.contexts {
                cc.features(hist, &mut dense[w * e..]);
            }
        }
    }

    /// Step `t` is done: its symbols (one per live row) become its targets, its states carry
    /// on, and each row's history takes its symbol (counted into `contexts` in row order).
    pub fn finish_step(&mut self, t: usize, symbols: &[u8], contexts: Option<&mut ContextCounts>) {
        let (live, h, hl) = (
            symbols.len(),
            self.layers[0].h.len() / self.len,
            self.history_len,
        );
        self.seg.set_targets(t, symbols);
        for (l, layer) in self.layers.iter_mut().enumerate() {
            layer.h[..live * h].copy_from_slice(&self.seg.h(t, l)[..live * h]);
            layer.c[..live * h].copy_from_slice(&self.seg.c(t, l)[..live * h]);
        }
        let mut contexts = contexts;
        for (b, &s) in symbols.iter().enumerate() {
            let hist = &mut self.history[b * hl..(b + 1) * hl];
            if let Some(cc) = contexts.as_deref_mut() {
                cc.update(hist, s);
            }
            hist.rotate_right(1);
            hist[0] = s;
        }
        self.seg.len += 1;
    }

    /// The backward pass of the group's rows through the segment, last step first: each
    /// step's logit and pre-activation gradients recorded for `weight_grads`, the gradients
    /// w.r.t. the state carried from step to step.
    pub fn backward(&mut self, sh: &Shared) {
        for layer in &mut self.layers {
            layer.dh.iter_mut().for_each(|v| *v = 0.0);
            layer.dc.iter_mut().for_each(|v| *v = 0.0);
        }
        for t in (0..self.seg.len).rev() {
            let live = self.seg.live[t];
            if live == 0 {
                continue;
            }
            self.output_backward(sh, t, live);
            for l in (0..self.layers.len()).rev() {
                self.layer_backward(sh, t, l, live);
            }
        }
    }

    /// dlogits = p − onehot(target) of every live row at `t`, and its gradient w.r.t. the
    /// top layer's h added to that layer's carried dh.
    fn output_backward(&mut self, sh: &Shared, t: usize, live: usize) {
        let (hn, m) = (sh.cfg.hidden, sh.cfg.alphabet);
        let wo = &sh.params[sh.layout.wo.clone()];
        let n = self.dl.len() / self.seg.steps();
        let dl = &mut self.dl[t * n..t * n + live * m];
        dl.copy_from_slice(&self.seg.probs(t, live)[..live * m]);
        for (b, &s) in self.seg.targets(t)[..live].iter().enumerate() {
            dl[b * m + s as usize] -= 1.0;
        }
        let dh = &mut self.layers.last_mut().expect("one layer at least").dh;
        for (dh, d) in dh.chunks_exact_mut(hn).zip(dl.chunks_exact(m)) {
            for (dh, w) in dh.iter_mut().zip(wo.chunks_exact(m)) {
                *dh += dot(w, d);
            }
        }
    }

    /// Layer `l`'s backward step at `t`: its pre-activation gradients recorded, its carried
    /// dh and dc, and the gradient w.r.t. its dense inputs (into the layer below's dh, or
    /// the record of the embeddings' gradients).
    fn layer_backward(&mut self, sh: &Shared, t: usize, l: usize, live: usize) {
        let rec = self.seg.step(t, l);
        let (below, rest) = self.layers.split_at_mut(l);
        let layer = &mut rest[0];
        let n = layer.da.len() / self.seg.steps();
        let span = t * n..(t + 1) * n;
        let d_dense = match below.last_mut() {
            Some(lower) => Some(&mut lower.dh[..]),
            None if sh.cfg.embed > 0 => {
                let n = self.d_dense.len() / self.seg.steps();
                let d = &mut self.d_dense[t * n..(t + 1) * n];
                d.iter_mut().for_each(|v| *v = 0.0);
                Some(d)
            }
            None => None,
        };
        let weights = cell_weights(sh.params, &sh.layout.layers[l], &sh.transposed[l]);
        let da_h = if layer.da_h.is_empty() {
            &mut layer.da_h[..]
        } else {
            &mut layer.da_h[span.clone()]
        };
        cell::backward(
            sh.cfg.cell(),
            &weights,
            live,
            &rec,
            StateGrads {
                dh: &mut layer.dh,
                dc: &mut layer.dc,
                da: &mut layer.da[span],
                da_h,
                d_dense,
            },
            &mut layer.scratch,
        );
    }
}
