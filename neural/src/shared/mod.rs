//! What both model families (`recurrent`, `transformer`) are built from: the fixed-order
//! kernels and the run-time choice of their instruction set, exp/tanh/sigmoid from + − × ÷,
//! the seeded weight initialisation, Adam, and what declaring a setting takes.

pub mod adam;
pub mod declaration;
pub mod init;
pub mod isa;
pub mod kernels;
pub mod math;
pub mod trained;
