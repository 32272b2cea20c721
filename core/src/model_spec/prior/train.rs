//! Training a prior: the model's own online training over the N sequences of its family, a
//! batch of them side by side (the model with that many streams, one Adam step per segment
//! over all of them, so a step learns what the chains share rather than the last chain), every
//! state restarted at each sequence's start (and at each segment where the model restarts at
//! its source's segments), for the stated epochs. A prior is trained once per process for each spec (the
//! model's, the prior's with its family, the alphabet) and handed to every model that codes
//! with it, the encoder's and the decoder's alike: the same bits as training it again, since
//! everything is deterministic and thread-count independent.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::time::Instant;

use super::cache::{self, Lookup};
use super::spec::{After, Prior};
use super::tick::Tick;
use crate::model_spec::model::Learned;

/// A trained prior.
pub struct Trained {
    /// What the model learned.
    pub weights: neural::Trained,
    pub parameters: usize,
    /// Wall-clock seconds its training took (when it was trained, for one from the cache).
    pub seconds: f64,
    /// Where it came from.
    pub origin: Origin,
}

/// Where a prior came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Trained in this process.
    Trained,
    /// Read from the cache across runs.
    Cache,
    /// Trained again: the cache's entry did not match (why).
    Rebuilt(String),
}

type Entry = Arc<OnceLock<Result<Arc<Trained>, String>>>;

/// The priors trained so far in this process, by spec.
static TRAINED: LazyLock<Mutex<HashMap<String, Entry>>> = LazyLock::new(Mutex::default);

/// The prior `prior` of `learned` for `alphabet` symbols, restarted every `segment` symbols
/// of a sequence too where the model restarts at its source's segments, trained on `threads`
/// threads the first time its `key` is asked for (`tick` told its progress); later calls (and
/// calls waiting on the first) get the same. Frozen or not is the caller's to apply.
pub fn trained(
    learned: &Learned,
    prior: &Prior,
    segment: Option<usize>,
    alphabet: usize,
    threads: usize,
    tick: Tick,
) -> Result<Arc<Trained>, String> {
    let entry = TRAINED
        .lock()
        .expect("no panics while held")
        .entry(key(learned, prior, segment, alphabet))
        .or_default()
        .clone();
    entry
        .get_or_init(|| from_cache_or_trained(learned, prior, segment, alphabet, threads, tick))
        .clone()
}

/// The prior from the cache across runs, else trained (and then stored there).
fn from_cache_or_trained(
    learned: &Learned,
    prior: &Prior,
    segment: Option<usize>,
    alphabet: usize,
    threads: usize,
    tick: Tick,
) -> Result<Arc<Trained>, String> {
    let key = key(learned, prior, segment, alphabet);
    let like = learned.online_model(alphabet, prior.seed, 1).trained();
    let origin = match cache::load(&key, &like) {
        Lookup::Found(weights, seconds) => {
            return Ok(Arc::new(Trained {
                parameters: weights.params().len(),
                weights,
                seconds,
                origin: Origin::Cache,
            }))
        }
        Lookup::Missing => Origin::Trained,
        Lookup::Rejected(why) => Origin::Rebuilt(why),
    };
    let trained = train_uncached(learned, prior, segment, alphabet, threads, tick)?;
    if let Err(e) = cache::store(&key, &trained.weights, trained.seconds) {
        eprintln!("warning: the prior is trained but not kept in the cache: {e:#}");
    }
    Ok(Arc::new(Trained { origin, ..trained }))
}

/// What determines a prior's weights: the model's spec, the prior's settings but its price
/// and what the model does after (a frozen model is the trained one, frozen when it codes),
/// the family, where the model restarts, and the alphabet; and the version of the cache
/// entries' format (`cache`), which a change to how a prior trains must raise.
pub fn key(learned: &Learned, prior: &Prior, segment: Option<usize>, alphabet: usize) -> String {
    let weights = Prior {
        after: After::Online,
        bits_per_parameter: Prior::default().bits_per_parameter,
        ..prior.clone()
    };
    let restart = segment.map_or(String::new(), |l| format!(" restart={l}"));
    format!(
        "prior-v1 {} {}{restart} alphabet={alphabet}",
        learned.spec().spec_line(),
        weights.words(true)
    )
}

/// The prior trained afresh, whatever this process has trained before.
pub(super) fn train_uncached(
    learned: &Learned,
    prior: &Prior,
    segment: Option<usize>,
    alphabet: usize,
    threads: usize,
    tick: Tick,
) -> Result<Trained, String> {
    let family = prior.trained_on().ok_or_else(|| {
        "pretrain: no family to train on (a grid job's own source is its family)".to_string()
    })?;
    if family.alphabet() != alphabet {
        return Err(format!(
            "pretrain: the family has {} symbols, the input {alphabet}",
            family.alphabet()
        ));
    }
    let start = Instant::now();
    let sequences = (0..prior.sequences as u64)
        .map(|i| family.generate_for_pretraining(prior.length, prior.seed, i))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("pretrain: {e}"))?;
    let mut model = learned
        .with_streams(prior.batch)
        .online_model(alphabet, prior.seed, threads);
    let mut done = 0u64;
    for _ in 0..prior.epochs {
        for batch in sequences.chunks(prior.batch) {
            let mut symbols = vec![0u8; batch.len()];
            for t in 0..prior.length {
                if t > 0 && segment.is_some_and(|l| t % l == 0) {
                    model.restart();
                }
                for (s, sequence) in symbols.iter_mut().zip(batch) {
                    *s = sequence[t];
                }
                model.update(&symbols);
            }
            model.restart();
            done += (batch.len() * prior.length) as u64;
            tick(done);
        }
    }
    let weights = model.trained();
    Ok(Trained {
        parameters: weights.params().len(),
        weights,
        seconds: start.elapsed().as_secs_f64(),
        origin: Origin::Trained,
    })
}
