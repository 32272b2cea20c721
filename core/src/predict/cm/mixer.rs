//! The binary mixer: a logistic combination of stretched probabilities (the context models',
//! or a first layer's outputs) and a bias, one weight set per selecting context, trained
//! online to reduce the coding cost of each bit. Weights are 16.16 fixed point and the sums 64-bit integers: the same bits
//! on every machine.

use super::logistic::{squash, MAX_STRETCH};

/// The bias input.
const BIAS: i32 = 256;

/// The inputs of a mixer, the bias last.
pub struct Inputs(Vec<i32>);

impl Inputs {
    /// `n` inputs and the bias.
    pub fn new(n: usize) -> Inputs {
        let mut inputs = vec![0; n + 1];
        inputs[n] = BIAS;
        Inputs(inputs)
    }

    /// The inputs to fill before `Mixer::mix` (the bias kept).
    pub fn fill(&mut self) -> &mut [i32] {
        let n = self.0.len() - 1;
        &mut self.0[..n]
    }
}

/// The largest weight (8.0). Inputs stay within ±2047 (stretches, and a bias of 256), so a
/// weight times an input (< 2^30) and an input times an error (< 2^23) fit in 32 bits: the
/// products are exact in i32, only their sum needs 64.
const MAX_WEIGHT: i32 = 8 << 16;

pub struct Mixer {
    /// Inputs, bias included.
    n: usize,
    /// The learning rate: a weight moves by input · error / 2^shift (16.16 weights, 12-bit
    /// error).
    shift: u32,
    weights: Vec<i32>,
    /// The weight set in use, and the probability it gave.
    set: usize,
    p: i32,
}

impl Mixer {
    /// `n` inputs (the bias is added), `sets` weight sets, learning at 2^-`shift`.
    pub fn new(n: usize, sets: usize, shift: u32) -> Mixer {
        Mixer::trusting(n, n, sets, shift)
    }

    /// `new`, where only the first `trusted` inputs start with a weight (an equal share of
    /// 1) and the others at 0.
    pub fn trusting(n: usize, trusted: usize, sets: usize, shift: u32) -> Mixer {
        let each = (1 << 16) / trusted as i32;
        let mut weights = vec![0; (n + 1) * sets];
        for set in weights.chunks_mut(n + 1) {
            set[..trusted].fill(each);
        }
        Mixer {
            n: n + 1,
            shift,
            weights,
            set: 0,
            p: 2048,
        }
    }

    /// The 12-bit probability of a 1 from `inputs` under weight set `set`, and its stretch.
    pub fn mix(&mut self, inputs: &Inputs, set: usize) -> (i32, i32) {
        self.set = set;
        let n = self.n;
        let w = &self.weights[set * n..(set + 1) * n];
        // Each product in 64 bits: the same values as in 32, but x86-64's baseline (SSE2) has
        // no 32-bit vector multiply, and the emulated one cost more than these (text: the
        // lean engine 5–10 % faster).
        let dot: i64 = w
            .iter()
            .zip(&inputs.0)
            .map(|(&w, &x)| w as i64 * x as i64)
            .sum();
        let x = (dot >> 16).clamp(-MAX_STRETCH as i64, MAX_STRETCH as i64) as i32;
        self.p = squash(x);
        (self.p, x)
    }

    /// Trains the set used by `mix` (with the same `inputs`) on `bit`.
    pub fn update(&mut self, inputs: &Inputs, bit: u8) {
        let err = ((bit as i32) << 12) - self.p;
        let n = self.n;
        let w = &mut self.weights[self.set * n..(self.set + 1) * n];
        for (w, &x) in w.iter_mut().zip(&inputs.0) {
            *w = (*w + ((x * err) >> self.shift)).clamp(-MAX_WEIGHT, MAX_WEIGHT);
        }
    }
}
