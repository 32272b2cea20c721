use std::process::ExitCode;

use clap::Parser;
use deepzip_core::process::{measure, signals};

fn main() -> ExitCode {
    // `bench plan … | head` ends quietly, as Unix tools do, instead of panicking on the
    // closed pipe (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // An outside command's measurer (see `deepzip_core::process::measure`), not a user
    // command.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(measure::MEASURE) {
        return ExitCode::from(measure::measurer(&args[2..]) as u8);
    }
    measure::enable();
    // INT, TERM and HUP end a run only after what it started and wrote is cleaned up.
    signals::install();
    let cli = deepzip_bench::cli::Cli::parse();
    match deepzip_bench::commands::dispatch(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
