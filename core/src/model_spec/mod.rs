//! Model-based compressors: which model with which settings, parsed from YAML fields or a
//! `.dz` header's words, named, costed and built.

mod cm;
#[cfg(test)]
mod cm_tests;
mod cost;
pub mod expert_list;
mod flags;
mod grid;
mod label;
mod model;
pub mod outside;
mod parse;
pub mod predictor;
mod prepared;
pub mod prior;
mod recurrent;
mod transformer;
pub mod versions;

pub use cost::MAX_MODEL_GIB;
pub use flags::ModelFlags;
pub use model::{Learned, ModelSpec};
pub use parse::{parse, parse_with_sources, MODEL_KINDS};
