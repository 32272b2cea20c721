//! Compressor specs: a validated description of one compressor, which builds its `Codec` for
//! a given alphabet and seed.

use crate::baselines::{pack_bits_for, Classic, ClassicCodec};
use crate::codec::Codec;
use crate::coding::predictive::PredictiveCodec;
use crate::predict::neural::NeuralPredictor;
use crate::predict::order_k::OrderK;
use crate::predict::Predictor;
use neural::CellKind;

/// The most memory one neural model may take, in GiB.
pub const MAX_MODEL_GIB: f64 = 8.0;

/// Settings of a neural compressor; the alphabet and seed come from the job.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuralSpec {
    /// `chrnn`, `chgru`, `lstm` or `feat`.
    pub kind: &'static str,
    pub hidden: usize,
    /// Stacked recurrent layers.
    pub layers: usize,
    pub window: usize,
    /// Embedding size per input symbol (0: one-hot inputs).
    pub embed: usize,
    /// Context-count features for the orders 1..=contexts (Feat only; 0: none).
    pub contexts: usize,
    /// Initial recurrent weights are uniform in ±recurrent_gain/√hidden.
    pub recurrent_gain: f32,
    /// Initial bias of the GRU update gate (chgru, feat; 0 for the others).
    pub update_bias: f32,
    pub bptt: usize,
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub clip: f32,
    /// Parallel streams B trained as one batch.
    pub streams: usize,
}

impl NeuralSpec {
    /// The defaults of every setting but the kind.
    pub fn defaults(kind: &'static str) -> NeuralSpec {
        NeuralSpec {
            kind,
            hidden: 128,
            layers: 1,
            window: if kind == "feat" { 50 } else { 1 },
            embed: 0,
            contexts: 0,
            // Measured on Markov-k at 1e6 symbols: a larger initial Wh keeps ChGRU's memory
            // of the last k symbols from fading, so it learns them sooner (k = 10: 0.0228 ->
            // 0.0156 bits/symbol, k = 20: 0.269 -> 0.233). Feat (its past is in its input)
            // and the LSTM (k = 30: 0.603 -> 0.666) did not gain.
            recurrent_gain: if kind == "chgru" { 3.0 } else { 1.0 },
            // ChGRU: an update gate starting at bias -0.5 (h takes more of the new candidate
            // each step) with beta1 0.7 learns Markov-10 sooner. Measured at 1e6 symbols,
            // seeds 0-3, k = 10: 0.0158 -> 0.0124 bits/symbol on average (every seed below
            // gzip's 0.0135); seed 0: k = 20 0.233 -> 0.234, k = 30 0.564 -> 0.656, k = 50
            // 0.981 -> 0.993, counter 0.233 -> 0.172. Bias -1: k = 10 0.0112 but k = 20 0.263.
            update_bias: if kind == "chgru" { -0.5 } else { 0.0 },
            bptt: 50,
            lr: 2e-3,
            beta1: if kind == "chgru" { 0.7 } else { 0.9 },
            beta2: 0.999,
            clip: 5.0,
            streams: 1,
        }
    }

    /// `chgru-128`, `feat-50`, plus every setting that differs from its default, so the
    /// cells of a grid over settings get distinct columns.
    pub fn label(&self) -> String {
        let d = NeuralSpec::defaults(self.kind);
        let mut label = match self.kind {
            "feat" => format!("feat-{}-h{}", self.window, self.hidden),
            _ => format!("{}-{}", self.kind, self.hidden),
        };
        let extras = [
            ("L", self.layers as f32, d.layers as f32),
            ("e", self.embed as f32, d.embed as f32),
            ("ctx", self.contexts as f32, d.contexts as f32),
            ("rg", self.recurrent_gain, d.recurrent_gain),
            ("ub", self.update_bias, d.update_bias),
            ("bptt", self.bptt as f32, d.bptt as f32),
            ("lr", self.lr, d.lr),
            ("b1_", self.beta1, d.beta1),
            ("b2_", self.beta2, d.beta2),
            ("clip", self.clip, d.clip),
            ("B", self.streams as f32, d.streams as f32),
        ];
        for (key, value, default) in extras {
            if value != default {
                label.push_str(&format!("-{key}{value}"));
            }
        }
        label
    }

    pub fn cell(&self) -> CellKind {
        match self.kind {
            "chrnn" => CellKind::Rnn,
            "lstm" => CellKind::Lstm,
            _ => CellKind::Gru,
        }
    }

    pub fn config(&self, alphabet: usize, seed: u64) -> neural::Config {
        neural::Config {
            cell: self.cell(),
            alphabet,
            hidden: self.hidden,
            layers: self.layers,
            window: self.window,
            embed: self.embed,
            contexts: self.contexts,
            recurrent_gain: self.recurrent_gain,
            update_bias: self.update_bias,
            bptt: self.bptt,
            lr: self.lr,
            beta1: self.beta1,
            beta2: self.beta2,
            clip: self.clip,
            streams: self.streams,
            seed,
        }
    }
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
    Neural(NeuralSpec),
}

impl CompressorSpec {
    /// Column name in tables: the kind plus what distinguishes it in a grid.
    pub fn label(&self) -> String {
        match self {
            CompressorSpec::Classic { kind, level, pack } => {
                let raw = if *pack { "" } else { "-bytes" };
                format!("{}-{level}{raw}", kind.name())
            }
            CompressorSpec::Order { k } => format!("order-{k}"),
            CompressorSpec::Neural(n) => n.label(),
        }
    }

    /// Every setting, as `key=value` pairs.
    pub fn params(&self) -> String {
        match self {
            CompressorSpec::Classic { level, pack, .. } => format!("level={level} pack={pack}"),
            CompressorSpec::Order { k } => format!("k={k}"),
            CompressorSpec::Neural(n) => {
                let window = if n.kind == "feat" {
                    format!(" window={}", n.window)
                } else {
                    String::new()
                };
                // Settings added later are written only when set, so the headers of files
                // from before them stay what they were.
                let d = NeuralSpec::defaults(n.kind);
                let mut later = String::new();
                for (key, value, default) in [
                    ("layers", n.layers as f32, d.layers as f32),
                    ("embed", n.embed as f32, d.embed as f32),
                    ("contexts", n.contexts as f32, d.contexts as f32),
                    ("recurrent_gain", n.recurrent_gain, d.recurrent_gain),
                    ("update_bias", n.update_bias, d.update_bias),
                ] {
                    if value != default {
                        later.push_str(&format!(" {key}={value}"));
                    }
                }
                format!(
                    "hidden={}{window} bptt={} lr={} beta1={} beta2={} clip={} streams={}{later}",
                    n.hidden, n.bptt, n.lr, n.beta1, n.beta2, n.clip, n.streams
                )
            }
        }
    }

    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            CompressorSpec::Classic { kind, .. } => kind.name(),
            CompressorSpec::Order { .. } => "order",
            CompressorSpec::Neural(n) => n.kind,
        }
    }

    /// `kind key=value …` with the YAML field names: what a `.dz` header stores, and what
    /// `experiment::parse_compressor_words` reads back.
    pub fn spec_line(&self) -> String {
        format!("{} {}", self.kind(), self.params())
    }

    /// Relative cost per symbol, for ordering and balancing jobs (1 = a classic compressor).
    pub fn cost_per_symbol(&self) -> f64 {
        match self {
            CompressorSpec::Classic { .. } => 1.0,
            CompressorSpec::Order { .. } => 2.0,
            // Multiply-adds per symbol relative to a classic compressor's few operations.
            CompressorSpec::Neural(n) => {
                let (gh, h) = ((n.cell().gates() * n.hidden) as f64, n.hidden as f64);
                let layers = n.layers as f64;
                let dense = (n.window * n.embed + 2 * n.contexts) as f64 + h * (layers - 1.0);
                let inputs = 2.0 * n.window as f64 + 3.0 * dense;
                1.0 + (3.0 * h * gh * layers + inputs * gh) / 400.0
            }
        }
    }

    /// An error unless this compressor's model fits in `MAX_MODEL_GIB` for a source of
    /// `alphabet` symbols. Settings within the YAML limits can still ask for terabytes (hidden
    /// 4096 × 8 layers, or bptt × streams records), and a forged `.dz` header may: this turns
    /// that into a clear error before anything is allocated.
    pub fn check_memory(&self, alphabet: usize) -> Result<(), String> {
        let CompressorSpec::Neural(n) = self else {
            return Ok(());
        };
        let gib = n.config(alphabet, 0).memory_bytes() / (1u64 << 30) as f64;
        if gib <= MAX_MODEL_GIB {
            Ok(())
        } else {
            Err(format!(
                "`{}` would need {gib:.1} GiB for its weights and TBPTT records (hidden, \
                 layers, window, bptt × streams) with {alphabet} symbols; at most \
                 {MAX_MODEL_GIB} GiB",
                self.label()
            ))
        }
    }

    /// The predictor of a model-based compressor (`None` for the classic ones).
    pub fn predictor(&self, alphabet: usize, seed: u64) -> Option<Box<dyn Predictor>> {
        match self {
            CompressorSpec::Classic { .. } => None,
            CompressorSpec::Order { k } => Some(Box::new(OrderK::new(alphabet, *k))),
            CompressorSpec::Neural(n) => Some(Box::new(NeuralPredictor(neural::Model::new(
                n.config(alphabet, seed),
            )))),
        }
    }

    /// The codec for a source with `alphabet` symbols; `seed` initialises any model.
    pub fn build(&self, alphabet: usize, seed: u64) -> Box<dyn Codec> {
        match *self {
            CompressorSpec::Classic { kind, level, pack } => Box::new(ClassicCodec {
                kind,
                level,
                pack_bits: if pack { pack_bits_for(alphabet) } else { None },
            }),
            _ => {
                let spec = self.clone();
                Box::new(PredictiveCodec::new(
                    self.spec_line(),
                    seed,
                    alphabet,
                    Box::new(move || spec.predictor(alphabet, seed).expect("model-based")),
                ))
            }
        }
    }
}
