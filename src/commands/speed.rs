//! `bench speed`: symbols per second of each neural model's whole compress (predict, code,
//! train) and decompress, for each stream count and thread count asked for, with a hash of
//! the output so that runs on different thread counts can be compared byte for byte. With
//! `--predictor`, the same for an outside predictor (the protocol's cost included); with
//! `--experts`, each model mixed with those experts (`-m mixer`: the experts alone).

use std::time::Instant;

use anyhow::Context;
use generators::{Markov, Source};
use polars::prelude::df;

use crate::cli::SpeedArgs;
use crate::compressors::CompressorSpec;
use crate::results_csv::write_csv;
use deepzip_core::mixing::experts::Expert;
use deepzip_core::spec::experts::from_list;
use deepzip_core::spec::external::ExternalSpec;
use deepzip_core::spec::ModelSpec;
use neural::ModelKind;

/// One measurement.
struct Row {
    model: String,
    streams: u16,
    threads: u16,
    compress: f64,
    decompress: f64,
    bits_per_symbol: f64,
    hash: String,
}

pub fn speed(args: SpeedArgs) -> anyhow::Result<bool> {
    let kinds = match args.predictor {
        Some(_) => vec![PREDICTOR],
        None => models(&args.models)?,
    };
    let alphabet = args.alphabet as usize;
    let experts = match &args.experts {
        Some(list) => from_list(list).map_err(|e| anyhow::anyhow!("--experts: {e}"))?,
        None => Vec::new(),
    };
    anyhow::ensure!(
        !kinds.contains(&MIXER) || !experts.is_empty(),
        "-m mixer measures the experts alone: name them with --experts"
    );
    let source = Source::Markov(Markov::new(alphabet, 20, 0.0)?);
    let len = usize::try_from(args.len)?;
    let symbols = source.generate(len, 0)?;
    let kernels = neural::kernels_in_use().name();
    println!(
        "Neural kernels: {kernels} (DEEPZIP_KERNELS=baseline runs the baseline copy; same bits). \
         Markov-20 over {alphabet} symbols, {len} symbols.\n"
    );
    println!("| model | streams B | threads | parameters | compress symbols/s | decompress symbols/s | bits/symbol | output hash |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut rows = Vec::new();
    for &kind in &kinds {
        for &streams in &args.streams {
            for &threads in &args.threads {
                let (compressor, params) = model(kind, &args, streams as usize, &experts)?;
                compressor
                    .check_memory(alphabet)
                    .map_err(anyhow::Error::msg)?;
                let codec = compressor.build(alphabet, 0, threads as usize);
                let start = Instant::now();
                let encoded = codec.compress(&symbols)?;
                let compress_s = start.elapsed().as_secs_f64();
                let start = Instant::now();
                let decoded = codec.decompress(&encoded.bytes)?;
                let decompress_s = start.elapsed().as_secs_f64();
                anyhow::ensure!(decoded == symbols, "{kind}: decoded stream differs");
                // An outside predictor by what it announced; its parameters are unknown.
                let (model, params) = match &encoded.announced {
                    Some((name, version)) => (format!("{name} {version}"), "–".to_string()),
                    None => (compressor.label(), params.to_string()),
                };
                let row = Row {
                    model,
                    streams,
                    threads,
                    compress: len as f64 / compress_s,
                    decompress: len as f64 / decompress_s,
                    bits_per_symbol: 8.0 * encoded.bytes.len() as f64 / len as f64,
                    hash: format!("{:016x}", fnv1a(&encoded.bytes)),
                };
                println!(
                    "| {} | {streams} | {threads} | {params} | {:.0} | {:.0} | {:.4} | {} |",
                    row.model, row.compress, row.decompress, row.bits_per_symbol, row.hash
                );
                rows.push(row);
            }
        }
    }
    if let Some(path) = &args.csv {
        let mut frame = df!(
            "model" => rows.iter().map(|r| r.model.as_str()).collect::<Vec<_>>(),
            "streams" => rows.iter().map(|r| r.streams as u32).collect::<Vec<_>>(),
            "threads" => rows.iter().map(|r| r.threads as u32).collect::<Vec<_>>(),
            "kernels" => vec![kernels; rows.len()],
            "compress_symbols_per_s" => rows.iter().map(|r| r.compress).collect::<Vec<_>>(),
            "decompress_symbols_per_s" => rows.iter().map(|r| r.decompress).collect::<Vec<_>>(),
            "bits_per_symbol" => rows.iter().map(|r| r.bits_per_symbol).collect::<Vec<_>>(),
            "output_hash" => rows.iter().map(|r| r.hash.as_str()).collect::<Vec<_>>(),
        )
        .context("cannot build the speed table")?;
        write_csv(&mut frame, path)?;
    }
    Ok(true)
}

const TRANSFORMER: &str = "transformer";
const PREDICTOR: &str = "predictor";
const MIXER: &str = "mixer";

/// The kinds named by `-m` (every neural kind when none is).
fn models(names: &[String]) -> anyhow::Result<Vec<&'static str>> {
    let mut all: Vec<&str> = ModelKind::ALL.iter().map(|k| k.name()).collect();
    all.push(TRANSFORMER);
    if names.is_empty() {
        return Ok(all);
    }
    all.push(MIXER);
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

/// The compressor measured for `kind` with B streams and `experts` (none: the model alone),
/// and the model's parameter count.
fn model(
    kind: &str,
    args: &SpeedArgs,
    streams: usize,
    experts: &[Expert],
) -> anyhow::Result<(CompressorSpec, usize)> {
    if kind == MIXER {
        let spec = ModelSpec::Mixed {
            model: None,
            experts: experts.to_vec(),
        };
        return Ok((CompressorSpec::Model(spec), 0));
    }
    let (spec, params) = neural_model(kind, args, streams)?;
    if experts.is_empty() {
        return Ok((CompressorSpec::Model(spec), params));
    }
    let spec = ModelSpec::Mixed {
        model: Some(Box::new(spec)),
        experts: experts.to_vec(),
    };
    Ok((CompressorSpec::Model(spec), params))
}

/// The model measured for `kind` with B streams, and its parameter count: a recurrent model
/// with `--hidden` and `--layers` (Feat with `--window`), the Transformer at its defaults, or
/// the outside predictor (its parameters unknown: 0).
fn neural_model(
    kind: &str,
    args: &SpeedArgs,
    streams: usize,
) -> anyhow::Result<(ModelSpec, usize)> {
    if let (PREDICTOR, Some(command)) = (kind, &args.predictor) {
        let spec = ExternalSpec::from_command(
            command,
            streams,
            args.params.as_deref(),
            args.limits.limits(),
        )
        .map_err(anyhow::Error::msg)?;
        return Ok((ModelSpec::External(spec), 0));
    }
    Ok(match ModelKind::from_name(kind) {
        Some(kind) => {
            let defaults = neural::Config::new(kind);
            let spec = neural::Config {
                hidden: args.hidden,
                layers: args.layers as usize,
                window: match (kind, args.window) {
                    (ModelKind::Feat, Some(w)) => w as usize,
                    _ => defaults.window,
                },
                streams,
                ..defaults
            };
            let params = neural::Model::new(neural::Config {
                alphabet: args.alphabet as usize,
                ..spec.clone()
            })
            .parameter_count();
            (ModelSpec::Neural(spec), params)
        }
        None => {
            let spec = neural::TransformerConfig {
                streams,
                ..Default::default()
            };
            let params = neural::Transformer::new(neural::TransformerConfig {
                alphabet: args.alphabet as usize,
                ..spec.clone()
            })
            .parameter_count();
            (ModelSpec::Transformer(spec), params)
        }
    })
}

/// FNV-1a over the compressed bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
