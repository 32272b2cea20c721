//! Independent, identically distributed symbols over a small alphabet.

use rand::Rng;

use crate::entropy::entropy_bits;
use crate::error::{check_alphabet, SourceError};

/// i.i.d. source with the given symbol probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Iid {
    probs: Vec<f64>,
}

impl Iid {
    /// Probabilities must be finite, non-negative, sum to 1 within 1e-9, and number 2..=256.
    pub fn new(probs: Vec<f64>) -> Result<Self, SourceError> {
        check_alphabet(probs.len()).map_err(|_| {
            SourceError::invalid(
                "probs",
                format!(
                    "expected a list of 2..=256 probabilities, got {}",
                    probs.len()
                ),
            )
        })?;
        if let Some((i, p)) = probs
            .iter()
            .enumerate()
            .find(|(_, p)| !p.is_finite() || **p < 0.0)
        {
            return Err(SourceError::invalid(
                "probs",
                format!("expected finite non-negative probabilities, got {p} at index {i}"),
            ));
        }
        let sum: f64 = probs.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(SourceError::invalid(
                "probs",
                format!("expected probabilities summing to 1 (within 1e-9), they sum to {sum}"),
            ));
        }
        Ok(Iid { probs })
    }

    /// Uniform distribution over `alphabet` symbols.
    pub fn uniform(alphabet: usize) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        Ok(Iid {
            probs: vec![1.0 / alphabet as f64; alphabet],
        })
    }

    pub fn probs(&self) -> &[f64] {
        &self.probs
    }

    pub fn alphabet(&self) -> usize {
        self.probs.len()
    }

    pub fn entropy_rate_bps(&self) -> f64 {
        entropy_bits(&self.probs)
    }

    /// Inverse-CDF sampling: one uniform draw per symbol.
    pub fn generate(&self, len: usize, rng: &mut impl Rng) -> Vec<u8> {
        let cdf: Vec<f64> = self
            .probs
            .iter()
            .scan(0.0, |acc, p| {
                *acc += p;
                Some(*acc)
            })
            .collect();
        let last = self.probs.len() - 1;
        (0..len)
            .map(|_| {
                let u: f64 = rng.random();
                cdf.iter().position(|&c| u < c).unwrap_or(last) as u8
            })
            .collect()
    }
}
