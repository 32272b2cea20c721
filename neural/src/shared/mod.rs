//! What both model families (`recurrent`, `transformer`) are built from: the fixed-order
//! kernels and the run-time choice of their instruction set, exp/tanh/sigmoid from + − × ÷,
//! the seeded weight initialisation and Adam.

pub mod adam;
pub mod init;
pub mod isa;
pub mod kernels;
pub mod math;
