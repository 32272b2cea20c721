//! What a prior needs of a recurrent model: starting a fresh sequence (`restart`), keeping
//! its weights (`freeze`), and handing over what it learned (`trained`, `load`).

use super::features::ContextCounts;
use super::mix::FixedShare;
use super::rows::Rows;
use super::{Mix, Model};
use crate::shared::trained::Trained;

impl Model {
    /// Starts a fresh sequence in every row: the segment recorded so far is trained on (unless
    /// frozen), then the hidden states, the input history, Feat's context counts and the
    /// sliding schedule start as a new model's do. The weights and Adam's moments stay.
    pub fn restart(&mut self) {
        self.end_segment();
        self.groups = Rows::groups(&self.cfg, &self.layout, self.groups.len());
        if let Some(c) = &mut self.contexts {
            *c = ContextCounts::new(self.cfg.alphabet, self.cfg.contexts);
        }
        if self.cfg.mix == Mix::Order0 {
            self.mixer = Some(FixedShare::new(self.cfg.alphabet, self.cfg.coded_streams()));
        }
        self.recent.clear();
        self.seen = 0;
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
