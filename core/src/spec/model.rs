//! A model-based compressor: a predictor that the range coder drives, and so the kind of
//! compressor a `.dz` file names in its header.

use super::external::ExternalSpec;
use crate::codec::Codec;
use crate::mixing::experts::Expert;
use crate::mixing::hybrid::Hybrid;
use crate::predict::neural::NeuralPredictor;
use crate::predict::neural::OnlineModel;
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
    /// A neural model (`Neural` or `Transformer`), or none (`kind: mixer`), mixed with
    /// experts (sorted: the match model first, then the orders from low to high).
    Mixed {
        model: Option<Box<ModelSpec>>,
        experts: Vec<Expert>,
    },
}

impl ModelSpec {
    /// Whether a recurrent model runs in it, which the runner gives a share of the threads.
    pub fn is_recurrent(&self) -> bool {
        match self {
            ModelSpec::Neural(_) => true,
            ModelSpec::Mixed { model, .. } => model.as_ref().is_some_and(|m| m.is_recurrent()),
            _ => false,
        }
    }

    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            ModelSpec::Order { .. } => "order",
            ModelSpec::Neural(n) => n.kind.name(),
            ModelSpec::Transformer(_) => "transformer",
            ModelSpec::External(_) => "predictor",
            ModelSpec::Mixed { model, .. } => model.as_ref().map_or("mixer", |m| m.kind()),
        }
    }

    /// The predictor in its seeded initial state for `run`; a neural model runs on `threads`
    /// threads (the same bits for any count).
    pub fn predictor(&self, run: Run, threads: usize) -> Result<Box<dyn Predictor>, PredictError> {
        let (alphabet, seed) = (run.alphabet, run.seed);
        Ok(match self {
            ModelSpec::Order { k } => Box::new(OrderK::new(alphabet, *k)),
            ModelSpec::Neural(_) | ModelSpec::Transformer(_) => {
                Box::new(NeuralPredictor(self.online_model(alphabet, seed, threads)))
            }
            ModelSpec::External(e) => e.predictor(run, threads)?,
            ModelSpec::Mixed { model, experts } => {
                let model = model
                    .as_ref()
                    .map(|m| m.online_model(alphabet, seed, threads));
                Box::new(Hybrid::new(model, experts, run))
            }
        })
    }

    /// A neural model in its seeded initial state (`Mixed` holds only neural kinds).
    fn online_model(&self, alphabet: usize, seed: u64, threads: usize) -> Box<dyn OnlineModel> {
        match self {
            ModelSpec::Neural(n) => Box::new(neural::Model::with_threads(
                with_job(n, alphabet, seed),
                threads,
            )),
            ModelSpec::Transformer(t) => {
                Box::new(neural::Transformer::new(transformer_job(t, alphabet, seed)))
            }
            other => unreachable!(
                "experts mix only with a neural model, not `{}`",
                other.kind()
            ),
        }
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
