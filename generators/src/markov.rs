//! Markov-k sources X_n = (X_{n-1} + X_{n-k}) mod M, optionally with symbol noise.
//!
//! For M = 2 this is DeepZip's XOR source; with noise p each new symbol is replaced, with
//! probability p, by one of the M-1 other values (uniformly), and the replaced value feeds later
//! terms, so the entropy rate is exactly h(p) + p·log2(M-1).

use rand::Rng;

use crate::entropy::binary_entropy_bits;
use crate::error::{check_alphabet, SourceError};

#[derive(Debug, Clone, PartialEq)]
pub struct Markov {
    alphabet: usize,
    k: usize,
    noise: f64,
}

impl Markov {
    pub fn new(alphabet: usize, k: usize, noise: f64) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        if k == 0 {
            return Err(SourceError::invalid("k", "expected an order k >= 1, got 0"));
        }
        if !(0.0..=1.0).contains(&noise) {
            return Err(SourceError::invalid(
                "noise",
                format!("expected a probability in [0, 1], got {noise}"),
            ));
        }
        Ok(Markov { alphabet, k, noise })
    }

    pub fn alphabet(&self) -> usize {
        self.alphabet
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn noise(&self) -> f64 {
        self.noise
    }

    pub fn entropy_rate_bps(&self) -> f64 {
        let p = self.noise;
        binary_entropy_bits(p) + p * ((self.alphabet - 1) as f64).log2()
    }

    /// First k symbols i.i.d. uniform, then the recurrence. Noise draws are made only when
    /// noise > 0, so a noiseless source is the same stream for every noise-free spec.
    pub fn generate(&self, len: usize, rng: &mut impl Rng) -> Vec<u8> {
        let m = self.alphabet;
        let mut out = Vec::with_capacity(len);
        for n in 0..len {
            let x = if n < self.k {
                rng.random_range(0..m)
            } else {
                let mut x = (out[n - 1] as usize + out[n - self.k] as usize) % m;
                if self.noise > 0.0 && rng.random::<f64>() < self.noise {
                    x = (x + rng.random_range(1..m)) % m;
                }
                x
            };
            out.push(x as u8);
        }
        out
    }
}
