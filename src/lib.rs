//! deepzip-bench: a research harness for neural lossless compression on sources whose entropy
//! rate is known. See README.md for the door and docs/ for the reference; docs/layout.md maps
//! the crates.

pub mod check;
pub mod classic;
pub mod cli;
pub mod commands;
pub mod compressors;
pub mod experiment;
pub mod kraft;
pub mod merge;
pub mod packing;
pub mod peer;
pub mod plan;
pub mod record;
pub mod report;
pub mod results_csv;
pub mod runner;
