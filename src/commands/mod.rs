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
    kernels_from_env()?;
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

/// `DEEPZIP_KERNELS=baseline` (or `avx2`) caps the instruction set of the neural kernels;
/// `auto` (or unset) lets them use the widest the CPU has. The bits are the same.
fn kernels_from_env() -> anyhow::Result<()> {
    const VAR: &str = "DEEPZIP_KERNELS";
    match std::env::var(VAR) {
        Err(std::env::VarError::NotPresent) => {}
        Ok(v) if v == "auto" => neural::set_kernels(neural::Kernels::Avx2),
        Ok(v) => match neural::Kernels::from_name(&v) {
            Some(cap) => neural::set_kernels(cap),
            None => anyhow::bail!("{VAR}={v:?}: expected `auto`, `baseline` or `avx2`"),
        },
        Err(e) => anyhow::bail!("{VAR}: {e}"),
    }
    Ok(())
}
