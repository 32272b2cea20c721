//! What each subcommand does, on typed arguments from `cli`.

mod check;
mod compress;
mod gen;
mod merge;
mod plan;
mod report;
mod run;
mod speed;

use crate::cli::{Cli, Command};

/// Runs the command; `Ok(false)` means it completed but some part failed (non-zero exit).
pub fn dispatch(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Gen(args) => gen::gen(args),
        Command::Plan(args) => plan::plan(args),
        Command::Merge(args) => merge::merge(args),
        Command::Speed(args) => speed::speed(args),
        Command::Report(args) => report::report(args),
        Command::Compress(args) => compress::compress(*args),
        Command::Decompress(args) => compress::decompress(args),
        Command::Check(args) => check::check(args),
    }
}
