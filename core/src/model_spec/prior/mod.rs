//! A prior: the model trained on sequences of a source's family before it codes
//! (`pretrain:`), the way the in-context papers train a Transformer on many chains drawn from
//! a prior. The decoder rebuilds the same weights from the spec (everything is
//! deterministic), so they are not stored; their price is reported as `prior_bytes`,
//! parameters × `bits_per_parameter` / 8 (16 bits: LMIC's convention). Each setting is
//! declared once (`SETTINGS`): the YAML block's fields, the header words and the flags
//! (`pretrain.NAME`, `--pretrain-NAME`) read it. A prior on the input itself (`on: self`)
//! is trained by the encoder alone, and its weights are stored in the file (`on_self`).

mod cache;
mod on_self;
mod parse;
pub mod spec;
pub mod tick;
mod train;
mod weights;

pub use cache::dir as cache_dir;
pub use on_self::{train as train_on_self, Stored};
pub use parse::{priors, SourceParser};
pub use spec::{After, On, Prior, BLOCK, RESTART};
pub use tick::{Tick, SILENT};
pub use train::{key, trained, Origin, Trained};
pub use weights::decode as stored_weights;

#[cfg(test)]
mod on_self_tests;
#[cfg(test)]
mod tests;
