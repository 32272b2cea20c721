//! The core of deepzip-bench: sources' symbols in, `.dz` bytes out. The range coder and the
//! shared quantisation (`coding`), the causal predictors and their adapters (`predict`), the
//! one coding loop both sides run (`driver`), the codec interface (`codec`) and the
//! predictor-driven codec (`predictive`), the model-based compressors' specs (`spec`), and the
//! compression of files (`dzfile`). It depends on neither polars nor plotters: the harness
//! (experiments, runner, reports, CLI) sits on top of it, and another tool or a Python binding
//! can use it alone. The layers import only downwards: `coding` → `predict` → `driver` →
//! `codec` → `predictive` → `spec` → `dzfile`.

pub mod codec;
pub mod coding;
pub mod curve;
pub mod driver;
pub mod dzfile;
pub mod predict;
pub mod predictive;
pub mod spec;
pub mod yaml;
