//! deepzip-bench: a research harness for neural lossless compression on sources whose entropy
//! rate is known. See README.md for the door and docs/ for the reference; docs/layout.md maps
//! the crates.

pub mod classic;
pub mod cli;
pub mod compressor_spec;
pub mod experiment;
pub mod job_plan;
pub mod kraft;
pub mod packing;
pub mod peer;
pub mod record;
pub mod regression_gate;
pub mod report;
pub mod results_csv;
pub mod runner;
pub mod shard_merge;
pub mod subcommands;
