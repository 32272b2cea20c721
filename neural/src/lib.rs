//! Online-trained recurrent predictors for neural compression: a vanilla tanh RNN, a GRU, an
//! LSTM, and Feat (a GRU fed the previous W symbols, optionally with context-count features),
//! one or more stacked layers, one-hot or embedded inputs, trained by truncated BPTT with Adam.
//!
//! Why hand-written rather than a tensor library: the decoder must recompute the encoder's
//! probabilities bit for bit, on any x86-64 or aarch64 machine and at any SIMD width. Tensor
//! libraries pick kernels at run time (AVX-512 here, NEON there, FMA or not, thread-count
//! dependent reductions) and call the platform libm, each of which changes rounding; DeepZip's
//! own logs show decode failures from exactly that. Here every operation's order is fixed in
//! the source (`kernels`), exp/tanh/sigmoid are built from + − × ÷ (`math`), the weights come
//! from a fixed generator (`init`), and threads split the work, never a sum (`model`). The one run-time choice, AVX2 or
//! baseline copies of the same loops (`isa`), is proven not to change a bit. The kernels are
//! also small and fast enough to make one-core CPU runs practical.

mod adam;
mod cell;
mod crew;
mod features;
mod gru_reset_before;
mod init;
mod isa;
mod kernels;
pub mod math;
mod mix;
mod model;
mod recipe;
mod transformer;

pub use cell::CellKind;
pub use isa::{kernels_in_use, set_kernels, Kernels};
pub use model::{Config, Model};
pub use recipe::{Init, Mix, ModelKind, Recipe, Reset, Schedule};
pub use transformer::{Transformer, TransformerConfig};
