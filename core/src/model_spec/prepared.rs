//! A neural model prepared before and while it codes: trained on its family or on the input
//! first (`prior`; the weights of the latter stored in the file), and restarted at each segment of a `resample: L` source (`restart: segment`: its
//! recurrent state or attention cache starts afresh at each boundary, as the Bayes learner's
//! counts do). Both sides know L from the spec, so the decoder restarts where the encoder
//! did.

use std::sync::Arc;

use generators::Source;

use super::model::{ModelSpec, Prepared, Restart};
use super::prior::{self, After, On, Prior, RESTART};
use crate::mixing::hybrid::Hybrid;
use crate::predict::neural::NeuralPredictor;
use crate::predict::restarting::Restarting;
use crate::predict::{PredictError, Predictor, Run};
use crate::yaml::{Fields, Result};

/// The specs with the entry's priors and restart: every spec with every prior; the specs
/// unchanged where the entry gives neither. `header`: a `.dz` header's words, whose restart
/// names its L; `sources` reads a prior's `source:` where the caller can.
pub fn prepare(
    f: &mut Fields,
    specs: Vec<ModelSpec>,
    header: bool,
    sources: Option<prior::SourceParser>,
) -> Result<Vec<ModelSpec>> {
    let priors = prior::priors(f, sources)?;
    let restart = match f.take(RESTART) {
        None => None,
        Some(node) if header => Some(Restart {
            every: Some(node.as_u64_in(1..=u32::MAX as u64)? as usize),
        }),
        Some(node) => {
            if node.as_str().ok() != Some("segment") {
                return Err(node.error(
                    "expected `segment` (restart at each segment of a `resample: L` source)",
                ));
            }
            if let Some(s) = specs.iter().find(|s| s.coded_streams() != 1) {
                return Err(node.error(format!(
                    "restarts one coded stream; `{}` codes {} (give it `streams: 1`)",
                    s.label(),
                    s.coded_streams()
                )));
            }
            Some(Restart { every: None })
        }
    };
    if priors.is_none() && restart.is_none() {
        return Ok(specs);
    }
    let priors: Vec<Option<Prior>> = match priors {
        Some(p) => p.into_iter().map(Some).collect(),
        None => vec![None],
    };
    Ok(specs
        .into_iter()
        .flat_map(|model| {
            priors.iter().map(move |prior| {
                ModelSpec::Prepared(Box::new(Prepared {
                    model: model.clone(),
                    prior: prior.clone(),
                    restart,
                }))
            })
        })
        .collect())
}

impl ModelSpec {
    /// Whether it stores weights in the file (a prior on the input itself).
    pub fn stores_weights(&self) -> bool {
        self.prior().is_some_and(|p| p.on == On::Itself)
    }

    /// Its preparation (prior, restart), if it has one.
    pub fn prepared(&self) -> Option<&Prepared> {
        match self {
            ModelSpec::Prepared(p) => Some(p),
            _ => None,
        }
    }
}

impl Prepared {
    /// The model's label, then the prior's (`-pt100x1000`) and `-restart`.
    pub fn label(&self) -> String {
        let prior = self.prior.as_ref().map_or(String::new(), Prior::label);
        let restart = if self.restart.is_some() {
            "-restart"
        } else {
            ""
        };
        format!("{}{prior}{restart}", self.model.label())
    }

    /// The model's settings, then every prior setting and `restart=segment`.
    pub fn params(&self) -> String {
        let mut words = vec![self.model.params()];
        words.extend(self.prior.as_ref().map(|p| p.words(false)));
        if self.restart.is_some() {
            words.push(format!("{RESTART}=segment"));
        }
        words.join(" ")
    }

    /// The model's header words, then the prior's and `restart=L`.
    pub fn spec_line(&self) -> String {
        let mut words = vec![self.model.spec_line()];
        words.extend(self.prior.as_ref().map(|p| p.words(true)));
        if let Some(every) = self.restart.and_then(|r| r.every) {
            words.push(format!("{RESTART}={every}"));
        }
        words.join(" ")
    }

    /// This model for a job on `source`: its prior trains on `source`'s family where it names
    /// none, and it restarts at `source`'s segments; an error where `source` has no family (a
    /// file) and none is named, or no segments.
    pub fn for_source(&self, source: &Source) -> std::result::Result<Prepared, String> {
        let mut prepared = self.clone();
        let on_family = |p: &&mut Prior| p.on == On::Family && p.family.is_none();
        if let Some(prior) = prepared.prior.as_mut().filter(on_family) {
            if matches!(source, Source::File(_)) {
                return Err(format!(
                    "`{}` pretrains on its source's family (`pretrain:`), and `{}` is a file, \
                     which has none: name one (`pretrain: {{source: …}}`)",
                    self.label(),
                    source.label()
                ));
            }
            prior.own = Some(source.clone());
        }
        if let Some(family) = prepared.prior.as_ref().and_then(Prior::trained_on) {
            if family.alphabet() != source.alphabet() {
                return Err(format!(
                    "`{}` pretrains on `{}`, of {} symbols, and codes `{}`, of {}: the \
                     alphabets must match",
                    self.label(),
                    family.label(),
                    family.alphabet(),
                    source.label(),
                    source.alphabet()
                ));
            }
        }
        if let Some(restart) = prepared.restart.as_mut().filter(|r| r.every.is_none()) {
            restart.every = Some(source.segment().ok_or_else(|| {
                format!(
                    "`{}` restarts at each segment (`restart: segment`), and `{}` has none (a \
                     `markov_chain` with `resample: L` has)",
                    self.label(),
                    source.label()
                )
            })?);
        }
        Ok(prepared)
    }

    /// Its prior on the family trained for `alphabet` symbols (restarting where the model
    /// restarts), or as trained before in this process; `None` without one.
    pub fn train_prior(
        &self,
        alphabet: usize,
        threads: usize,
        tick: prior::Tick,
    ) -> Option<std::result::Result<Arc<prior::Trained>, String>> {
        let (learned, prior) = (self.model.learned()?, self.family_prior()?);
        let segment = self.segment();
        Some(prior::trained(
            &learned, prior, segment, alphabet, threads, tick,
        ))
    }

    /// What determines its prior's weights (`prior::key`); `None` without a prior on the
    /// family.
    pub fn prior_key(&self, alphabet: usize) -> Option<String> {
        let (learned, prior) = (self.model.learned()?, self.family_prior()?);
        Some(prior::key(&learned, prior, self.segment(), alphabet))
    }

    /// Its prior, where it is on the family.
    fn family_prior(&self) -> Option<&Prior> {
        self.prior.as_ref().filter(|p| p.on == On::Family)
    }

    /// The weights it stores, trained on `symbols` for `run` on `threads` threads; `None`
    /// without a prior on the input itself.
    pub fn train_on_input(
        &self,
        symbols: &[u8],
        run: Run,
        threads: usize,
        tick: prior::Tick,
    ) -> Option<std::result::Result<prior::Stored, String>> {
        let prior = self.prior.as_ref().filter(|p| p.on == On::Itself)?;
        let learned = self.model.learned()?;
        Some(prior::train_on_self(
            &learned,
            prior,
            self.segment(),
            symbols,
            run,
            threads,
            tick,
        ))
    }

    /// Symbols between restarts, once known.
    fn segment(&self) -> Option<usize> {
        self.restart.and_then(|r| r.every)
    }

    /// The model, trained on its prior first (a prior on the input: the weights `stored` in
    /// the file), restarting at each segment.
    pub fn predictor(
        &self,
        run: Run,
        threads: usize,
        stored: &[u8],
    ) -> std::result::Result<Box<dyn Predictor>, PredictError> {
        let learned = self.model.learned().expect("parsed on neural entries only");
        let mut online = learned.online_model(run.alphabet, run.seed, threads);
        if let Some(prior) = &self.prior {
            match prior.on {
                On::Family => {
                    let trained = self.train_prior(run.alphabet, threads, prior::SILENT);
                    online.load(&trained.expect("a prior").map_err(PredictError)?.weights);
                }
                On::Itself if stored.is_empty() => {
                    return Err(PredictError(
                        "the model trained on its input (`pretrain.on=self`) and the file \
                         has no weights section"
                            .into(),
                    ))
                }
                On::Itself => {
                    let fresh = online.trained();
                    let weights = prior::stored_weights(&fresh, stored, prior.precision)
                        .map_err(|e| PredictError(format!("the weights section: {e}")))?;
                    online.load(&weights);
                }
            }
            if prior.after == After::Frozen {
                online.freeze();
            }
        }
        if let Some(every) = self.segment() {
            online = Box::new(Restarting::new(online, every));
        }
        Ok(match &self.model {
            ModelSpec::Mixed { experts, .. } => Box::new(Hybrid::new(Some(online), experts, run)),
            _ => Box::new(NeuralPredictor(online)),
        })
    }
}
