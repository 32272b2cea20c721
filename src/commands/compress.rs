//! `bench compress` and `bench decompress`: one file to and from `.dz`.

use crate::cli::{CompressArgs, DecompressArgs};
use crate::compressors::CompressorSpec;
use crate::experiment::parse_compressor_words;
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::dzfile::{self, Settings, Summary};
use deepzip_core::spec::external::ExternalSpec;
use deepzip_core::spec::ModelSpec;

/// `bench compress`'s model without `-m`: the hybrid that codes arbitrary files best of
/// those measured (docs/mixing.md), as `-m`, recipe and experts.
const STRONG_DEFAULT: (&str, &str, &str) =
    ("chgru", "tuned", "match,order1,order2,order3,order4,order6");

/// The compressor words of `-m` and the model options, validated like YAML fields.
fn spec_words(args: &CompressArgs) -> anyhow::Result<Vec<String>> {
    let model = args.model.as_deref().unwrap_or(STRONG_DEFAULT.0);
    let mut words = match model.strip_prefix("order-") {
        Some(k) => vec!["order".to_string(), format!("k={k}")],
        None => vec![model.to_string()],
    };
    let (recipe, experts) = match args.model {
        Some(_) => (args.recipe.clone(), args.experts.clone()),
        None => (
            Some(
                args.recipe
                    .as_deref()
                    .unwrap_or(STRONG_DEFAULT.1)
                    .to_string(),
            ),
            Some(
                args.experts
                    .as_deref()
                    .unwrap_or(STRONG_DEFAULT.2)
                    .to_string(),
            ),
        ),
    };
    let options = [
        ("hidden", args.hidden.map(|v| v.to_string())),
        ("layers", args.layers.map(|v| v.to_string())),
        ("context", args.context.map(|v| v.to_string())),
        ("d_model", args.d_model.map(|v| v.to_string())),
        ("heads", args.heads.map(|v| v.to_string())),
        ("segment", args.segment.map(|v| v.to_string())),
        ("window", args.window.map(|v| v.to_string())),
        ("embed", args.embed.map(|v| v.to_string())),
        ("contexts", args.contexts.map(|v| v.to_string())),
        ("bptt", args.bptt.map(|v| v.to_string())),
        ("recipe", recipe),
        ("init", args.init.clone()),
        ("reset", args.reset.clone()),
        ("mix", args.mix.clone()),
        ("experts", experts.map(|v| format!("[{v}]"))),
        ("recurrent_gain", args.recurrent_gain.map(|v| v.to_string())),
        ("update_bias", args.update_bias.map(|v| v.to_string())),
        ("ngram", args.ngram.map(|v| v.to_string())),
        ("leak", args.leak.map(|v| v.to_string())),
        ("lr", args.lr.map(|v| v.to_string())),
        ("distance_lr", args.distance_lr.map(|v| v.to_string())),
        ("beta1", args.beta1.map(|v| v.to_string())),
        ("beta2", args.beta2.map(|v| v.to_string())),
        ("clip", args.clip.map(|v| v.to_string())),
        ("streams", args.streams.map(|v| v.to_string())),
        ("schedule", args.schedule.clone()),
    ];
    for (key, value) in options {
        if let Some(v) = value {
            anyhow::ensure!(
                words[0] != "order",
                "--{key} applies to the neural models, not to `{model}`"
            );
            words.push(format!("{key}={v}"));
        }
    }
    Ok(words)
}

fn report(quiet: bool, verb: &str, s: &Summary) {
    if !quiet {
        eprintln!("{}", s.describe(verb));
    }
}

pub fn compress(args: CompressArgs) -> anyhow::Result<bool> {
    let spec = match &args.predictor {
        Some(command) => {
            let streams = args.streams.unwrap_or(1) as usize;
            let external = ExternalSpec::from_command(
                command,
                streams,
                args.params.as_deref(),
                args.limits.limits(),
            )
            .map_err(anyhow::Error::msg)?;
            ModelSpec::External(external)
        }
        None => model_of(&args)?,
    };
    let output = AtomicFile::create(&args.output, args.force)?;
    let verify = args.verify || (args.predictor.is_some() && !args.no_verify);
    let settings = Settings {
        quiet: args.quiet,
        threads: threads_for(args.threads, args.predictor.is_some()),
    };
    let summary = dzfile::compress(
        &spec,
        args.seed,
        args.full_alphabet,
        &args.input,
        output,
        settings,
        verify,
    )?;
    report(args.quiet, "compressed", &summary);
    Ok(true)
}

/// The built-in model `-m` and the model flags name.
fn model_of(args: &CompressArgs) -> anyhow::Result<ModelSpec> {
    let CompressorSpec::Model(spec) = parse_compressor_words(&spec_words(args)?)? else {
        anyhow::bail!(
            "-m {}: only model-based compressors (chgru, chrnn, lstm, feat, transformer, mixer, order-K) write .dz files",
            args.model.as_deref().unwrap_or(STRONG_DEFAULT.0)
        );
    };
    Ok(spec)
}

pub fn decompress(args: DecompressArgs) -> anyhow::Result<bool> {
    let output = AtomicFile::create(&args.output, args.force)?;
    let settings = Settings {
        quiet: args.quiet,
        threads: threads_for(args.threads, args.predictor.is_some()),
    };
    let predictor = args.predictor.as_deref().map(|p| (p, args.limits.limits()));
    let summary = dzfile::decompress(&args.input, output, settings, predictor)?;
    report(args.quiet, "decompressed", &summary);
    Ok(true)
}

/// `--threads`, or every core for a neural model; one for an outside predictor, which then
/// shares this thread's CPU (`deepzip_core::process::Pin`).
fn threads_for(threads: Option<u16>, predictor: bool) -> usize {
    match (threads, predictor) {
        (Some(t), _) => t.into(),
        (None, true) => 1,
        (None, false) => crate::runner::cores(),
    }
}
