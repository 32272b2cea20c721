use std::process::ExitCode;

use clap::Parser;
use deepzip_core::process::program;

fn main() -> ExitCode {
    // `bench plan … | head` ends quietly, as Unix tools do, instead of panicking on the
    // closed pipe (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // The measurer of an outside command, the kernels' level and the signal handler, as in
    // every program of the project.
    let args: Vec<String> = std::env::args().collect();
    match program::start(&args) {
        Ok(Some(status)) => return ExitCode::from(status as u8),
        Ok(None) => {}
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let cli = deepzip_bench::cli::Cli::parse();
    match deepzip_bench::subcommands::dispatch(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
