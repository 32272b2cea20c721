//! The neural models as predictors: their float distribution goes through the shared
//! quantisation, so encoder and decoder build identical frequency tables.

use neural::Model;

use super::Predictor;
use crate::coding::quantize::quantize_probs;

pub struct NeuralPredictor(pub Model);

impl Predictor for NeuralPredictor {
    fn predict(&mut self, freqs: &mut [u32]) {
        quantize_probs(self.0.predict(), freqs);
    }

    fn update(&mut self, symbol: u8) {
        self.0.update(symbol);
    }
}
