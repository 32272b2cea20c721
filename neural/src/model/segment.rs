//! What the current TBPTT segment keeps of each step for its backward pass: preallocated for
//! L steps × B streams, so memory is fixed by the model, never by the stream length.

use super::Config;
use crate::cell::StepState;

pub struct Segment {
    /// Steps recorded so far.
    pub len: usize,
    /// Live streams at each step.
    pub live: Vec<usize>,
    window: usize,
    hidden: usize,
    gates_len: usize,
    alphabet: usize,
    streams: usize,
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

/// The parts of one step the forward pass writes.
pub struct StepOut<'a> {
    pub gates: &'a mut [f32],
    pub aux: &'a mut [f32],
    pub h: &'a mut [f32],
    pub c: &'a mut [f32],
    pub probs: &'a mut [f32],
}

impl Segment {
    pub fn new(cfg: &Config) -> Segment {
        let (l, b) = (cfg.bptt, cfg.streams);
        let gates_len = cfg.cell.gates() * cfg.hidden;
        let hs = l * b * cfg.hidden;
        Segment {
            len: 0,
            live: vec![0; l],
            window: cfg.window,
            hidden: cfg.hidden,
            gates_len,
            alphabet: cfg.alphabet,
            streams: b,
            active: vec![0; l * b * cfg.window],
            h_prev: vec![0.0; hs],
            c_prev: vec![0.0; hs],
            gates: vec![0.0; l * b * gates_len],
            aux: vec![0.0; hs],
            h: vec![0.0; hs],
            c: vec![0.0; hs],
            probs: vec![0.0; l * b * cfg.alphabet],
            targets: vec![0; l * b],
        }
    }

    fn span(&self, t: usize, per_stream: usize) -> std::ops::Range<usize> {
        let n = self.streams * per_stream;
        t * n..(t + 1) * n
    }

    pub fn active_mut(&mut self, t: usize) -> &mut [u32] {
        let r = self.span(t, self.window);
        &mut self.active[r]
    }

    pub fn h_prev_mut(&mut self, t: usize) -> &mut [f32] {
        let r = self.span(t, self.hidden);
        &mut self.h_prev[r]
    }

    pub fn c_prev_mut(&mut self, t: usize) -> &mut [f32] {
        let r = self.span(t, self.hidden);
        &mut self.c_prev[r]
    }

    pub fn h(&self, t: usize) -> &[f32] {
        &self.h[self.span(t, self.hidden)]
    }

    pub fn c(&self, t: usize) -> &[f32] {
        &self.c[self.span(t, self.hidden)]
    }

    pub fn probs(&self, t: usize, live: usize) -> &[f32] {
        let start = self.span(t, self.alphabet).start;
        &self.probs[start..start + live * self.alphabet]
    }

    pub fn targets(&self, t: usize) -> &[u8] {
        &self.targets[self.span(t, 1)]
    }

    pub fn set_targets(&mut self, t: usize, symbols: &[u8]) {
        let start = self.span(t, 1).start;
        self.targets[start..start + symbols.len()].copy_from_slice(symbols);
    }

    /// The step's inputs, read-only, beside its outputs, writable.
    pub fn step_split(&mut self, t: usize) -> (&[u32], StepOut<'_>) {
        let (w, h, g, m) = (
            self.span(t, self.window),
            self.span(t, self.hidden),
            self.span(t, self.gates_len),
            self.span(t, self.alphabet),
        );
        (
            &self.active[w],
            StepOut {
                gates: &mut self.gates[g],
                aux: &mut self.aux[h.clone()],
                h: &mut self.h[h.clone()],
                c: &mut self.c[h],
                probs: &mut self.probs[m],
            },
        )
    }

    /// Everything step `t` recorded, for its backward pass.
    pub fn step(&self, t: usize) -> StepState<'_> {
        let (w, h, g) = (
            self.span(t, self.window),
            self.span(t, self.hidden),
            self.span(t, self.gates_len),
        );
        StepState {
            active: &self.active[w],
            h_prev: &self.h_prev[h.clone()],
            c_prev: &self.c_prev[h.clone()],
            gates: &self.gates[g],
            aux: &self.aux[h.clone()],
            h: &self.h[h],
        }
    }
}
