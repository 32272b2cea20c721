//! What the current TBPTT segment keeps of each step for its backward pass: preallocated for
//! L steps × B streams, so memory is fixed by the model, never by the stream length.

use super::config::Config;
use crate::cell::{StepInput, StepOutputs, StepState};

/// One layer's record of every step.
struct LayerRecord {
    h_prev: Vec<f32>,
    c_prev: Vec<f32>,
    gates: Vec<f32>,
    aux: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
}

pub struct Segment {
    /// Steps recorded so far.
    pub len: usize,
    /// Live streams at each step.
    pub live: Vec<usize>,
    window: usize,
    /// Whether layer 0 sees its window as one-hot rows (else as embeddings).
    one_hot: bool,
    dense: usize,
    hidden: usize,
    gates_len: usize,
    alphabet: usize,
    streams: usize,
    /// Per step and stream, the window's input rows w·(M+1) + symbol.
    inputs: Vec<u32>,
    /// Per step and stream, layer 0's dense inputs.
    dense_in: Vec<f32>,
    layers: Vec<LayerRecord>,
    probs: Vec<f32>,
    targets: Vec<u8>,
}

impl Segment {
    /// For `rows` of the streams; `dense`: layer 0's dense inputs per stream.
    pub fn new(cfg: &Config, dense: usize, rows: usize) -> Segment {
        let (l, b) = (cfg.bptt, rows);
        let gates_len = cfg.cell().gates() * cfg.hidden;
        let hs = l * b * cfg.hidden;
        let record = || LayerRecord {
            h_prev: vec![0.0; hs],
            c_prev: vec![0.0; hs],
            gates: vec![0.0; l * b * gates_len],
            aux: vec![0.0; hs],
            h: vec![0.0; hs],
            c: vec![0.0; hs],
        };
        Segment {
            len: 0,
            live: vec![0; l],
            window: cfg.window,
            one_hot: cfg.embed == 0,
            dense,
            hidden: cfg.hidden,
            gates_len,
            alphabet: cfg.alphabet,
            streams: b,
            inputs: vec![0; l * b * cfg.window],
            dense_in: vec![0.0; l * b * dense],
            layers: (0..cfg.layers).map(|_| record()).collect(),
            probs: vec![0.0; l * b * cfg.alphabet],
            targets: vec![0; l * b],
        }
    }

    /// Steps the segment holds (L).
    pub fn steps(&self) -> usize {
        self.live.len()
    }

    fn span(&self, t: usize, per_stream: usize) -> std::ops::Range<usize> {
        let n = self.streams * per_stream;
        t * n..(t + 1) * n
    }

    pub fn inputs(&self, t: usize) -> &[u32] {
        &self.inputs[self.span(t, self.window)]
    }

    /// Step `t`'s input rows and layer-0 dense inputs, to fill in.
    pub fn inputs_mut(&mut self, t: usize) -> (&mut [u32], &mut [f32]) {
        let (w, d) = (self.span(t, self.window), self.span(t, self.dense));
        (&mut self.inputs[w], &mut self.dense_in[d])
    }

    pub fn h(&self, t: usize, layer: usize) -> &[f32] {
        &self.layers[layer].h[self.span(t, self.hidden)]
    }

    pub fn c(&self, t: usize, layer: usize) -> &[f32] {
        &self.layers[layer].c[self.span(t, self.hidden)]
    }

    pub fn probs(&self, t: usize, live: usize) -> &[f32] {
        let start = self.span(t, self.alphabet).start;
        &self.probs[start..start + live * self.alphabet]
    }

    pub fn probs_mut(&mut self, t: usize) -> &mut [f32] {
        let r = self.span(t, self.alphabet);
        &mut self.probs[r]
    }

    pub fn targets(&self, t: usize) -> &[u8] {
        &self.targets[self.span(t, 1)]
    }

    pub fn set_targets(&mut self, t: usize, symbols: &[u8]) {
        let start = self.span(t, 1).start;
        self.targets[start..start + symbols.len()].copy_from_slice(symbols);
    }

    /// Records the state entering step `t` of `layer`.
    pub fn set_state_in(&mut self, t: usize, layer: usize, h: &[f32], c: &[f32]) {
        let r = self.span(t, self.hidden);
        let rec = &mut self.layers[layer];
        rec.h_prev[r.clone()].copy_from_slice(h);
        rec.c_prev[r].copy_from_slice(c);
    }

    /// Step `t` of `layer`: its inputs (read-only) beside its outputs (writable).
    pub fn step_split(&mut self, t: usize, layer: usize) -> (StepInput<'_>, StepOutputs<'_>) {
        let (h, g) = (self.span(t, self.hidden), self.span(t, self.gates_len));
        let sizes = self.sizes();
        let (below, rest) = self.layers.split_at_mut(layer);
        let rec = &mut rest[0];
        let input = StepInput {
            h_prev: &rec.h_prev[h.clone()],
            c_prev: &rec.c_prev[h.clone()],
            ..layer_input(t, layer, below, (&self.inputs, &self.dense_in), sizes)
        };
        let out = StepOutputs {
            gates: &mut rec.gates[g],
            aux: &mut rec.aux[h.clone()],
            h: &mut rec.h[h.clone()],
            c: &mut rec.c[h],
        };
        (input, out)
    }

    /// Everything step `t` of `layer` recorded, for its backward pass.
    pub fn step(&self, t: usize, layer: usize) -> StepState<'_> {
        let (h, g) = (self.span(t, self.hidden), self.span(t, self.gates_len));
        let rec = &self.layers[layer];
        StepState {
            input: StepInput {
                h_prev: &rec.h_prev[h.clone()],
                c_prev: &rec.c_prev[h.clone()],
                ..layer_input(
                    t,
                    layer,
                    &self.layers[..layer],
                    (&self.inputs, &self.dense_in),
                    self.sizes(),
                )
            },
            gates: &rec.gates[g],
            aux: &rec.aux[h.clone()],
            h: &rec.h[h],
        }
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            streams: self.streams,
            window: if self.one_hot { self.window } else { 0 },
            dense: self.dense,
            hidden: self.hidden,
        }
    }
}

struct Sizes {
    streams: usize,
    /// One-hot rows per stream layer 0 sees (0 with embeddings).
    window: usize,
    dense: usize,
    hidden: usize,
}

/// Layer 0 sees the input rows and dense inputs; a higher layer sees the output of the layer
/// below at the same step, as dense inputs. (h_prev and c_prev are left empty for the caller.)
fn layer_input<'a>(
    t: usize,
    layer: usize,
    below: &'a [LayerRecord],
    (inputs, dense_in): (&'a [u32], &'a [f32]),
    n: Sizes,
) -> StepInput<'a> {
    let span = |per: usize| t * n.streams * per..(t + 1) * n.streams * per;
    if layer == 0 {
        StepInput {
            active: &inputs[span(n.window)],
            window: n.window,
            dense: &dense_in[span(n.dense)],
            h_prev: &[],
            c_prev: &[],
        }
    } else {
        StepInput {
            active: &[],
            window: 0,
            dense: &below[layer - 1].h[span(n.hidden)],
            h_prev: &[],
            c_prev: &[],
        }
    }
}
