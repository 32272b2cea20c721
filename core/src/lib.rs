//! The core of deepzip-bench: sources' symbols in, `.dz` bytes out. The range coder and the
//! shared quantisation (`coding`), the cut into streams (`parts`), outside processes
//! (`process`), the causal predictors and their adapters, the outside predictor and its
//! protocol among them (`predict`), the one coding loop both sides run (`driver`, with the
//! learning curve of `generators::curve` and the `replay` fingerprints; `bit_driver` for a
//! model that predicts bit by bit, and what both share in `coding_steps`), the codec interface (`codec`) and the
//! in-memory codec of a model-based compressor (`model_codec`), the experts and mixer beside a model (`mixing`), the model-based compressors' specs (`model_spec`: one door from YAML, header words and flags), and the
//! compression of files (`dzfile`, written whole by `atomic_file`). It depends on neither polars nor plotters: the harness
//! (experiments, runner, reports, CLI) sits on top of it, and another tool or a Python binding
//! can use it alone. The layers import only downwards (tests/layout.rs fails on an arrow up a
//! floor): `atomic_file`, `yaml`, `coding`, `parts`, `process`, `replay` → `predict` →
//! `mixing` → `coding_steps`, `bit_driver`, `driver` → `codec` → `model_codec` → `model_spec` → `dzfile` → the binaries. The
//! container in `coding` frames bytes only; `model_spec::versions` upgrades old spec words.

pub mod atomic_file;
mod bit_driver;
pub mod codec;
pub mod coding;
mod coding_steps;
pub mod driver;
pub mod dzfile;
pub mod mixing;
pub mod model_codec;
pub mod model_spec;
pub mod parts;
pub mod predict;
pub mod process;
pub mod replay;
pub mod yaml;
