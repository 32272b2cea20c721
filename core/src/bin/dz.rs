//! `dz`: compress and decompress files with the harness's models, from the core crate alone
//! (no experiment, report or plotting code). It writes and reads the very `.dz` files that
//! `bench compress` and `bench decompress` do, and is what the cross-ISA check builds for
//! another architecture.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::dzfile::{self, Settings};
use deepzip_core::model_spec::predictor::{ExternalSpec, Limits};
use deepzip_core::model_spec::ModelSpec;

/// `dz`'s command line.
#[derive(Parser)]
#[command(
    name = "dz",
    version,
    about = "Compress and decompress files with the harness's models (the core crate alone)",
    after_help = "KIND and its settings are a model-based compressor as a .dz header names \
        it, e.g. `chgru hidden=32`, `order k=3`, `transformer d_model=16 heads=2` (docs/yaml.md \
        lists the fields). INPUT or OUTPUT may be `-` for stdin or stdout. \
        DEEPZIP_KERNELS=baseline|avx2|auto caps the neural kernels' instruction set (same bits)."
)]
struct Cli {
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// INPUT to a .dz file OUTPUT, with the model KIND key=value … (or --predictor).
    Compress(CompressArgs),
    /// A .dz file INPUT back to OUTPUT.
    Decompress(Common),
}

#[derive(clap::Args)]
struct CompressArgs {
    #[command(flatten)]
    common: Common,
    /// The model: KIND key=value …
    #[arg(
        trailing_var_arg = true,
        required_unless_present = "predictor",
        conflicts_with = "predictor"
    )]
    spec: Vec<String>,
    /// Seed of the model's initial weights.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// All 256 byte values as the alphabet.
    #[arg(long)]
    full_alphabet: bool,
    /// The outside predictor's parallel streams.
    #[arg(long, default_value_t = 1, requires = "predictor")]
    streams: usize,
    /// A JSON object handed to the outside predictor.
    #[arg(long, requires = "predictor")]
    params: Option<String>,
    /// Decode the output and compare it with the input before it takes its name (the
    /// default with --predictor).
    #[arg(long, conflicts_with = "no_verify")]
    verify: bool,
    /// Do not.
    #[arg(long)]
    no_verify: bool,
}

#[derive(clap::Args)]
struct Common {
    /// Input file, or - for stdin.
    input: PathBuf,
    /// Output file, or - for stdout.
    output: PathBuf,
    /// Threads of a neural model (default: all cores; the bits are the same); an outside
    /// predictor with 1 (its default) shares this CPU.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// An outside predictor (docs/protocol.md), run by `sh -c`; to decompress, the command
    /// of the one that wrote the file.
    #[arg(long)]
    predictor: Option<String>,
    /// Overwrite OUTPUT.
    #[arg(long)]
    force: bool,
    /// No progress bar, no summary.
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn run(verb: Verb) -> anyhow::Result<()> {
    let common = match &verb {
        Verb::Compress(args) => &args.common,
        Verb::Decompress(common) => common,
    };
    let output = AtomicFile::create(&common.output, common.force)?;
    // All cores for a neural model; one for an outside predictor, which then shares this
    // thread's CPU.
    let threads = common.threads.map_or_else(
        || match common.predictor {
            Some(_) => 1,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        },
        usize::from,
    );
    let settings = Settings {
        quiet: common.quiet,
        threads,
    };
    let (summary, verb_done) = match &verb {
        Verb::Compress(args) => {
            let spec = match &common.predictor {
                Some(command) => ModelSpec::External(
                    ExternalSpec::from_command(
                        command,
                        args.streams,
                        args.params.as_deref(),
                        Limits::default(),
                    )
                    .map_err(anyhow::Error::msg)?,
                ),
                None => ModelSpec::from_words(&args.spec)?,
            };
            let verify = args.verify || (common.predictor.is_some() && !args.no_verify);
            let summary = dzfile::compress(
                &spec,
                args.seed,
                args.full_alphabet,
                &common.input,
                output,
                settings,
                verify,
            )?;
            (summary, "compressed")
        }
        Verb::Decompress(common) => {
            let predictor = common.predictor.as_deref().map(|p| (p, Limits::default()));
            let summary = dzfile::decompress(&common.input, output, settings, predictor)?;
            (summary, "decompressed")
        }
    };
    if !common.quiet {
        eprintln!("{}", summary.describe(verb_done));
    }
    Ok(())
}

fn main() -> ExitCode {
    // The measurer of an outside predictor, the kernels' level and the signal handler, as in
    // every program of the project.
    let args: Vec<String> = std::env::args().collect();
    match deepzip_core::process::program::start(&args) {
        Ok(Some(status)) => return ExitCode::from(status as u8),
        Ok(None) => {}
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    match run(Cli::parse().verb) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
