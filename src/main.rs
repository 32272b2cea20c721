use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // `bench plan … | head` ends quietly, as Unix tools do, instead of panicking on the
    // closed pipe (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A command compressor's measurer (see `command::measure`), not a user command.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(deepzip_bench::command::MEASURE) {
        return ExitCode::from(deepzip_bench::command::measurer(&args[2..]) as u8);
    }
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
