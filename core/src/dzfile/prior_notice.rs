//! A prior before coding a file: trained (or found in the cache across runs) ahead of the
//! coder, which then finds it ready, or trained on the input itself for the weights section;
//! and said so, with a progress bar on a long training, since it can take longer than the
//! coding.

use std::fs::File;
use std::io::{Read, Seek};

use super::input::progress;
use super::run_settings::Settings;
use crate::model_spec::prior::{On, Origin};
use crate::model_spec::ModelSpec;
use crate::predict::Run;

/// Trains `spec`'s prior for `alphabet` symbols before coding (the encoder trains it, the
/// decoder rebuilds it from the header's words), or finds it in the cache across runs; says
/// which unless quiet, since training can take longer than the coding.
pub(super) fn prepare_prior(
    spec: &ModelSpec,
    alphabet: usize,
    settings: Settings,
    name: &str,
    doing: &str,
) -> anyhow::Result<()> {
    let on_family = spec.prior().filter(|p| p.on == On::Family);
    let (Some(prior), Some(label)) = (on_family, spec.learned().map(|l| l.spec().label())) else {
        return Ok(());
    };
    if !settings.quiet {
        eprintln!(
            "{name}: the prior of `{label}` on its family ({} symbols) …",
            prior.symbols(0)
        );
    }
    let bar = progress(prior.symbols(0), settings.quiet, "pretrain");
    let tick = |done: u64| bar.iter().for_each(|b| b.set_position(done));
    let trained = spec
        .prepared()
        .and_then(|p| p.train_prior(alphabet, settings.threads, &tick))
        .expect("a spec with a prior")
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    bar.iter().for_each(|b| b.finish_and_clear());
    if settings.quiet {
        return Ok(());
    }
    let parameters = trained.parameters;
    let cache = crate::model_spec::prior::cache_dir()
        .map_or("the cache across runs is off".to_string(), |d| {
            format!("kept in the cache: {}", d.display())
        });
    match &trained.origin {
        Origin::Cache => {
            eprintln!("{name}: found it in the cache, {parameters} parameters ({cache})")
        }
        Origin::Trained => eprintln!(
            "{name}: {doing} it took {:.1} s, {parameters} parameters ({cache})",
            trained.seconds
        ),
        Origin::Rebuilt(why) => eprintln!(
            "{name}: {doing} it took {:.1} s: the cache's entry was not used ({why})",
            trained.seconds
        ),
    }
    Ok(())
}

/// The weights section of `spec` for the input `file` (read whole, each byte as its symbol of
/// `symbol_of`), trained before coding where the model trains on its input; empty otherwise.
pub(super) fn train_on_input(
    spec: &ModelSpec,
    file: &mut File,
    symbol_of: &[u8; 256],
    run: Run,
    settings: Settings,
    name: &str,
) -> anyhow::Result<Vec<u8>> {
    let on_input = spec.prior().filter(|_| spec.stores_weights());
    let (Some(prior), Some(prepared)) = (on_input, spec.prepared()) else {
        return Ok(Vec::new());
    };
    let mut symbols = Vec::with_capacity(run.length as usize);
    file.read_to_end(&mut symbols)?;
    file.rewind()?;
    symbols.iter_mut().for_each(|b| *b = symbol_of[*b as usize]);
    if !settings.quiet {
        eprintln!(
            "{name}: training `{}` on the input itself ({} symbols) …",
            spec.label(),
            prior.symbols(run.length)
        );
    }
    let bar = progress(prior.symbols(run.length), settings.quiet, "pretrain");
    let tick = |done: u64| bar.iter().for_each(|b| b.set_position(done));
    let stored = prepared
        .train_on_input(&symbols, run, settings.threads, &tick)
        .expect("a model that stores weights")
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    bar.iter().for_each(|b| b.finish_and_clear());
    if !settings.quiet {
        eprintln!(
            "{name}: it took {:.1} s; {} bytes of weights ({}) go into the file",
            stored.seconds,
            stored.bytes.len(),
            prior.precision.name()
        );
    }
    Ok(stored.bytes)
}
