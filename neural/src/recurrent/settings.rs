//! The named settings of the recurrent models, as YAML, the command line and `.dz` headers
//! write them: the model kind, its recipe, the initialisation, the GRU's reset form, the
//! order-0 mix and the training schedule.

use crate::cell::CellKind;

/// `ALL`, `name()` (the YAML word) and `from_name()` for an enum of named settings.
macro_rules! named {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The words of `ALL`, in order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

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

/// The cell a model of `kind` runs with `reset`.
pub fn cell_of(kind: ModelKind, reset: Reset) -> CellKind {
    match (kind, reset) {
        (ModelKind::ChRnn, _) => CellKind::Rnn,
        (ModelKind::Lstm, _) => CellKind::Lstm,
        (_, Reset::Before) => CellKind::GruResetBefore,
        (_, Reset::After) => CellKind::Gru,
    }
}
