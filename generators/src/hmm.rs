//! Hidden Markov sources: S hidden states whose transition rows are drawn from Dirichlet(α)
//! and emission rows over M symbols from Dirichlet(β), with the job's seed; the first state
//! is uniform. The entropy rate has no closed form; the oracle is exact: the forward
//! algorithm gives P(x_t | x_<t) = Σ_s q_t(s) E(x_t | s) with q_t the state distribution
//! given the symbols before, renormalised at every step (so it never underflows, at any
//! length).

use rand::Rng;
use rand_pcg::Pcg64;

use crate::dirichlet;
use crate::error::{check_alphabet, SourceError};
use crate::math::log2;
use crate::yardsticks::{Tally, Yardsticks};

/// Hidden states at most.
pub const MAX_STATES: usize = 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Hmm {
    states: usize,
    alphabet: usize,
    alpha: f64,
    beta: f64,
}

/// The drawn model: `transitions[s·S + s']`, `emissions[s·M + x]`.
#[derive(Debug, Clone, PartialEq)]
pub struct HmmModel {
    pub transitions: Vec<f64>,
    pub emissions: Vec<f64>,
}

impl Hmm {
    pub fn new(states: usize, alphabet: usize, alpha: f64, beta: f64) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        if !(1..=MAX_STATES).contains(&states) {
            return Err(SourceError::invalid(
                "states",
                format!("expected 1..={MAX_STATES} hidden states, got {states}"),
            ));
        }
        for (field, value) in [("alpha", alpha), ("beta", beta)] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(SourceError::invalid(
                    field,
                    format!("expected a Dirichlet concentration > 0, got {value}"),
                ));
            }
        }
        Ok(Hmm {
            states,
            alphabet,
            alpha,
            beta,
        })
    }

    pub fn states(&self) -> usize {
        self.states
    }

    pub fn alphabet(&self) -> usize {
        self.alphabet
    }

    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// `len` symbols, the model drawn, and the oracle's code lengths.
    pub fn generate(&self, len: usize, rng: &mut Pcg64) -> (Vec<u8>, Yardsticks, HmmModel) {
        let (s_count, m) = (self.states, self.alphabet);
        let mut transitions = Vec::with_capacity(s_count * s_count);
        for _ in 0..s_count {
            transitions.extend(dirichlet::row(s_count, self.alpha, rng));
        }
        let mut emissions = Vec::with_capacity(s_count * m);
        for _ in 0..s_count {
            emissions.extend(dirichlet::row(m, self.beta, rng));
        }
        let mut oracle = Tally::new(len);
        let mut q = vec![1.0 / s_count as f64; s_count];
        let mut next = vec![0.0; s_count];
        let mut state = rng.random_range(0..s_count);
        let mut symbols = Vec::with_capacity(len);
        for _ in 0..len {
            let x = dirichlet::draw(&emissions[state * m..(state + 1) * m], rng) as usize;
            state =
                dirichlet::draw(&transitions[state * s_count..(state + 1) * s_count], rng) as usize;
            // The forward step: P(x | past), then the state distribution given x, moved on.
            let mut p = 0.0;
            for (s, w) in q.iter_mut().enumerate() {
                *w *= emissions[s * m + x];
                p += *w;
            }
            oracle.add(-log2(p));
            next.iter_mut().for_each(|v| *v = 0.0);
            for (s, &w) in q.iter().enumerate() {
                let w = w / p;
                for (t, v) in next.iter_mut().enumerate() {
                    *v += w * transitions[s * s_count + t];
                }
            }
            std::mem::swap(&mut q, &mut next);
            symbols.push(x as u8);
        }
        let yardsticks = Yardsticks {
            entropy_rate_bps: None,
            oracle: Some(oracle.finish()),
            bayes: None,
        };
        (
            symbols,
            yardsticks,
            HmmModel {
                transitions,
                emissions,
            },
        )
    }
}
