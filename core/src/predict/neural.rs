//! The neural models as predictors: their float distributions go through the shared
//! quantisation, so encoder and decoder build identical frequency tables.

use neural::{Model, Trained, Transformer};

use super::{PredictError, Predictor};
use crate::coding::quantize::quantize_probs;

/// What the predictor needs of an online-trained neural model.
pub trait OnlineModel {
    fn alphabet(&self) -> usize;
    /// Streams the coder codes side by side.
    fn coded_streams(&self) -> usize;
    /// Distributions of the first `live` streams' next symbols, M each.
    fn predict(&mut self, live: usize) -> &[f32];
    fn update(&mut self, symbols: &[u8]);
    /// Starts a fresh sequence in every stream, keeping what was learned.
    fn restart(&mut self);
    /// Keeps the weights from now on.
    fn freeze(&mut self);
    /// What the model has learned.
    fn trained(&self) -> Trained;
    /// Takes what a model of the same settings learned.
    fn load(&mut self, trained: &Trained);
}

impl<T: OnlineModel + ?Sized> OnlineModel for Box<T> {
    fn alphabet(&self) -> usize {
        (**self).alphabet()
    }
    fn coded_streams(&self) -> usize {
        (**self).coded_streams()
    }
    fn predict(&mut self, live: usize) -> &[f32] {
        (**self).predict(live)
    }
    fn update(&mut self, symbols: &[u8]) {
        (**self).update(symbols)
    }
    fn restart(&mut self) {
        (**self).restart()
    }
    fn freeze(&mut self) {
        (**self).freeze()
    }
    fn trained(&self) -> Trained {
        (**self).trained()
    }
    fn load(&mut self, trained: &Trained) {
        (**self).load(trained)
    }
}

impl OnlineModel for Model {
    fn alphabet(&self) -> usize {
        self.config().alphabet
    }
    fn coded_streams(&self) -> usize {
        self.config().coded_streams()
    }
    fn predict(&mut self, live: usize) -> &[f32] {
        Model::predict(self, live)
    }
    fn update(&mut self, symbols: &[u8]) {
        Model::update(self, symbols)
    }
    fn restart(&mut self) {
        Model::restart(self)
    }
    fn freeze(&mut self) {
        Model::freeze(self)
    }
    fn trained(&self) -> Trained {
        Model::trained(self)
    }
    fn load(&mut self, trained: &Trained) {
        Model::load(self, trained)
    }
}

impl OnlineModel for Transformer {
    fn alphabet(&self) -> usize {
        self.config().alphabet
    }
    fn coded_streams(&self) -> usize {
        self.config().streams
    }
    fn predict(&mut self, live: usize) -> &[f32] {
        Transformer::predict(self, live)
    }
    fn update(&mut self, symbols: &[u8]) {
        Transformer::update(self, symbols)
    }
    fn restart(&mut self) {
        Transformer::restart(self)
    }
    fn freeze(&mut self) {
        Transformer::freeze(self)
    }
    fn trained(&self) -> Trained {
        Transformer::trained(self)
    }
    fn load(&mut self, trained: &Trained) {
        Transformer::load(self, trained)
    }
}

pub struct NeuralPredictor<M>(pub M);

impl<M: OnlineModel> Predictor for NeuralPredictor<M> {
    fn streams(&self) -> usize {
        self.0.coded_streams()
    }

    fn predict(&mut self, live: usize, freqs: &mut [u32]) -> Result<(), PredictError> {
        let m = self.0.alphabet();
        let probs = self.0.predict(live);
        for (p, f) in probs.chunks_exact(m).zip(freqs.chunks_exact_mut(m)) {
            quantize_probs(p, f);
        }
        Ok(())
    }

    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError> {
        self.0.update(symbols);
        Ok(())
    }
}
