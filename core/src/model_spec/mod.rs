//! Model-based compressors: which model with which settings, parsed from YAML fields or a
//! `.dz` header's words, named, costed and built.

mod cost;
pub mod experts;
pub mod external;
mod flags;
mod grid;
mod label;
mod model;
pub mod outside;
mod parse;
mod recurrent;
mod transformer;
pub mod versions;

pub use cost::MAX_MODEL_GIB;
pub use flags::ModelFlags;
pub use model::{Learned, ModelSpec};
pub use parse::{parse, MODEL_KINDS};
