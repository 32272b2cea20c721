//! A model-based compressor: a predictor that the range coder drives, and so the kind of
//! compressor a `.dz` file names in its header.

use super::predictor::ExternalSpec;
use super::prior::spec::Prior;
use crate::codec::Codec;
use crate::mixing::experts::Expert;
use crate::mixing::hybrid::Hybrid;
use crate::model_codec::ModelCodec;
use crate::predict::cm::{self, CmConfig};
use crate::predict::neural::NeuralPredictor;
use crate::predict::neural::OnlineModel;
use crate::predict::order_k::OrderK;
use crate::predict::{PredictError, Predictor, Run};

#[derive(Debug, Clone, PartialEq)]
pub enum ModelSpec {
    /// Adaptive order-k context model with arithmetic coding.
    Order {
        k: usize,
    },
    /// The binary context-mixing model, with a neural model's distribution as one of its
    /// inputs if named (`neural:`).
    Cm {
        config: CmConfig,
        neural: Option<Learned>,
    },
    Neural(neural::Config),
    Transformer(neural::TransformerConfig),
    /// An outside process speaking the predictor protocol.
    External(ExternalSpec),
    /// A neural model, or none (`kind: mixer`), mixed with experts (sorted: the match model
    /// first, then the orders from low to high).
    Mixed {
        model: Option<Learned>,
        experts: Vec<Expert>,
    },
    /// A neural model, alone or with experts, trained on its family before it codes or
    /// restarted at each segment.
    Prepared(Box<Prepared>),
}

/// A neural model prepared before and while it codes (its methods: `prepared`).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// A neural model, alone or with experts.
    pub model: ModelSpec,
    pub prior: Option<Prior>,
    pub restart: Option<Restart>,
}

/// Restarts at each segment of the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Restart {
    /// Symbols per segment: the source's L, once the job's source is known.
    pub every: Option<usize>,
}

/// The neural model a `Mixed` spec mixes with its experts: only these kinds can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    Recurrent(neural::Config),
    Transformer(neural::TransformerConfig),
}

impl Learned {
    /// The model of a neural spec; `None` for another kind.
    pub fn of(spec: ModelSpec) -> Option<Learned> {
        match spec {
            ModelSpec::Neural(n) => Some(Learned::Recurrent(n)),
            ModelSpec::Transformer(t) => Some(Learned::Transformer(t)),
            _ => None,
        }
    }

    /// The model alone, as a spec (for its label, parameters, costs).
    pub fn spec(&self) -> ModelSpec {
        match self {
            Learned::Recurrent(n) => ModelSpec::Neural(n.clone()),
            Learned::Transformer(t) => ModelSpec::Transformer(t.clone()),
        }
    }

    /// The same model with `streams` parallel streams (online), as a prior trains it.
    pub(super) fn with_streams(&self, streams: usize) -> Learned {
        match self {
            Learned::Recurrent(n) => Learned::Recurrent(neural::Config {
                streams,
                schedule: neural::Schedule::Online,
                ..n.clone()
            }),
            Learned::Transformer(t) => Learned::Transformer(neural::TransformerConfig {
                streams,
                ..t.clone()
            }),
        }
    }

    /// The model in its seeded initial state.
    pub(super) fn online_model(
        &self,
        alphabet: usize,
        seed: u64,
        threads: usize,
    ) -> Box<dyn OnlineModel> {
        match self {
            Learned::Recurrent(n) => Box::new(neural::Model::with_threads(
                with_job(n, alphabet, seed),
                threads,
            )),
            Learned::Transformer(t) => {
                Box::new(neural::Transformer::new(transformer_job(t, alphabet, seed)))
            }
        }
    }
}

impl ModelSpec {
    /// Whether a recurrent model runs in it, which the runner gives a share of the threads.
    pub fn is_recurrent(&self) -> bool {
        match self {
            ModelSpec::Neural(_) => true,
            ModelSpec::Mixed { model, .. } | ModelSpec::Cm { neural: model, .. } => {
                matches!(model, Some(Learned::Recurrent(_)))
            }
            ModelSpec::Prepared(p) => p.model.is_recurrent(),
            _ => false,
        }
    }

    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            ModelSpec::Order { .. } => "order",
            ModelSpec::Cm { .. } => "cm",
            ModelSpec::Neural(n) => n.kind.name(),
            ModelSpec::Transformer(_) => "transformer",
            ModelSpec::External(_) => "predictor",
            ModelSpec::Mixed { model, .. } => model.as_ref().map_or("mixer", |m| m.spec().kind()),
            ModelSpec::Prepared(p) => p.model.kind(),
        }
    }

    /// The neural model that learns in it, if any.
    pub fn learned(&self) -> Option<Learned> {
        match self {
            ModelSpec::Mixed { model, .. } | ModelSpec::Cm { neural: model, .. } => model.clone(),
            ModelSpec::Prepared(p) => p.model.learned(),
            other => Learned::of(other.clone()),
        }
    }

    /// This spec for a job on `source` (a prior's family, a restart's segment length); an
    /// error where `source` cannot give them.
    pub fn for_source(&self, source: &generators::Source) -> Result<ModelSpec, String> {
        Ok(match self {
            ModelSpec::Prepared(p) => ModelSpec::Prepared(Box::new(p.for_source(source)?)),
            other => other.clone(),
        })
    }

    /// Its prior, if it has one.
    pub fn prior(&self) -> Option<&Prior> {
        match self {
            ModelSpec::Prepared(p) => p.prior.as_ref(),
            _ => None,
        }
    }

    /// Streams the coder codes side by side.
    pub fn coded_streams(&self) -> usize {
        match self.learned() {
            Some(Learned::Recurrent(n)) => n.coded_streams(),
            Some(Learned::Transformer(t)) => t.streams,
            None => 1,
        }
    }

    /// The predictor in its seeded initial state for `run`, with the weights a model trained
    /// on its input `stored` (the file's weights section, empty for every other); a neural
    /// model runs on `threads` threads (the same bits for any count).
    pub fn predictor(
        &self,
        run: Run,
        threads: usize,
        stored: &[u8],
    ) -> Result<Box<dyn Predictor>, PredictError> {
        let (alphabet, seed) = (run.alphabet, run.seed);
        Ok(match self {
            ModelSpec::Order { k } => Box::new(OrderK::new(alphabet, *k)),
            ModelSpec::Cm { config, neural } => {
                let neural = neural
                    .as_ref()
                    .map(|m| m.online_model(alphabet, seed, threads));
                cm::model(config, run.values, neural)
            }
            ModelSpec::Neural(n) => Box::new(NeuralPredictor(
                Learned::Recurrent(n.clone()).online_model(alphabet, seed, threads),
            )),
            ModelSpec::Transformer(t) => Box::new(NeuralPredictor(
                Learned::Transformer(t.clone()).online_model(alphabet, seed, threads),
            )),
            ModelSpec::External(e) => e.predictor(run, threads)?,
            ModelSpec::Mixed { model, experts } => {
                let model = model
                    .as_ref()
                    .map(|m| m.online_model(alphabet, seed, threads));
                Box::new(Hybrid::new(model, experts, run))
            }
            ModelSpec::Prepared(p) => p.predictor(run, threads, stored)?,
        })
    }

    /// The in-memory codec (predictor and range coder) for a source with `alphabet` symbols;
    /// `seed` initialises the model, which runs on `threads` threads.
    pub fn build(&self, alphabet: usize, seed: u64, threads: usize) -> Box<dyn Codec> {
        self.build_in_segments(alphabet, seed, threads, None)
    }

    /// `build`, for a source redrawn every `segment` symbols: the codec also averages its bits
    /// by position in the segment.
    pub fn build_in_segments(
        &self,
        alphabet: usize,
        seed: u64,
        threads: usize,
        segment: Option<usize>,
    ) -> Box<dyn Codec> {
        let spec = self.clone();
        let line = self.spec_line();
        let codec = ModelCodec::new(
            line.clone(),
            super::versions::written_version(&line),
            seed,
            alphabet,
            Box::new(move |run, stored| spec.predictor(run, threads, stored)),
        );
        let stores = self.prepared().filter(|_| self.stores_weights()).cloned();
        let codec = match stores {
            Some(prepared) => codec.storing(Box::new(move |symbols, run| {
                let silent = super::prior::tick::SILENT;
                let stored = prepared.train_on_input(symbols, run, threads, silent);
                let stored = stored
                    .expect("a prior on the input")
                    .map_err(PredictError)?;
                Ok((stored.bytes, stored.seconds))
            })),
            None => codec,
        };
        Box::new(codec.with_segments(segment))
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
