use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
