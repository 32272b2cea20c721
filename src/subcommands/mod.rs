//! What each subcommand does, on typed arguments from `cli`.

mod check;
mod compress;
mod gen;
mod merge;
mod plan;
mod report;
mod run;
mod speed;

use crate::cli::{Cli, Subcommand};

/// Runs the command; `Ok(false)` means it completed but some part failed (non-zero exit).
pub fn dispatch(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Subcommand::Run(args) => run::run(args),
        Subcommand::Gen(args) => gen::gen(args),
        Subcommand::Plan(args) => plan::plan(args),
        Subcommand::Merge(args) => merge::merge(args),
        Subcommand::Speed(args) => speed::speed(*args),
        Subcommand::Report(args) => report::report(args),
        Subcommand::Compress(args) => compress::compress(*args),
        Subcommand::Decompress(args) => compress::decompress(args),
        Subcommand::Check(args) => check::check(args),
    }
}
