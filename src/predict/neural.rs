//! The neural models as predictors: their float distributions go through the shared
//! quantisation, so encoder and decoder build identical frequency tables.

use neural::Model;

use super::Predictor;
use crate::coding::quantize::quantize_probs;

pub struct NeuralPredictor(pub Model);

impl Predictor for NeuralPredictor {
    fn streams(&self) -> usize {
        self.0.config().coded_streams()
    }

    fn predict(&mut self, live: usize, freqs: &mut [u32]) {
        let m = self.0.config().alphabet;
        let probs = self.0.predict(live);
        for (p, f) in probs.chunks_exact(m).zip(freqs.chunks_exact_mut(m)) {
            quantize_probs(p, f);
        }
    }

    fn update(&mut self, symbols: &[u8]) {
        self.0.update(symbols);
    }
}
