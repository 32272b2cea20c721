//! Online-trained next-symbol predictors for neural compression, in two families:
//! - `recurrent`: a vanilla tanh RNN (ChRNN), a GRU (ChGRU), an LSTM, and Feat (a GRU fed the
//!   previous W symbols, optionally with context-count features), one or more stacked layers,
//!   one-hot or embedded inputs, trained by truncated BPTT with Adam; their cells, each
//!   one's forward and backward step side by side, are in `cell`;
//! - `transformer`: a causal Transformer with relative distance biases and cached keys and
//!   values, trained the same way on segments of its input.
//!
//! What both are built from is in `shared`.
//!
//! Why hand-written rather than a tensor library: the decoder must recompute the encoder's
//! probabilities bit for bit, on any x86-64 or aarch64 machine and at any SIMD width. Tensor
//! libraries pick kernels at run time (AVX-512 here, NEON there, FMA or not, thread-count
//! dependent reductions) and call the platform libm, each of which changes rounding; DeepZip's
//! own logs show decode failures from exactly that. Here every operation's order is fixed in
//! the source (`shared::kernels`), exp/tanh/sigmoid are built from + − × ÷ (`shared::math`),
//! the weights come from a fixed generator (`shared::init`), and threads split the work, never
//! a sum (`recurrent`). The one run-time choice, AVX2 or baseline copies of the same loops
//! (`shared::isa`), is proven not to change a bit. The kernels are also small and fast enough
//! to make one-core CPU runs practical.

mod cell;
mod recurrent;
mod shared;
mod transformer;

pub use cell::CellKind;
pub use recurrent::{Config, Init, Mix, Model, ModelKind, Recipe, Reset, Schedule};

/// Every model setting, declared once per family: name, type and bounds, default, help,
/// label.
pub mod declared {
    pub use crate::recurrent::declared as recurrent;
    pub use crate::shared::declaration::{Only, Setting, Type, Value};
    pub use crate::transformer::declared as transformer;
}
pub use shared::isa::{kernels_in_use, set_kernels, Kernels};
pub use shared::math;
pub use shared::trained::Trained;
pub use transformer::{Transformer, TransformerConfig};
