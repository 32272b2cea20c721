//! A causal Transformer next-symbol model trained online, the same way as the recurrent
//! models: it predicts each position of a segment with the current weights, then trains on
//! the segment (forward records kept from the predictions, backward over its positions) and
//! takes one Adam step. Keys and values of past positions are cached as they were computed
//! and never recomputed: positions enter only as a learned per-head bias for each distance
//! (relative, no absolute position embedding), so a cached key means the same at any later
//! position. Attention reaches back into the cache without gradients into it. With B > 1
//! streams, B parts of the input advance together and share every Adam step; the decoder
//! replays exactly the same calls, so only the seed is stored.
//!
//! The block: token embedding → L × [x += Wo·attention(LN1(x)); x += W2·act(W1·LN2(x))] →
//! LN → softmax over the alphabet (pre-LayerNorm). The activation is a leaky ReLU (slope
//! `leak`, default 1/16): exact in every arithmetic, with no tanh or erf to approximate as
//! GELU would need; leaky because a plain ReLU that online training switches off for every
//! input never gets a gradient again, and runs that had learned a lag were seen to fall back
//! to 1 bit/symbol for good. Same kernel discipline as `recurrent`: fixed operation order
//! (`kernels`), own exp (`math`), IEEE square roots, no FMA, baseline and AVX2 copies of the
//! same loops (`isa`). It runs on one thread.

mod backward;
mod config;
pub mod declared;
mod forward;
mod layout;
mod memory;
mod norm;
mod prior;
mod state;

use crate::shared::adam::Adam;
use crate::shared::kernels::transpose;
use layout::Layout;
use state::Stream;

pub use config::TransformerConfig;

#[derive(Clone)]
pub struct Transformer {
    cfg: TransformerConfig,
    layout: Layout,
    params: Vec<f32>,
    /// The matrices of `Layout::matrices` transposed, each in its own range (the rest
    /// unused), kept in step with the parameters.
    transposed: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam,
    streams: Vec<Stream>,
    forward: forward::Scratch,
    backward: backward::Scratch,
    /// Streams whose current position is computed (0: not yet).
    ready: usize,
    /// The current position's distributions, M per stream.
    probs: Vec<f32>,
    /// Whether the weights stay as they are (`freeze`): the segments pass without training.
    frozen: bool,
}

impl Transformer {
    pub fn new(cfg: TransformerConfig) -> Transformer {
        assert!(cfg.layers >= 1 && cfg.heads >= 1 && cfg.d_model.is_multiple_of(cfg.heads));
        assert!(cfg.context >= 1 && cfg.segment >= 1 && cfg.streams >= 1);
        let layout = Layout::new(&cfg);
        let mut model = Transformer {
            params: layout.initial(&cfg),
            transposed: vec![0.0; layout.len],
            grads: vec![0.0; layout.len],
            adam: Adam::new(layout.len, cfg.lr, cfg.beta1, cfg.beta2, cfg.clip)
                .with_rates(layout.rates(&cfg)),
            streams: (0..cfg.streams).map(|_| Stream::new(&cfg)).collect(),
            forward: forward::Scratch::new(&cfg),
            backward: backward::Scratch::new(&cfg),
            ready: 0,
            probs: vec![0.0; cfg.streams * cfg.alphabet],
            frozen: false,
            layout,
            cfg,
        };
        model.refresh_transposes();
        model
    }

    pub fn config(&self) -> &TransformerConfig {
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
            let (cfg, layout, params) = (&self.cfg, &self.layout, &self.params[..]);
            let streams = &mut self.streams[..live];
            forward::step(
                cfg,
                layout,
                params,
                streams,
                &mut self.forward,
                &mut self.probs,
            );
            self.ready = live;
        }
        &self.probs[..live * self.cfg.alphabet]
    }

    /// The attention weights of `head` in `layer` at the position of stream 0 predicted
    /// last (before its `update`): one per attended position, oldest first, the last on the
    /// position itself. For looking at what the model has learned.
    pub fn attention(&self, layer: usize, head: usize) -> &[f32] {
        let st = &self.streams[0];
        let (n, _) = forward::window(&self.cfg, st.pos);
        let (c, hc) = (self.cfg.context, self.cfg.heads * self.cfg.context);
        let at = st.len * hc + head * c;
        &st.layers[layer].w[at..at + n]
    }

    /// Reveals the next symbol of each live stream; trains at the end of every segment.
    pub fn update(&mut self, symbols: &[u8]) {
        self.predict(symbols.len());
        for (st, &y) in self.streams.iter_mut().zip(symbols) {
            st.targets[st.len] = y;
            let n = st.history.len();
            st.tokens[st.len * n..(st.len + 1) * n].copy_from_slice(&st.history);
            st.history.rotate_right(1);
            st.history[0] = y as usize;
            st.len += 1;
            st.pos += 1;
        }
        self.ready = 0;
        // Stream 0 is the longest (the shorter parts end first from the last stream on).
        if self.streams[0].len == self.cfg.segment {
            self.end_segment();
        }
    }

    /// Trains on the segment recorded so far (unless frozen) and starts the next.
    fn end_segment(&mut self) {
        if !self.frozen && self.streams[0].len > 0 {
            self.accumulate_gradients();
            self.adam.step(&mut self.params, &self.grads);
            self.refresh_transposes();
        }
        for st in &mut self.streams {
            st.len = 0;
        }
    }

    /// The gradient of the segment's loss over every stream, stream by stream in order.
    fn accumulate_gradients(&mut self) {
        self.grads.fill(0.0);
        let weights = (&self.params[..], &self.transposed[..]);
        for st in self.streams.iter().filter(|st| st.len > 0) {
            let (cfg, layout) = (&self.cfg, &self.layout);
            backward::backward(
                cfg,
                layout,
                weights,
                st,
                &mut self.backward,
                &mut self.grads,
            );
        }
    }

    fn refresh_transposes(&mut self) {
        for (r, cols) in self.layout.matrices(&self.cfg) {
            transpose(&self.params[r.clone()], cols, &mut self.transposed[r]);
        }
    }
}

#[cfg(test)]
mod tests;
