//! What a prior needs of a Transformer: starting a fresh sequence (`restart`), keeping its
//! weights (`freeze`), and handing over what it learned (`trained`, `load`).

use super::state::Stream;
use super::Transformer;
use crate::shared::trained::Trained;

impl Transformer {
    /// Starts a fresh sequence in every stream: the segment recorded so far is trained on
    /// (unless frozen), then the caches and inputs start as a new model's do. The weights
    /// and Adam's moments stay.
    pub fn restart(&mut self) {
        self.end_segment();
        self.streams = (0..self.cfg.streams)
            .map(|_| Stream::new(&self.cfg))
            .collect();
        self.ready = 0;
    }

    /// From now on the weights stay: segments pass without gradients or Adam steps.
    pub fn freeze(&mut self) {
        self.frozen = true;
    }

    /// What the model has learned (weights, Adam's moments, whether frozen).
    pub fn trained(&self) -> Trained {
        Trained::of(&self.params, &self.adam, self.frozen)
    }

    /// Takes what `trained` learned (a model of the same settings), in place of its own.
    pub fn load(&mut self, trained: &Trained) {
        trained.put(&mut self.params, &mut self.adam, &mut self.frozen);
        self.refresh_transposes();
    }
}
