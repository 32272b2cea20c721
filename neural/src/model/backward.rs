//! The backward pass over a TBPTT segment: gradients of the coded symbols' loss w.r.t. every
//! parameter, from the output layer down through the layers and steps to the embeddings.

use super::layout::split_ranges;
use super::{cell_weights, Model};
use crate::cell::{self, CellGrads, StateGrads};
use crate::kernels::{accumulate_outer, axpy, dot, BASE_TILE};

impl Model {
    /// Gradients of Σ −ln p(target) over the segment's steps and streams into `self.grads`.
    pub(super) fn accumulate_gradients(&mut self) {
        let top = self.layers.len() - 1;
        self.grads.iter_mut().for_each(|g| *g = 0.0);
        for layer in &mut self.layers {
            layer.dh.iter_mut().for_each(|v| *v = 0.0);
            layer.dc.iter_mut().for_each(|v| *v = 0.0);
        }
        for t in (0..self.seg.len).rev() {
            let live = self.seg.live[t];
            self.output_gradients(t, live);
            for l in (0..=top).rev() {
                self.layer_gradients(t, l, live);
            }
        }
    }

    /// The output layer's gradients at step `t`, and its gradient w.r.t. the top layer's h
    /// added to that layer's carried dh.
    fn output_gradients(&mut self, t: usize, live: usize) {
        let (hn, m, top) = (self.cfg.hidden, self.cfg.alphabet, self.layers.len() - 1);
        let l = &self.layout;
        let [g_wo, g_bo] = split_ranges(&mut self.grads, [&l.wo, &l.bo]);
        let wo = &self.params[l.wo.clone()];
        let h = &self.seg.h(t, top)[..live * hn];
        // dlogits = p − onehot(target), every live stream.
        let dl = &mut self.logits[..live * m];
        dl.copy_from_slice(&self.seg.probs(t, live)[..live * m]);
        for (b, &s) in self.seg.targets(t)[..live].iter().enumerate() {
            dl[b * m + s as usize] -= 1.0;
        }
        // Streams in order into each gradient element, as one stream at a time would.
        dl.chunks_exact(m).for_each(|d| axpy(g_bo, 1.0, d));
        accumulate_outer::<BASE_TILE>(g_wo, h, dl, m, live);
        let dh = &mut self.layers[top].dh;
        for (dh, d) in dh.chunks_exact_mut(hn).zip(dl.chunks_exact(m)) {
            for (dh, w) in dh.iter_mut().zip(wo.chunks_exact(m)) {
                *dh += dot(w, d);
            }
        }
    }

    /// Layer `l`'s backward step at `t`: its weight gradients, its carried dh and dc, and the
    /// gradient w.r.t. its dense inputs (into the layer below's dh, or the embeddings).
    fn layer_gradients(&mut self, t: usize, l: usize, live: usize) {
        let ll = &self.layout.layers[l];
        let [wx, wd, wh, b] = split_ranges(&mut self.grads, [&ll.wx, &ll.wd, &ll.wh, &ll.b]);
        let mut grads = CellGrads { wx, wd, wh, b };
        let rec = self.seg.step(t, l);
        let (below, rest) = self.layers.split_at_mut(l);
        let layer = &mut rest[0];
        let embedded = l == 0 && self.cfg.embed > 0;
        if embedded {
            self.d_dense.iter_mut().for_each(|v| *v = 0.0);
        }
        let d_dense = match below.last_mut() {
            Some(lower) => Some(&mut lower.dh[..]),
            None if embedded => Some(&mut self.d_dense[..]),
            None => None,
        };
        let weights = cell_weights(&self.params, ll, &layer.transposed);
        cell::backward(
            self.cfg.cell(),
            &weights,
            &mut grads,
            live,
            &rec,
            StateGrads {
                dh: &mut layer.dh,
                dc: &mut layer.dc,
                da: &mut self.da,
                d_dense,
            },
            &mut layer.scratch,
        );
        if embedded {
            self.embedding_gradients(t, live);
        }
    }

    /// dE[symbol] += the gradient w.r.t. each window position's embedding, stream by stream.
    fn embedding_gradients(&mut self, t: usize, live: usize) {
        let (m, w, e) = (self.cfg.alphabet, self.cfg.window, self.cfg.embed);
        let d = self.layout.layers[0].dense;
        let g = &mut self.grads[self.layout.embed.clone()];
        let rows = self.seg.inputs(t);
        for b in 0..live {
            for k in 0..w {
                let s = rows[b * w + k] as usize % (m + 1);
                let from = b * d + k * e;
                axpy(
                    &mut g[s * e..(s + 1) * e],
                    1.0,
                    &self.d_dense[from..from + e],
                );
            }
        }
    }
}
