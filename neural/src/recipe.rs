//! The model kinds and their training recipes: which settings a model starts from when the
//! user names none.
//!
//! `deepzip` (the default for chrnn, chgru and feat) is the report's own code
//! (kedartatwawadi/NN_compression, TensorFlow 0.12/1.x): Glorot-uniform kernels over [x; h],
//! zero biases but the GRU's reset and update gates at 1.0, the reset-before GRU candidate,
//! Adam at lr 2e-4 with betas 0.9/0.999 and no gradient clipping, 64-step TBPTT segments.
//! `tuned` is this harness's earlier recipe, tuned on Markov-k at 1e6 symbols (fan-in
//! uniform init, recurrent gain 3 and update bias −0.5 for ChGRU, reset-after GRU, Adam at
//! lr 2e-3, clip 5, 50-step segments); every `.dz` written before format version 4 used it.
//! The report has no LSTM: `lstm` keeps `tuned` as its default.

use crate::cell::CellKind;
use crate::model::Config;

/// `ALL`, `name()` (the YAML word) and `from_name()` for an enum of named settings.
macro_rules! named {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The word YAML, the command line and `.dz` headers use.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            pub fn from_name(name: &str) -> Option<$ty> {
                $ty::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

named!(ModelKind { ChRnn => "chrnn", ChGru => "chgru", Lstm => "lstm", Feat => "feat" });
named!(Recipe { DeepZip => "deepzip", Tuned => "tuned" });
named!(Init { FanIn => "fan_in", Glorot => "glorot", Orthogonal => "orthogonal" });
named!(Reset { Before => "before", After => "after" });
named!(Mix { Off => "off", Order0 => "order0" });
named!(Schedule { Online => "online", Sliding => "sliding" });

/// Which model: the char models see one symbol per step, Feat the last W.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    ChRnn,
    ChGru,
    Lstm,
    Feat,
}

impl ModelKind {
    /// Whether its cell is a GRU (the `reset` and `update_bias` settings apply).
    pub fn is_gru(self) -> bool {
        matches!(self, ModelKind::ChGru | ModelKind::Feat)
    }
}

/// Which rows the model trains on. `Online`: B streams are B contiguous parts of the input,
/// each symbol a target once. `Sliding`, the report's code's batching: B rows are the one
/// stream delayed by 0, 1, …, B−1 symbols, so each symbol is a training target in B rows
/// (B times the compute per symbol); row 0, the undelayed one, codes each symbol, with the
/// weights of the segment in which it first appears, before that segment's Adam step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Online,
    Sliding,
}

/// A named set of defaults for every training setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipe {
    DeepZip,
    Tuned,
}

/// How the initial weights are drawn (biases are set, not drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// Each weight uniform in ±1/√fan-in (embeddings ±1, Wh ±recurrent_gain/√hidden), zero
    /// biases but the GRU update gate's: the `tuned` recipe.
    FanIn,
    /// TensorFlow's default: each kernel over [x; h] uniform in ±√(6/(fan_in + fan_out)) per
    /// gate group (the GRU's reset+update kernel and its candidate kernel are separate
    /// variables), Wh times recurrent_gain; output weights and bias Glorot too; GRU reset gate
    /// bias 1.0 (update gate: `update_bias`), LSTM forget gate bias 1.0.
    Glorot,
    /// `Glorot`, but each gate's hidden × hidden block of Wh a random orthogonal matrix
    /// (times recurrent_gain), as the later Keras DeepZip drew its recurrent kernels.
    Orthogonal,
}

/// Where the GRU's reset gate acts: on h before the candidate's recurrent product
/// (n = tanh(Wx·x + Wh·(r ⊙ h))) as in TensorFlow's GRUCell and the report's code, or after
/// it (n = tanh(Wx·x + r ⊙ (Wh·h)), cuDNN's and PyTorch's form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reset {
    Before,
    After,
}

/// What the coded distribution is: the model's own, or the model's blended with an adaptive
/// order-0 estimate by an online mixer (`mix`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    Off,
    Order0,
}

impl Recipe {
    /// The recipe a model of `kind` uses when none is named.
    pub fn default_for(kind: ModelKind) -> Recipe {
        match kind {
            ModelKind::Lstm => Recipe::Tuned,
            _ => Recipe::DeepZip,
        }
    }

    /// Sets what this recipe fixes for `cfg`'s kind: init, GRU form, recurrent gain, update
    /// bias, segment length and the optimizer's settings.
    pub fn apply(self, cfg: &mut Config) {
        let kind = cfg.kind;
        let r = match self {
            Recipe::DeepZip => Fixed {
                init: Init::Glorot,
                reset: Reset::Before,
                recurrent_gain: 1.0,
                // TensorFlow's GRUCell starts both gates at bias 1.0 (keep the state).
                update_bias: if kind.is_gru() { 1.0 } else { 0.0 },
                bptt: 64,
                lr: 2e-4,
                beta1: 0.9,
                clip: 0.0,
            },
            Recipe::Tuned => Fixed {
                init: Init::FanIn,
                reset: Reset::After,
                // Measured on Markov-k at 1e6 symbols: a larger initial Wh keeps ChGRU's
                // memory of the last k symbols from fading, so it learns them sooner (k = 10:
                // 0.0228 -> 0.0156 bits/symbol, k = 20: 0.269 -> 0.233). Feat and the LSTM
                // did not gain.
                recurrent_gain: if kind == ModelKind::ChGru { 3.0 } else { 1.0 },
                // ChGRU: update gate at bias -0.5 with beta1 0.7 learns Markov-10 sooner
                // (seeds 0-3: 0.0158 -> 0.0124 bits/symbol on average).
                update_bias: if kind == ModelKind::ChGru { -0.5 } else { 0.0 },
                bptt: 50,
                lr: 2e-3,
                beta1: if kind == ModelKind::ChGru { 0.7 } else { 0.9 },
                clip: 5.0,
            },
        };
        cfg.recipe = self;
        (cfg.init, cfg.reset, cfg.recurrent_gain) = (r.init, r.reset, r.recurrent_gain);
        (cfg.update_bias, cfg.bptt) = (r.update_bias, r.bptt);
        (cfg.lr, cfg.beta1, cfg.clip) = (r.lr, r.beta1, r.clip);
    }
}

/// What a recipe fixes, before it is written into a `Config`.
struct Fixed {
    init: Init,
    reset: Reset,
    recurrent_gain: f32,
    update_bias: f32,
    bptt: usize,
    lr: f32,
    beta1: f32,
    clip: f32,
}

/// The cell a model of `kind` runs with `reset`.
pub fn cell_of(kind: ModelKind, reset: Reset) -> CellKind {
    match (kind, reset) {
        (ModelKind::ChRnn, _) => CellKind::Rnn,
        (ModelKind::Lstm, _) => CellKind::Lstm,
        (_, Reset::Before) => CellKind::GruResetBefore,
        (_, Reset::After) => CellKind::Gru,
    }
}
