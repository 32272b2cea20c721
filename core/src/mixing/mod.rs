//! Experts mixed with a neural model (cmix's question under our rules): a match model that
//! copies what followed earlier occurrences of the current context, order-k count experts,
//! and a learned mixer that combines their distributions with the model's. Everything runs in
//! a fixed order with the crate's own ln/exp, so encoder and decoder agree to the bit.

pub mod experts;
pub mod hybrid;
pub mod match_model;
pub mod mixer;
pub mod order_expert;
