//! A recurrent next-symbol model trained online by truncated BPTT: it predicts the next L
//! symbols with the current weights (hidden state carried across segments), then
//! backpropagates through that segment and takes one Adam step. With B > 1 streams, B parts of
//! the input advance together as one batch and share every Adam step. The decoder replays
//! exactly the same calls, so only the seed needs storing.

mod backward;
mod config;
mod layout;
mod segment;

use crate::adam::Adam;
use crate::cell::{self, CellKind, CellWeights, Scratch};
use crate::features::ContextCounts;
use crate::kernels::{accumulate_rows, BASE_TILE};
use crate::math::softmax;
use crate::mix::Mixer;
use crate::recipe::{Mix, Schedule};
use layout::{LayerLayout, Layout};
use segment::Segment;

pub use config::Config;

/// Wh and Wd transposed, kept in step with the parameters (Wd only where the gradient w.r.t.
/// the dense inputs is needed).
struct Transposed {
    wh: Vec<f32>,
    wd: Vec<f32>,
}

/// What each layer carries between steps and uses in its passes.
struct LayerState {
    /// Hidden and cell state entering the next step, per stream.
    h: Vec<f32>,
    c: Vec<f32>,
    transposed: Transposed,
    scratch: Scratch,
    /// Gradients w.r.t. h and c carried back through time.
    dh: Vec<f32>,
    dc: Vec<f32>,
}

pub struct Model {
    cfg: Config,
    layout: Layout,
    params: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam,
    seg: Segment,
    layers: Vec<LayerState>,
    contexts: Option<ContextCounts>,
    /// The order-0 mixer of `mix: order0`.
    mixer: Option<Mixer>,
    /// Sliding schedule: the last B − 1 symbols, most recent first (the targets of the
    /// delayed rows), and how many symbols have come.
    recent: Vec<u8>,
    seen: usize,
    /// The last `history_len()` symbols of each stream, most recent first; M marks "before
    /// the start".
    history: Vec<u8>,
    /// Streams whose forward pass for the current step is done (0: not done yet).
    ready: usize,
    /// Scratch: the output logits, then their gradients, M per stream.
    logits: Vec<f32>,
    /// Scratch: pre-activation gradients, and the gradient w.r.t. layer 0's dense inputs.
    da: Vec<f32>,
    d_dense: Vec<f32>,
}

impl Model {
    pub fn new(cfg: Config) -> Model {
        assert!(cfg.layers >= 1 && cfg.window >= 1 && cfg.streams >= 1 && cfg.bptt >= 1);
        let contexts = (cfg.contexts > 0).then(|| ContextCounts::new(cfg.alphabet, cfg.contexts));
        let layout = Layout::new(&cfg, contexts.as_ref().map_or(0, |c| c.len()));
        let (h, b, gh) = (cfg.hidden, cfg.streams, cfg.cell().gates() * cfg.hidden);
        let layers = layout
            .layers
            .iter()
            .enumerate()
            .map(|(l, ll)| LayerState {
                h: vec![0.0; b * h],
                c: vec![0.0; b * h],
                transposed: Transposed {
                    wh: vec![0.0; ll.wh.len()],
                    wd: vec![
                        0.0;
                        if l > 0 || cfg.embed > 0 {
                            ll.wd.len()
                        } else {
                            0
                        }
                    ],
                },
                scratch: Scratch::new(cfg.cell(), h, b),
                dh: vec![0.0; b * h],
                dc: vec![0.0; b * h],
            })
            .collect();
        let mut model = Model {
            params: layout.initial(&cfg),
            adam: Adam::new(layout.len(), cfg.lr, cfg.beta1, cfg.beta2, cfg.clip),
            grads: vec![0.0; layout.len()],
            seg: Segment::new(&cfg, layout.layers[0].dense),
            d_dense: vec![0.0; b * layout.layers[0].dense],
            layers,
            contexts,
            mixer: (cfg.mix == Mix::Order0).then(|| Mixer::new(cfg.alphabet, cfg.coded_streams())),
            recent: Vec::with_capacity(cfg.streams),
            seen: 0,
            history: vec![cfg.alphabet as u8; b * cfg.window.max(cfg.contexts)],
            ready: 0,
            logits: vec![0.0; cfg.alphabet * cfg.streams],
            da: vec![0.0; b * gh],
            layout,
            cfg,
        };
        model.refresh_transposes();
        model
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// Distributions of the next symbol of the first `live` coded streams (`live` × M
    /// values), to code with: the model's own, or blended by the mixer. `live` may only
    /// shrink along a stream, as the shorter parts end. The sliding schedule codes one
    /// stream, from row 0.
    pub fn predict(&mut self, live: usize) -> &[f32] {
        self.model_predict(self.rows(live));
        let probs = self.seg.probs(self.seg.len, live);
        match &mut self.mixer {
            Some(mixer) => mixer.mix(probs, live),
            None => probs,
        }
    }

    /// Reveals the next symbol of each live coded stream; trains at the end of every
    /// segment.
    pub fn update(&mut self, symbols: &[u8]) {
        let live = symbols.len();
        if self.mixer.is_some() {
            self.model_predict(self.rows(live));
            let probs = self.seg.probs(self.seg.len, live);
            self.mixer.as_mut().expect("checked").update(probs, symbols);
        }
        match self.cfg.schedule {
            Schedule::Online => self.train_step(symbols),
            Schedule::Sliding => {
                debug_assert_eq!(live, 1);
                // Row b's target is the symbol b steps back.
                let rows = self.sliding_rows();
                self.recent.insert(0, symbols[0]);
                // Taken out for the call (no copy per symbol), and kept to the B − 1 latest.
                let recent = std::mem::take(&mut self.recent);
                self.seen += 1;
                self.train_step(&recent[..rows]);
                self.recent = recent;
                self.recent.truncate(self.cfg.streams - 1);
            }
        }
    }

    /// Rows live at this step of the sliding schedule: row b starts once b symbols have come.
    fn sliding_rows(&self) -> usize {
        (self.seen + 1).min(self.cfg.streams)
    }

    /// Rows that run for `live` coded streams.
    fn rows(&self, live: usize) -> usize {
        match self.cfg.schedule {
            Schedule::Online => live,
            Schedule::Sliding => self.sliding_rows(),
        }
    }

    /// The model's own distributions of the next symbols of the first `rows` rows (what it
    /// trains on).
    fn model_predict(&mut self, rows: usize) -> &[f32] {
        debug_assert!(rows >= 1 && rows <= self.cfg.streams);
        if self.ready != rows {
            self.forward_step(rows);
            self.ready = rows;
        }
        self.seg.probs(self.seg.len, rows)
    }

    /// One step of the rows: the symbols that came (one per row) become the step's targets;
    /// the segment trains when full. Rows may start late (the sliding schedule) or end early
    /// (uneven parts); each step records its own live count for the backward pass.
    fn train_step(&mut self, symbols: &[u8]) {
        let live = symbols.len();
        self.model_predict(live);
        let (t, h, hl) = (self.seg.len, self.cfg.hidden, self.history_len());
        self.seg.set_targets(t, symbols);
        for (l, layer) in self.layers.iter_mut().enumerate() {
            layer.h[..live * h].copy_from_slice(&self.seg.h(t, l)[..live * h]);
            layer.c[..live * h].copy_from_slice(&self.seg.c(t, l)[..live * h]);
        }
        for (b, &s) in symbols.iter().enumerate() {
            let hist = &mut self.history[b * hl..(b + 1) * hl];
            if let Some(cc) = &mut self.contexts {
                cc.update(hist, s);
            }
            hist.rotate_right(1);
            hist[0] = s;
        }
        self.seg.len += 1;
        self.ready = 0;
        if self.seg.len == self.cfg.bptt {
            self.accumulate_gradients();
            self.adam.step(&mut self.params, &self.grads);
            self.refresh_transposes();
            self.seg.len = 0;
        }
    }

    /// Symbols of history kept per stream: the window, or the longest context order if that
    /// is longer.
    fn history_len(&self) -> usize {
        self.cfg.window.max(self.cfg.contexts)
    }

    /// Copies Wh (and Wd where needed) into their transposes; the weights change only at Adam
    /// steps.
    fn refresh_transposes(&mut self) {
        let gh = self.cfg.cell().gates() * self.cfg.hidden;
        // The reset-before GRU's Wh is two matrices (r and z, then n): each transposed.
        let wh_cols: &[usize] = match self.cfg.cell() {
            CellKind::GruResetBefore => &[2 * self.cfg.hidden, self.cfg.hidden],
            _ => &[gh],
        };
        for (ll, layer) in self.layout.layers.iter().zip(&mut self.layers) {
            let tr = &mut layer.transposed;
            let (mut src, mut dst) = (&self.params[ll.wh.clone()], &mut tr.wh[..]);
            for &cols in wh_cols {
                let n = cols * self.cfg.hidden;
                transpose(&src[..n], cols, &mut dst[..n]);
                (src, dst) = (&src[n..], &mut dst[n..]);
            }
            if !tr.wd.is_empty() {
                transpose(&self.params[ll.wd.clone()], gh, &mut tr.wd);
            }
        }
    }

    /// Fills step `t`'s layer-0 inputs from each live stream's history.
    fn gather_inputs(&mut self, t: usize, live: usize) {
        let (m, w, e, hl) = (
            self.cfg.alphabet,
            self.cfg.window,
            self.cfg.embed,
            self.history_len(),
        );
        let d = self.layout.layers[0].dense;
        let embed = &self.params[self.layout.embed.clone()];
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
            if let Some(cc) = &self.contexts {
                cc.features(hist, &mut dense[w * e..]);
            }
        }
    }

    fn forward_step(&mut self, live: usize) {
        let t = self.seg.len;
        self.seg.live[t] = live;
        self.gather_inputs(t, live);
        for l in 0..self.layers.len() {
            let layer = &mut self.layers[l];
            self.seg.set_state_in(t, l, &layer.h, &layer.c);
            let ll = &self.layout.layers[l];
            let weights = cell_weights(&self.params, ll, &layer.transposed);
            let (input, out) = self.seg.step_split(t, l);
            cell::forward(
                self.cfg.cell(),
                &weights,
                live,
                input,
                &mut layer.scratch,
                out,
            );
        }
        let (hn, m, top) = (self.cfg.hidden, self.cfg.alphabet, self.layers.len() - 1);
        let (wo, bo) = (
            &self.params[self.layout.wo.clone()],
            &self.params[self.layout.bo.clone()],
        );
        // All live streams in one call: their sums run side by side (each in the same order
        // as alone).
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
}

/// Layer `ll`'s weights inside `params`, with their transposes.
fn cell_weights<'a>(params: &'a [f32], ll: &LayerLayout, tr: &'a Transposed) -> CellWeights<'a> {
    CellWeights {
        wx: &params[ll.wx.clone()],
        wd: &params[ll.wd.clone()],
        wd_t: &tr.wd,
        wh: &params[ll.wh.clone()],
        wh_t: &tr.wh,
        b: &params[ll.b.clone()],
    }
}

/// `dst` = the transpose of `src` (rows of `cols` values).
fn transpose(src: &[f32], cols: usize, dst: &mut [f32]) {
    let rows = src.len() / cols;
    for j in 0..rows {
        for k in 0..cols {
            dst[k * rows + j] = src[j * cols + k];
        }
    }
}

#[cfg(test)]
mod tests;
