//! `bench compress` and `bench decompress`: one file to and from `.dz`.

use crate::cli::{CompressArgs, DecompressArgs};
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::dzfile::{self, Settings, Summary};
use deepzip_core::model_spec::predictor::ExternalSpec;
use deepzip_core::model_spec::ModelSpec;
use deepzip_core::predict::cm::declared as cm;

/// `bench compress`'s model without `-m`: the binary context mixer with a ChGRU's
/// distribution as one of its inputs, which codes each real file measured below zpaq -m5 and
/// paq9a (docs/cm.md); its flags (`--order`, `--history`, `--hidden`, …) change its parts, and
/// `--neural none` leaves cm alone (about 10× faster, 1–6 % larger).
const DEFAULT_MODEL: &str = "cm";
/// The default's neural input, and the recipe it trains with unless `--recipe` says.
const DEFAULT_NEURAL: &str = "chgru";
const DEFAULT_RECIPE: &str = "tuned";

/// The built-in model `--spec`, or `-m` and the model flags, name.
fn model_of(args: &CompressArgs) -> anyhow::Result<ModelSpec> {
    if let Some(line) = &args.spec {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        return ModelSpec::from_words(&words).map_err(|e| anyhow::anyhow!("--spec: {e}"));
    }
    if args.fast {
        let mut settings = args.settings.clone();
        // The default model's lean engine, alone unless `--neural` names an input, coding the
        // symbols' indices unless `--bytes` says: as bytes it codes 0-1.7 % smaller and
        // takes 8-22 % longer (docs/cm.md), and speed is this level's point.
        settings.declared.set(cm::ENGINE, cm::LEAN);
        settings
            .declared
            .0
            .entry(cm::BYTES.into())
            .or_insert("off".into());
        settings.neural.get_or_insert_with(|| "none".into());
        return ModelSpec::from_flags(DEFAULT_MODEL, &settings, args.streams);
    }
    let Some(name) = args.model.as_deref() else {
        let mut settings = args.settings.clone();
        if settings.neural.is_none() {
            settings.neural = Some(DEFAULT_NEURAL.into());
            settings.recipe.get_or_insert_with(|| DEFAULT_RECIPE.into());
        }
        return ModelSpec::from_flags(DEFAULT_MODEL, &settings, args.streams);
    };
    ModelSpec::from_flags(name, &args.settings, args.streams)
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
