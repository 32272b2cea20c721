//! The binary mixer: a logistic combination of the context models' stretched probabilities
//! (and a bias), one weight set per selecting context, trained online to reduce the coding
//! cost of each bit. Weights are 16.16 fixed point and the sums 64-bit integers: the same bits
//! on every machine.

use super::logistic::{squash, MAX_STRETCH};

/// The bias input.
const BIAS: i32 = 256;
/// Learning rate: a weight moves by input · error / 2^RATE_SHIFT (16.16 weights, 12-bit
/// error). Measured: 2^-11 codes the four real files of docs/cm.md 0.05–0.25 bits per byte
/// better than 6 · 2^-10, and the random chains closer to order-k.
const RATE_SHIFT: u32 = 11;

pub struct Mixer {
    inputs: Vec<i32>,
    weights: Vec<i32>,
    /// The weight set in use, and the probability it gave.
    set: usize,
    p: i32,
}

impl Mixer {
    /// `n` inputs (the bias is added), `sets` weight sets.
    pub fn new(n: usize, sets: usize) -> Mixer {
        let each = (1 << 16) / n as i32;
        let mut weights = vec![each; (n + 1) * sets];
        for set in weights.chunks_mut(n + 1) {
            set[n] = 0;
        }
        Mixer {
            inputs: vec![0; n + 1],
            weights,
            set: 0,
            p: 2048,
        }
    }

    /// The inputs to fill before `mix` (the bias last, kept).
    pub fn inputs(&mut self) -> &mut [i32] {
        let n = self.inputs.len() - 1;
        self.inputs[n] = BIAS;
        &mut self.inputs[..n]
    }

    /// The 12-bit probability of a 1 under weight set `set`, and its stretch.
    pub fn mix(&mut self, set: usize) -> (i32, i32) {
        self.set = set;
        let n = self.inputs.len();
        let w = &self.weights[set * n..(set + 1) * n];
        let dot: i64 = w
            .iter()
            .zip(&self.inputs)
            .map(|(&w, &x)| w as i64 * x as i64)
            .sum();
        let x = (dot >> 16).clamp(-MAX_STRETCH as i64, MAX_STRETCH as i64) as i32;
        self.p = squash(x);
        (self.p, x)
    }

    /// Trains the set used by `mix` on `bit`.
    pub fn update(&mut self, bit: u8) {
        let err = ((bit as i64) << 12) - self.p as i64;
        let n = self.inputs.len();
        let w = &mut self.weights[self.set * n..(self.set + 1) * n];
        for (w, &x) in w.iter_mut().zip(&self.inputs) {
            let step = (x as i64 * err) >> RATE_SHIFT;
            *w = (*w as i64 + step).clamp(-(8 << 16), 8 << 16) as i32;
        }
    }
}
