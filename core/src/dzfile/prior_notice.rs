//! A prior before coding a file: trained (or found in the cache across runs) ahead of the
//! coder, which then finds it ready, and said so, since training can take longer than coding.

use super::run_settings::Settings;
use crate::model_spec::prior::Origin;
use crate::model_spec::ModelSpec;

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
    let (Some(prior), Some(label)) = (spec.prior(), spec.learned().map(|l| l.spec().label()))
    else {
        return Ok(());
    };
    if !settings.quiet {
        eprintln!(
            "{name}: the prior of `{label}` on its family ({} symbols) …",
            prior.symbols()
        );
    }
    let trained = spec
        .train_prior(alphabet, settings.threads)
        .expect("a spec with a prior")
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
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
