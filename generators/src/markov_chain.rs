//! Random order-k Markov chains over M symbols, the source of the in-context-learning studies:
//! every context's row of next-symbol probabilities is drawn from a symmetric Dirichlet(α)
//! prior with the job's seed (`dirichlet`); the first k symbols are uniform. With `resample: L`
//! a fresh chain is drawn every L symbols (the context runs on across the boundary).
//!
//! Its yardsticks, computed while it generates: the oracle codes each symbol with the row that
//! drew it; the Bayes-optimal learner of the family under the same prior is the Dirichlet-
//! multinomial mixture, P(x | c) = (n_cx + α) / (n_c + Mα) from the counts of the symbols
//! before (afresh at each resample boundary), the first k symbols uniform. The entropy rate
//! is exact for the chain drawn (`Chain::entropy_rate_bps`); with resampling it is the
//! length-weighted mean over the chains.

use rand::Rng;
use rand_pcg::Pcg64;

use crate::dirichlet;
use crate::error::{check_alphabet, SourceError};
use crate::math::log2;
use crate::stationary::{stationary, ROUNDING_BOUND};
use crate::yardsticks::{Tally, Yardsticks};

/// Probabilities a chain may hold at most: M^k · M.
pub const MAX_PROBABILITIES: u64 = 1 << 24;

#[derive(Debug, Clone, PartialEq)]
pub struct MarkovChain {
    alphabet: usize,
    order: usize,
    alpha: f64,
    resample: Option<usize>,
}

/// One drawn chain: `rows[c·M + x]` = P(x | context c), c = x_{t−k}·M^{k−1} + … + x_{t−1}.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub alphabet: usize,
    pub order: usize,
    pub rows: Vec<f64>,
}

/// A generated sequence with what it knows about itself.
pub struct Generated {
    pub symbols: Vec<u8>,
    pub yardsticks: Yardsticks,
    /// The chains drawn, one per segment, each with the symbols it generated.
    pub chains: Vec<(Chain, usize)>,
}

impl MarkovChain {
    pub fn new(
        alphabet: usize,
        order: usize,
        alpha: f64,
        resample: Option<usize>,
    ) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        let probabilities = (0..=order).try_fold(1u64, |acc, _| acc.checked_mul(alphabet as u64));
        if probabilities.is_none_or(|p| p > MAX_PROBABILITIES) {
            return Err(SourceError::invalid(
                "order",
                format!(
                    "M^order · M = {alphabet}^{} probabilities exceed 2^24: expected a smaller \
                     order for M = {alphabet}",
                    order + 1
                ),
            ));
        }
        if !(alpha > 0.0 && alpha.is_finite()) {
            return Err(SourceError::invalid(
                "alpha",
                format!("expected a Dirichlet concentration > 0, got {alpha}"),
            ));
        }
        if resample == Some(0) {
            return Err(SourceError::invalid(
                "resample",
                "expected a segment length L >= 1 (a fresh chain every L symbols), got 0",
            ));
        }
        Ok(MarkovChain {
            alphabet,
            order,
            alpha,
            resample,
        })
    }

    pub fn alphabet(&self) -> usize {
        self.alphabet
    }

    pub fn order(&self) -> usize {
        self.order
    }

    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    pub fn resample(&self) -> Option<usize> {
        self.resample
    }

    fn draw_chain(&self, rng: &mut Pcg64) -> Chain {
        let contexts = self.alphabet.pow(self.order as u32);
        let mut rows = Vec::with_capacity(contexts * self.alphabet);
        for _ in 0..contexts {
            rows.extend(dirichlet::row(self.alphabet, self.alpha, rng));
        }
        Chain {
            alphabet: self.alphabet,
            order: self.order,
            rows,
        }
    }

    /// `len` symbols, the chains drawn for them, and the oracle's and the Bayes learner's
    /// code lengths.
    pub fn generate(&self, len: usize, rng: &mut Pcg64) -> Generated {
        let (m, k) = (self.alphabet, self.order);
        let contexts = m.pow(k as u32);
        let (mut oracle, mut bayes) = (
            Tally::with_segments(len, self.resample),
            Tally::with_segments(len, self.resample),
        );
        let segment = self.resample.unwrap_or(usize::MAX);
        let mut counts = vec![0u32; contexts * m];
        let mut totals = vec![0u32; contexts];
        let mut touched: Vec<usize> = Vec::new();
        let mut symbols = Vec::with_capacity(len);
        let mut chains: Vec<(Chain, usize)> = Vec::new();
        let mut context = 0usize;
        // The oracle's code length of each entry of the current chain, computed once a chain.
        let mut oracle_bits: Vec<f64> = Vec::new();
        let uniform_bits = log2(m as f64);
        let alpha_total = m as f64 * self.alpha;
        for t in 0..len {
            if t % segment == 0 {
                // The learner starts afresh: only the rows the last segment counted in.
                for c in touched.drain(..) {
                    counts[c * m..(c + 1) * m].iter_mut().for_each(|n| *n = 0);
                    totals[c] = 0;
                }
                let chain = self.draw_chain(rng);
                oracle_bits = chain.rows.iter().map(|&p| -log2(p)).collect();
                chains.push((chain, 0));
            }
            let (chain, used) = chains.last_mut().expect("drawn at t = 0");
            *used += 1;
            let x = if t < k {
                let x = rng.random_range(0..m);
                oracle.add(uniform_bits);
                bayes.add(uniform_bits);
                x
            } else {
                let row = &chain.rows[context * m..(context + 1) * m];
                let x = dirichlet::draw(row, rng) as usize;
                oracle.add(oracle_bits[context * m + x]);
                let n_cx = counts[context * m + x] as f64;
                let n_c = totals[context] as f64;
                bayes.add(-log2((n_cx + self.alpha) / (n_c + alpha_total)));
                if totals[context] == 0 {
                    touched.push(context);
                }
                counts[context * m + x] += 1;
                totals[context] += 1;
                x
            };
            symbols.push(x as u8);
            if contexts > 1 {
                context = (context * m + x) % contexts;
            }
        }
        Generated {
            symbols,
            yardsticks: Yardsticks {
                entropy_rate_bps: Some(weighted_rate(&chains)),
                oracle: Some(oracle.finish()),
                bayes: Some(bayes.finish()),
            },
            chains,
        }
    }
}

/// The entropy rates of the chains, weighted by the symbols each generated.
fn weighted_rate(chains: &[(Chain, usize)]) -> f64 {
    let total: usize = chains.iter().map(|(_, n)| n).sum();
    chains
        .iter()
        .map(|(c, n)| c.entropy_rate_bps() * *n as f64)
        .sum::<f64>()
        / total.max(1) as f64
}

impl Chain {
    pub fn row(&self, context: usize) -> &[f64] {
        &self.rows[context * self.alphabet..(context + 1) * self.alphabet]
    }

    /// The stationary distribution over the M^k contexts (`stationary`).
    pub fn stationary(&self) -> Vec<f64> {
        stationary(self.alphabet, &self.rows)
    }

    /// Σ_c π(c) · H(P(· | c)), bits per symbol: never NaN, never below 0. A zero
    /// probability adds nothing (0 · log 0 = 0), a denormal one its tiny share, and a row's
    /// entropy that rounding leaves a few ulps below 0 (a probability of 1 + ulp) is 0.
    pub fn entropy_rate_bps(&self) -> f64 {
        let pi = self.stationary();
        pi.iter()
            .enumerate()
            .map(|(c, &w)| w * row_entropy_bits(self.row(c)))
            .sum()
    }
}

/// H(row) in bits with `math`'s log2, clamped at 0 within `ROUNDING_BOUND`.
fn row_entropy_bits(row: &[f64]) -> f64 {
    let h: f64 = row
        .iter()
        .filter(|&&p| p > 0.0)
        .map(|&p| -p * log2(p))
        .sum();
    debug_assert!(
        h >= -ROUNDING_BOUND,
        "a row's entropy {h} < 0 beyond rounding"
    );
    h.max(0.0)
}
