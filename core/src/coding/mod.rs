//! Entropy coding: the range coder, the shared quantisation of distributions into frequency
//! tables, and the container that frames a coded stream. Nothing here knows a model.

pub mod calls;
pub mod container;
pub mod quantize;
pub mod range_coder;

#[cfg(test)]
mod tests;
