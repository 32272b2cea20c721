//! Lagged-Fibonacci sequences X_n = (X_{n-j} + X_{n-k}) mod M: zero entropy rate once the first
//! k symbols are known, yet hard for compressors (Knuth's pairs such as (31,13), (52,21)).

use rand::Rng;

use crate::error::{check_alphabet, SourceError};

#[derive(Debug, Clone, PartialEq)]
pub struct LaggedFibonacci {
    alphabet: usize,
    j: usize,
    k: usize,
}

impl LaggedFibonacci {
    pub fn new(alphabet: usize, j: usize, k: usize) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        if j == 0 {
            return Err(SourceError::invalid("j", "expected a lag j >= 1, got 0"));
        }
        if j >= k {
            return Err(SourceError::invalid(
                "j",
                format!("expected lags 0 < j < k, got j = {j}, k = {k}"),
            ));
        }
        Ok(LaggedFibonacci { alphabet, j, k })
    }

    pub fn alphabet(&self) -> usize {
        self.alphabet
    }

    pub fn j(&self) -> usize {
        self.j
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn generate(&self, len: usize, rng: &mut impl Rng) -> Vec<u8> {
        let m = self.alphabet;
        let mut out = Vec::with_capacity(len);
        for n in 0..len {
            let x = if n < self.k {
                rng.random_range(0..m)
            } else {
                (out[n - self.j] as usize + out[n - self.k] as usize) % m
            };
            out.push(x as u8);
        }
        out
    }
}
