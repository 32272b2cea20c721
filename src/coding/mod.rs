//! Entropy coding: the range coder, the shared quantisation of distributions into frequency
//! tables, and the container that frames a coded stream.

pub mod container;
pub mod driver;
pub mod predictive;
pub mod quantize;
pub mod range_coder;
