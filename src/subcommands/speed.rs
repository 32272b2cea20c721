//! `bench speed`: symbols per second of each neural model's whole compress (predict, code,
//! train) and decompress, for each stream count and thread count asked for, with a hash of
//! the output so that runs on different thread counts can be compared byte for byte. With
//! `--predictor`, the same for an outside predictor (the protocol's cost included); with
//! `--experts`, each model mixed with those experts (`-m mixer`: the experts alone).

use std::time::Instant;

use anyhow::Context;
use generators::{Markov, Source};

use crate::cli::SpeedArgs;
use crate::results_csv::measurements::{speed_frame, Measurement};
use crate::results_csv::write_csv;
use deepzip_core::model_spec::predictor::ExternalSpec;
use deepzip_core::model_spec::ModelSpec;
use neural::ModelKind;

pub fn speed(args: SpeedArgs) -> anyhow::Result<bool> {
    if args.model.declared.has_prior() {
        anyhow::bail!(
            "--pretrain-…: `bench speed` measures a model coding from its seed; a prior's \
             training time is pretrain_s in a grid's results.csv (docs/priors.md)"
        );
    }
    let kinds = match args.predictor {
        Some(_) => vec![PREDICTOR],
        None => models(&args.models)?,
    };
    let alphabet = args.alphabet as usize;
    let source = Source::Markov(Markov::new(alphabet, 20, 0.0)?);
    let len = usize::try_from(args.len)?;
    let symbols = source.generate(len, 0)?;
    let kernels = neural::kernels_in_use().name();
    // Every model is built before the table starts, so a bad flag is an error, not a table
    // cut short.
    let mut plan = Vec::new();
    for &kind in &kinds {
        // The experts alone and the context mixer code one stream: measured once.
        let one = [1u16];
        let streams_of = match kind {
            MIXER | CM => &one[..],
            _ => &args.streams[..],
        };
        for &streams in streams_of {
            for &threads in &args.threads {
                let (compressor, params) = model(kind, &args, streams)?;
                compressor
                    .check_memory(alphabet)
                    .map_err(anyhow::Error::msg)?;
                plan.push((kind, streams, threads, compressor, params));
            }
        }
    }
    println!(
        "Neural kernels: {kernels} (DEEPZIP_KERNELS=baseline runs the baseline copy; same bits). \
         Markov-20 over {alphabet} symbols, {len} symbols.\n"
    );
    println!("| model | streams B | threads | parameters | compress symbols/s | decompress symbols/s | bits/symbol | output hash |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut rows = Vec::new();
    for (kind, streams, threads, compressor, params) in plan {
        let codec = compressor.build(alphabet, 0, threads as usize);
        let start = Instant::now();
        let encoded = codec.compress(&symbols)?;
        let compress_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let decoded = codec.decompress_encoded(&encoded)?;
        let decompress_s = start.elapsed().as_secs_f64();
        anyhow::ensure!(decoded == symbols, "{kind}: decoded stream differs");
        // An outside predictor by what it announced; its parameters are unknown.
        let (model, params) = match &encoded.announced {
            Some(said) => (format!("{} {}", said.name, said.version), "–".to_string()),
            None => (compressor.label(), params.to_string()),
        };
        let row = Measurement {
            model,
            streams: streams.into(),
            threads: threads.into(),
            kernels: kernels.to_string(),
            compress_symbols_per_s: len as f64 / compress_s,
            decompress_symbols_per_s: len as f64 / decompress_s,
            bits_per_symbol: 8.0 * encoded.bytes.len() as f64 / len as f64,
            output_hash: format!("{:016x}", fnv1a(&encoded.bytes)),
        };
        println!(
            "| {} | {streams} | {threads} | {params} | {:.0} | {:.0} | {:.4} | {} |",
            row.model,
            row.compress_symbols_per_s,
            row.decompress_symbols_per_s,
            row.bits_per_symbol,
            row.output_hash
        );
        rows.push(row);
    }
    if let Some(path) = &args.csv {
        let mut frame = speed_frame(&rows).context("cannot build the speed table")?;
        write_csv(&mut frame, path)?;
    }
    Ok(true)
}

const TRANSFORMER: &str = "transformer";
const PREDICTOR: &str = "predictor";
const MIXER: &str = "mixer";
const CM: &str = "cm";

/// The kinds named by `-m` (every neural kind when none is; the experts alone and the binary
/// context mixer when named).
fn models(names: &[String]) -> anyhow::Result<Vec<&'static str>> {
    let mut all: Vec<&str> = ModelKind::ALL.iter().map(|k| k.name()).collect();
    all.push(TRANSFORMER);
    if names.is_empty() {
        return Ok(all);
    }
    all.extend([MIXER, CM]);
    names
        .iter()
        .map(|name| {
            all.iter()
                .copied()
                .find(|k| k == name)
                .with_context(|| format!("-m {name}: expected one of {}", all.join(", ")))
        })
        .collect()
}

/// The compressor measured for `kind` with B streams, through the model flags' door (the
/// outside predictor with `--predictor`), and its model's parameter count (0 for the experts
/// alone, unknown for an outside predictor: 0).
fn model(kind: &str, args: &SpeedArgs, streams: u16) -> anyhow::Result<(ModelSpec, usize)> {
    if let (PREDICTOR, Some(command)) = (kind, &args.predictor) {
        let spec = ExternalSpec::from_command(
            command,
            streams.into(),
            args.params.as_deref(),
            args.limits.limits(),
        )
        .map_err(anyhow::Error::msg)?;
        return Ok((ModelSpec::External(spec), 0));
    }
    // Each kind with the model flags that apply to it.
    let flags = args.model.applying_to(kind);
    let streams = (kind != MIXER && kind != CM).then_some(streams.into());
    let spec = ModelSpec::from_flags(kind, &flags, streams)?;
    let params = spec.parameter_count(args.alphabet.into());
    Ok((spec, params))
}

/// FNV-1a over the compressed bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
