//! Compressor specs: a validated description of one compressor, which builds its `Codec` for
//! a given alphabet and seed.

use crate::baselines::{pack_bits_for, Classic, ClassicCodec};
use crate::codec::Codec;
use crate::coding::predictive::PredictiveCodec;
use crate::command::{CommandCodec, CommandSpec};
use crate::predict::neural::NeuralPredictor;
use crate::predict::order_k::OrderK;
use crate::predict::Predictor;
use neural::ModelKind;

/// The most memory one neural model may take, in GiB.
pub const MAX_MODEL_GIB: f64 = 8.0;

/// Short keys of the settings in a neural compressor's label.
const LABEL_KEYS: &[(&str, &str)] = &[
    ("layers", "L"),
    ("embed", "e"),
    ("contexts", "ctx"),
    ("init", "init-"),
    ("reset", "reset-"),
    ("recurrent_gain", "rg"),
    ("update_bias", "ub"),
    ("beta1", "b1_"),
    ("beta2", "b2_"),
    ("streams", "B"),
    ("schedule", "sched-"),
    ("mix", "mix-"),
];

/// `chgru-128`, `feat-50-h128`, plus the recipe where it is not the kind's default and every
/// setting that differs from the recipe's, so the cells of a grid over settings get distinct
/// columns.
pub fn neural_label(n: &neural::Config) -> String {
    let mut label = match n.kind {
        ModelKind::Feat => format!("feat-{}-h{}", n.window, n.hidden),
        kind => format!("{}-{}", kind.name(), n.hidden),
    };
    for (key, value) in n.changed_settings() {
        match key {
            "hidden" | "window" => {}
            "recipe" => label.push_str(&format!("-{value}")),
            _ => {
                let short = LABEL_KEYS
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(key, |(_, s)| s);
                label.push_str(&format!("-{short}{value}"));
            }
        }
    }
    label
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompressorSpec {
    /// `pack`: bit-pack small alphabets before compressing.
    Classic {
        kind: Classic,
        level: i64,
        pack: bool,
    },
    /// Adaptive order-k context model with arithmetic coding.
    Order {
        k: usize,
    },
    Neural(neural::Config),
    Transformer(neural::TransformerConfig),
    /// A command-line compressor run as a child process.
    Command(CommandSpec),
}

impl CompressorSpec {
    /// Column name in tables: the kind plus what distinguishes it in a grid.
    pub fn label(&self) -> String {
        match self {
            CompressorSpec::Classic { kind, level, pack } => {
                let raw = if *pack {
                    ""
                } else {
                    crate::report::tables::BYTES
                };
                format!("{}-{level}{raw}", kind.name())
            }
            CompressorSpec::Order { k } => format!("order-{k}"),
            CompressorSpec::Neural(n) => neural_label(n),
            CompressorSpec::Transformer(t) => transformer_label(t),
            CompressorSpec::Command(c) => c.name.clone(),
        }
    }

    /// Every setting, as `key=value` pairs.
    pub fn params(&self) -> String {
        match self {
            CompressorSpec::Classic { level, pack, .. } => format!("level={level} pack={pack}"),
            CompressorSpec::Order { k } => format!("k={k}"),
            CompressorSpec::Neural(n) => join_settings(n.settings()),
            CompressorSpec::Transformer(t) => join_settings(t.settings()),
            CompressorSpec::Command(c) => {
                let encoding = if c.packed { "packed" } else { "bytes" };
                let mut words = vec![
                    format!("compress=\"{}\"", c.compress),
                    format!("decompress=\"{}\"", c.decompress),
                    format!("encoding={encoding} timeout={}", c.timeout_s),
                ];
                words.extend(c.env.iter().map(|(k, v)| format!("env.{k}=\"{v}\"")));
                words.join(" ")
            }
        }
    }

    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            CompressorSpec::Classic { kind, .. } => kind.name(),
            CompressorSpec::Order { .. } => "order",
            CompressorSpec::Neural(n) => n.kind.name(),
            CompressorSpec::Transformer(_) => "transformer",
            CompressorSpec::Command(_) => "command",
        }
    }

    /// `kind key=value …` with the YAML field names: what a `.dz` header stores, and what
    /// `experiment::parse_compressor_words` reads back. A neural model names its hidden size
    /// and the settings that differ from its recipe's defaults (each a byte of every header).
    pub fn spec_line(&self) -> String {
        match self {
            CompressorSpec::Neural(n) => {
                let mut words = vec![("hidden", n.hidden.to_string())];
                words.extend(
                    n.changed_settings()
                        .into_iter()
                        .filter(|(k, _)| *k != "hidden"),
                );
                format!("{} {}", self.kind(), join_settings(words))
            }
            // Its defaults hold for every version that knows the kind; each differing
            // setting is written.
            CompressorSpec::Transformer(t) => {
                let words = t.changed_settings();
                format!("{} {}", self.kind(), join_settings(words))
                    .trim_end()
                    .to_string()
            }
            _ => format!("{} {}", self.kind(), self.params()),
        }
    }

    /// Relative cost per symbol, for ordering and balancing jobs (1 = a classic compressor).
    pub fn cost_per_symbol(&self) -> f64 {
        match self {
            CompressorSpec::Classic { .. } => 1.0,
            CompressorSpec::Order { .. } => 2.0,
            // Unknown: as dear as a small neural model, so these start early.
            CompressorSpec::Command(_) => 100.0,
            // Multiply-adds per symbol relative to a classic compressor's few operations.
            CompressorSpec::Neural(n) => {
                let (gh, h) = ((n.cell().gates() * n.hidden) as f64, n.hidden as f64);
                let layers = n.layers as f64;
                let dense = (n.window * n.embed + 2 * n.contexts) as f64 + h * (layers - 1.0);
                let inputs = 2.0 * n.window as f64 + 3.0 * dense;
                // The sliding schedule runs all B rows for every coded symbol.
                let rows = (n.streams / n.coded_streams()) as f64;
                1.0 + rows * (3.0 * h * gh * layers + inputs * gh) / 400.0
            }
            // The same unit: forward and backward multiply-adds of the projections, the
            // feed-forward block and attention over the context.
            CompressorSpec::Transformer(t) => {
                let (d, c) = (t.d_model as f64, t.context as f64);
                let per_layer = 12.0 * d * d + 2.0 * c * d;
                1.0 + 3.0 * t.layers as f64 * per_layer / 400.0
            }
        }
    }

    /// An error unless this compressor's model fits in `MAX_MODEL_GIB` for a source of
    /// `alphabet` symbols. Settings within the YAML limits can still ask for terabytes (hidden
    /// 4096 × 8 layers, or bptt × streams records), and a forged `.dz` header may: this turns
    /// that into a clear error before anything is allocated.
    pub fn check_memory(&self, alphabet: usize) -> Result<(), String> {
        let what = match self {
            CompressorSpec::Neural(_) => {
                "its weights and TBPTT records (hidden, layers, window, bptt × streams)"
            }
            CompressorSpec::Transformer(_) => {
                "its weights, caches and segment records (d_model, layers, context, segment \
                 × streams)"
            }
            _ => return Ok(()),
        };
        let gib = self.model_bytes(alphabet).unwrap_or(0) as f64 / (1u64 << 30) as f64;
        if gib <= MAX_MODEL_GIB {
            Ok(())
        } else {
            Err(format!(
                "`{}` would need {gib:.1} GiB for {what} with {alphabet} symbols; at most \
                 {MAX_MODEL_GIB} GiB",
                self.label()
            ))
        }
    }

    /// A neural model's estimated state in bytes (see `neural::Config::memory_bytes`).
    pub fn model_bytes(&self, alphabet: usize) -> Option<u64> {
        match self {
            CompressorSpec::Neural(n) => Some(with_job(n, alphabet, 0).memory_bytes() as u64),
            CompressorSpec::Transformer(t) => {
                Some(transformer_job(t, alphabet, 0).memory_bytes() as u64)
            }
            _ => None,
        }
    }

    /// The predictor of a model-based compressor (`None` for the classic ones); a neural
    /// model runs on `threads` threads (the same bits for any count).
    pub fn predictor(
        &self,
        alphabet: usize,
        seed: u64,
        threads: usize,
    ) -> Option<Box<dyn Predictor>> {
        match self {
            CompressorSpec::Classic { .. } | CompressorSpec::Command(_) => None,
            CompressorSpec::Order { k } => Some(Box::new(OrderK::new(alphabet, *k))),
            CompressorSpec::Neural(n) => Some(Box::new(NeuralPredictor(
                neural::Model::with_threads(with_job(n, alphabet, seed), threads),
            ))),
            CompressorSpec::Transformer(t) => Some(Box::new(NeuralPredictor(
                neural::Transformer::new(transformer_job(t, alphabet, seed)),
            ))),
        }
    }

    /// The codec for a source with `alphabet` symbols; `seed` initialises any model, which
    /// runs on `threads` threads.
    pub fn build(&self, alphabet: usize, seed: u64, threads: usize) -> Box<dyn Codec> {
        match self {
            &CompressorSpec::Classic { kind, level, pack } => Box::new(ClassicCodec {
                kind,
                level,
                pack_bits: if pack { pack_bits_for(alphabet) } else { None },
            }),
            CompressorSpec::Command(c) => Box::new(CommandCodec {
                spec: c.clone(),
                alphabet,
            }),
            _ => {
                let spec = self.clone();
                Box::new(PredictiveCodec::new(
                    self.spec_line(),
                    seed,
                    alphabet,
                    Box::new(move || {
                        spec.predictor(alphabet, seed, threads)
                            .expect("model-based")
                    }),
                ))
            }
        }
    }
}

/// A neural compressor's settings with a job's alphabet and seed.
fn with_job(n: &neural::Config, alphabet: usize, seed: u64) -> neural::Config {
    neural::Config {
        alphabet,
        seed,
        ..n.clone()
    }
}

/// A Transformer's settings with a job's alphabet and seed.
fn transformer_job(
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

/// `transformer-L2-d64`, plus every setting that differs from the defaults.
pub fn transformer_label(t: &neural::TransformerConfig) -> String {
    let mut label = format!("transformer-L{}-d{}", t.layers, t.d_model);
    for (key, value) in t.changed_settings() {
        let short = match key {
            "layers" | "d_model" => continue,
            "context" => "C",
            "heads" => "H",
            "segment" => "seg",
            "distance_lr" => "dlr",
            "ngram" => "n",
            "streams" => "B",
            "beta1" => "b1_",
            "beta2" => "b2_",
            other => other,
        };
        label.push_str(&format!("-{short}{value}"));
    }
    label
}

/// `key=value key=value …`.
fn join_settings(settings: Vec<(&'static str, String)>) -> String {
    settings
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}
