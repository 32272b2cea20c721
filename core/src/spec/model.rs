//! A model-based compressor: a predictor that the range coder drives, and so the kind of
//! compressor a `.dz` file names in its header.

use super::external::ExternalSpec;
use crate::codec::Codec;
use crate::predict::neural::NeuralPredictor;
use crate::predict::order_k::OrderK;
use crate::predict::{PredictError, Predictor, Run};
use crate::predictive::PredictiveCodec;

#[derive(Debug, Clone, PartialEq)]
pub enum ModelSpec {
    /// Adaptive order-k context model with arithmetic coding.
    Order {
        k: usize,
    },
    Neural(neural::Config),
    Transformer(neural::TransformerConfig),
    /// An outside process speaking the predictor protocol.
    External(ExternalSpec),
}

impl ModelSpec {
    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            ModelSpec::Order { .. } => "order",
            ModelSpec::Neural(n) => n.kind.name(),
            ModelSpec::Transformer(_) => "transformer",
            ModelSpec::External(_) => "predictor",
        }
    }

    /// The predictor in its seeded initial state for `run`; a neural model runs on `threads`
    /// threads (the same bits for any count).
    pub fn predictor(&self, run: Run, threads: usize) -> Result<Box<dyn Predictor>, PredictError> {
        let (alphabet, seed) = (run.alphabet, run.seed);
        Ok(match self {
            ModelSpec::Order { k } => Box::new(OrderK::new(alphabet, *k)),
            ModelSpec::Neural(n) => Box::new(NeuralPredictor(neural::Model::with_threads(
                with_job(n, alphabet, seed),
                threads,
            ))),
            ModelSpec::Transformer(t) => Box::new(NeuralPredictor(neural::Transformer::new(
                transformer_job(t, alphabet, seed),
            ))),
            ModelSpec::External(e) => e.predictor(run, threads)?,
        })
    }

    /// The in-memory codec (predictor and range coder) for a source with `alphabet` symbols;
    /// `seed` initialises the model, which runs on `threads` threads.
    pub fn build(&self, alphabet: usize, seed: u64, threads: usize) -> Box<dyn Codec> {
        let spec = self.clone();
        Box::new(PredictiveCodec::new(
            self.spec_line(),
            seed,
            alphabet,
            Box::new(move |run| spec.predictor(run, threads)),
        ))
    }
}

/// A neural compressor's settings with a job's alphabet and seed.
pub(super) fn with_job(n: &neural::Config, alphabet: usize, seed: u64) -> neural::Config {
    neural::Config {
        alphabet,
        seed,
        ..n.clone()
    }
}

/// A Transformer's settings with a job's alphabet and seed.
pub(super) fn transformer_job(
    t: &neural::TransformerConfig,
    alphabet: usize,
    seed: u64,
) -> neural::TransformerConfig {
    neural::TransformerConfig {
        alphabet,
        seed,
        ..t.clone()
    }
}
