//! A neural model and experts, mixed: the predictor of every neural kind with an `experts:`
//! list, and of `kind: mixer` (the experts alone). The model trains on its own distribution
//! as it would alone; the mixer only changes what is coded.

use super::experts::{Expert, ExpertSet};
use super::mixer::Mixer;
use crate::coding::quantize::quantize_probs;
use crate::predict::neural::OnlineModel;
use crate::predict::{PredictError, Predictor, Run};
use neural::math::ln;

/// The model's probabilities are floored here before their ln, so one near-certain mistake
/// costs a bounded amount.
const MODEL_FLOOR: f32 = 1e-6;
/// Initial weight of each expert when there is no model.
const ALONE_WEIGHT: f32 = 0.3;

pub struct Hybrid {
    model: Option<Box<dyn OnlineModel>>,
    alphabet: usize,
    experts: ExpertSet,
    mixer: Mixer,
    /// Per stream, every input's ln-probabilities (the model's first), M after M.
    ln_probs: Vec<f32>,
    /// Per stream, the mixed distribution and its weight set.
    mixed: Vec<f32>,
    selectors: Vec<usize>,
}

impl Hybrid {
    /// `model` (or the experts alone) with `experts`, for `run`.
    pub fn new(model: Option<Box<dyn OnlineModel>>, experts: &[Expert], run: Run) -> Self {
        let m = run.alphabet;
        let streams = model.as_ref().map_or(1, |n| n.coded_streams());
        let experts = ExpertSet::new(experts, m, streams, run.length.div_ceil(streams as u64));
        // With a model: the model alone at first (weight 1, the experts 0).
        let initial: Vec<f32> = match model {
            Some(_) => std::iter::once(1.0)
                .chain(std::iter::repeat_n(0.0, experts.len()))
                .collect(),
            None => vec![ALONE_WEIGHT; experts.len()],
        };
        let inputs = initial.len();
        Hybrid {
            mixer: Mixer::new(m, experts.selectors(), &initial),
            model,
            alphabet: m,
            experts,
            ln_probs: vec![0.0; streams * inputs * m],
            mixed: vec![0.0; streams * m],
            selectors: vec![0; streams],
        }
    }

    fn inputs(&self) -> usize {
        self.experts.len() + self.model.is_some() as usize
    }
}

impl Predictor for Hybrid {
    fn streams(&self) -> usize {
        self.selectors.len()
    }

    fn predict(&mut self, live: usize, freqs: &mut [u32]) -> Result<(), PredictError> {
        let m = self.alphabet;
        let per_stream = self.inputs() * m;
        if let Some(model) = &mut self.model {
            let probs = model.predict(live);
            for (p, ln_probs) in probs
                .chunks_exact(m)
                .zip(self.ln_probs.chunks_exact_mut(per_stream))
            {
                for (l, &q) in ln_probs.iter_mut().zip(p) {
                    *l = ln(q.max(MODEL_FLOOR));
                }
            }
        }
        let first_expert = per_stream - self.experts.len() * m;
        for b in 0..live {
            let ln_probs = &mut self.ln_probs[b * per_stream..][..per_stream];
            self.experts.ln_probs(b, &mut ln_probs[first_expert..]);
            self.selectors[b] = self.experts.selector(b);
            let mixed = &mut self.mixed[b * m..][..m];
            self.mixer.mix(ln_probs, self.selectors[b], mixed);
            quantize_probs(mixed, &mut freqs[b * m..][..m]);
        }
        Ok(())
    }

    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError> {
        let m = self.alphabet;
        let per_stream = self.inputs() * m;
        for (b, &s) in symbols.iter().enumerate() {
            let ln_probs = &self.ln_probs[b * per_stream..][..per_stream];
            let mixed = &self.mixed[b * m..][..m];
            self.mixer.learn(ln_probs, self.selectors[b], mixed, s);
            self.experts.update(b, s);
        }
        if let Some(model) = &mut self.model {
            model.update(symbols);
        }
        Ok(())
    }
}
