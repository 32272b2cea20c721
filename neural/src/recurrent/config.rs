//! A model's settings, and the memory they ask for.

use super::settings::{cell_of, Init, Mix, ModelKind, Recipe, Reset, Schedule};
use crate::cell::CellKind;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub kind: ModelKind,
    /// The recipe whose defaults the other settings started from (named in labels and
    /// headers only when it is not the kind's default).
    pub recipe: Recipe,
    /// Alphabet size M (set per job).
    pub alphabet: usize,
    pub hidden: usize,
    /// Stacked recurrent layers (1 or more).
    pub layers: usize,
    /// Past symbols fed as input each step (1 for the char models, W for Feat).
    pub window: usize,
    /// Embedding size of each input symbol (0: one-hot inputs).
    pub embed: usize,
    /// Context-count features for the orders 1..=contexts (0: none).
    pub contexts: usize,
    pub init: Init,
    /// Where the GRU's reset gate acts (GRU models only).
    pub reset: Reset,
    /// Initial recurrent weights Wh are scaled by recurrent_gain (see `Init`).
    pub recurrent_gain: f32,
    /// Initial bias of the GRU update gate z in h = (1 − z)·n + z·h_prev (GRU models only;
    /// negative: each step starts by taking mostly the new candidate n).
    pub update_bias: f32,
    /// Truncated-BPTT segment length L.
    pub bptt: usize,
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// Global gradient-norm clip (0 = off).
    pub clip: f32,
    /// Rows B trained as one batch: parallel streams, or delayed copies of one stream.
    pub streams: usize,
    pub schedule: Schedule,
    pub mix: Mix,
    /// Seed of the initial weights (set per job).
    pub seed: u64,
}

impl Config {
    /// `defaults` at the kind's default recipe.
    pub fn new(kind: ModelKind) -> Config {
        Config::defaults(kind, Recipe::default_for(kind))
    }

    /// Streams the coder codes side by side: the rows, or one for the sliding schedule.
    pub fn coded_streams(&self) -> usize {
        match self.schedule {
            Schedule::Online => self.streams,
            Schedule::Sliding => 1,
        }
    }

    /// The cell the layers run.
    pub fn cell(&self) -> CellKind {
        cell_of(self.kind, self.reset)
    }

    /// The settings that differ from `defaults(kind, recipe)` (the recipe itself where it is
    /// not the kind's default), as (YAML name, value).
    pub fn changed_settings(&self) -> Vec<(&'static str, String)> {
        let own = Config::defaults(self.kind, self.recipe).settings();
        let mut changed: Vec<_> = self
            .settings()
            .into_iter()
            .zip(own)
            .filter(|(mine, default)| mine != default)
            .map(|(mine, _)| mine)
            .collect();
        if self.recipe != Recipe::default_for(self.kind) {
            changed.insert(0, ("recipe", self.recipe.name().to_string()));
        }
        changed
    }
}
