//! What every program of the project does first, in one place, so `bench` and `dz` behave
//! alike: answer the measurer's hidden argument (`measure`), say that this program can
//! measure the commands it runs, read `DEEPZIP_KERNELS` (the neural kernels' instruction
//! set, the same bits at any level), and install the INT/TERM/HUP handler (`signals`).

use super::{measure, signals};

/// The variable that caps the neural kernels' instruction set.
pub const KERNELS: &str = "DEEPZIP_KERNELS";

/// Starts a program run with `args` (the whole command line): `Ok(Some(status))` when it was
/// started as the measurer and has done that job, `Ok(None)` when the program goes on, and
/// the error of a bad `DEEPZIP_KERNELS`.
pub fn start(args: &[String]) -> Result<Option<i32>, String> {
    if args.get(1).map(String::as_str) == Some(measure::MEASURE) {
        return Ok(Some(measure::measurer(&args[2..])));
    }
    measure::enable();
    neural::set_kernels(kernels_from_env()?);
    signals::install();
    Ok(None)
}

/// `DEEPZIP_KERNELS=baseline` (or `avx2`) caps the instruction set of the neural kernels;
/// `auto` (or unset) lets them use the widest the CPU has.
fn kernels_from_env() -> Result<neural::Kernels, String> {
    match std::env::var(KERNELS) {
        Err(std::env::VarError::NotPresent) => Ok(neural::Kernels::Avx2),
        Ok(v) if v == "auto" => Ok(neural::Kernels::Avx2),
        Ok(v) => neural::Kernels::from_name(&v)
            .ok_or_else(|| format!("{KERNELS}={v:?}: expected `auto`, `baseline` or `avx2`")),
        Err(e) => Err(format!("{KERNELS}: {e}")),
    }
}
