//! `dz`: compress and decompress files with the harness's models, from the core crate alone
//! (no experiment, report or plotting code). It writes and reads the very `.dz` files that
//! `bench compress` and `bench decompress` do, and is what the cross-ISA check builds for
//! another architecture.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::dzfile::{self, Settings};
use deepzip_core::model_spec::predictor::{ExternalSpec, Limits};
use deepzip_core::model_spec::ModelSpec;

const USAGE: &str = "\
usage: dz compress [OPTIONS] INPUT OUTPUT KIND [key=value ...]
       dz compress [OPTIONS] --predictor CMD [--streams B] [--params JSON] INPUT OUTPUT
       dz decompress [OPTIONS] [--predictor CMD] INPUT OUTPUT

KIND and its settings are a model-based compressor as a .dz header names it, e.g.
`chgru hidden=32`, `order k=3`, `transformer d_model=16 heads=2` (docs/yaml.md lists the
fields). INPUT or OUTPUT may be `-` for stdin or stdout.

options:
  --threads N       threads of a neural model (default: all cores; the bits are the same);
                    an outside predictor with 1 (its default) shares this CPU
  --seed S          seed of the model's initial weights (compress; default 0)
  --full-alphabet   all 256 byte values as the alphabet (compress)
  --predictor CMD   an outside predictor (docs/protocol.md), run by `sh -c`; to decompress,
                    the command of the one that wrote the file
  --streams B       the outside predictor's parallel streams (compress; default 1)
  --params JSON     a JSON object handed to the outside predictor (compress)
  --verify          decode the output and compare it with the input before it takes its
                    name (compress; the default with --predictor)
  --no-verify       do not (compress)
  --force           overwrite OUTPUT
  -q, --quiet       no progress bar, no summary

DEEPZIP_KERNELS=baseline|avx2|auto caps the neural kernels' instruction set (same bits).";

/// The command line, parsed.
struct Args {
    compress: bool,
    input: PathBuf,
    output: PathBuf,
    spec: Vec<String>,
    predictor: Option<String>,
    streams: usize,
    params: Option<String>,
    threads: Option<usize>,
    seed: u64,
    full_alphabet: bool,
    /// `None`: verify with a predictor only.
    verify: Option<bool>,
    force: bool,
    quiet: bool,
}

fn parse(mut words: impl Iterator<Item = String>) -> anyhow::Result<Args> {
    let compress = match words.next().as_deref() {
        Some("compress") => true,
        Some("decompress") => false,
        Some(other) => bail!("unknown command `{other}` (expected compress or decompress)"),
        None => bail!("missing the command"),
    };
    let mut args = Args {
        compress,
        input: PathBuf::new(),
        output: PathBuf::new(),
        spec: Vec::new(),
        predictor: None,
        streams: 1,
        params: None,
        threads: None,
        seed: 0,
        full_alphabet: false,
        verify: None,
        force: false,
        quiet: false,
    };
    let mut positional = Vec::new();
    while let Some(word) = words.next() {
        let mut value = |flag: &str| {
            words
                .next()
                .with_context(|| format!("{flag} needs a value"))
        };
        match word.as_str() {
            "--threads" => {
                let v = value("--threads")?;
                args.threads = v
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .map(Some)
                    .with_context(|| {
                        format!("--threads: expected a count of 1 or more, got `{v}`")
                    })?;
            }
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v
                    .parse()
                    .with_context(|| format!("--seed: expected a whole number, got `{v}`"))?;
            }
            "--predictor" => args.predictor = Some(value("--predictor")?),
            "--params" => args.params = Some(value("--params")?),
            "--streams" => {
                let v = value("--streams")?;
                args.streams = v
                    .parse()
                    .with_context(|| format!("--streams: expected a count, got `{v}`"))?;
            }
            "--full-alphabet" => args.full_alphabet = true,
            "--verify" => args.verify = Some(true),
            "--no-verify" => args.verify = Some(false),
            "--force" => args.force = true,
            "-q" | "--quiet" => args.quiet = true,
            flag if flag.starts_with("--") => bail!("unknown option `{flag}`"),
            _ => positional.push(word),
        }
    }
    let needed = if compress && args.predictor.is_none() {
        3
    } else {
        2
    };
    if positional.len() < needed || (needed == 2 && positional.len() > needed) {
        bail!(
            "expected {} arguments, got {}",
            if compress {
                "INPUT OUTPUT KIND [key=value ...]"
            } else {
                "INPUT OUTPUT"
            },
            positional.len()
        );
    }
    let mut positional = positional.into_iter();
    args.input = positional.next().expect("counted").into();
    args.output = positional.next().expect("counted").into();
    args.spec = positional.collect();
    Ok(args)
}

fn run(args: Args) -> anyhow::Result<()> {
    let output = AtomicFile::create(&args.output, args.force)?;
    // All cores for a neural model; one for an outside predictor, which then shares this
    // thread's CPU.
    let threads = args.threads.unwrap_or_else(|| match args.predictor {
        Some(_) => 1,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    });
    let run = Settings {
        quiet: args.quiet,
        threads,
    };
    let summary = if args.compress {
        let spec = match &args.predictor {
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
        dzfile::compress(
            &spec,
            args.seed,
            args.full_alphabet,
            &args.input,
            output,
            run,
            args.verify.unwrap_or(args.predictor.is_some()),
        )?
    } else {
        let predictor = args.predictor.as_deref().map(|p| (p, Limits::default()));
        dzfile::decompress(&args.input, output, run, predictor)?
    };
    if !args.quiet {
        let verb = if args.compress {
            "compressed"
        } else {
            "decompressed"
        };
        eprintln!("{}", summary.describe(verb));
    }
    Ok(())
}

fn main() -> ExitCode {
    let words: Vec<String> = std::env::args().skip(1).collect();
    if words.is_empty() || words.iter().any(|w| w == "-h" || w == "--help") {
        println!("{USAGE}");
        return if words.is_empty() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
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
    match parse(words.into_iter()).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
