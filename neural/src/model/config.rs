//! A model's settings, and the memory they ask for.

use super::layout::Layout;
use crate::cell::CellKind;
use crate::features::ContextCounts;
use crate::recipe::{cell_of, Init, Mix, ModelKind, Recipe, Reset, Schedule};

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
    /// Every setting of a `kind` model at `recipe`'s defaults: 128 cells, one layer, one-hot
    /// inputs, Feat's window 50, one stream; alphabet and seed still to set.
    pub fn defaults(kind: ModelKind, recipe: Recipe) -> Config {
        let mut cfg = Config {
            kind,
            recipe,
            alphabet: 2,
            hidden: 128,
            layers: 1,
            window: if kind == ModelKind::Feat { 50 } else { 1 },
            embed: 0,
            contexts: 0,
            init: Init::FanIn,
            reset: Reset::After,
            recurrent_gain: 1.0,
            update_bias: 0.0,
            bptt: 50,
            lr: 2e-3,
            beta1: 0.9,
            beta2: 0.999,
            clip: 0.0,
            streams: 1,
            schedule: Schedule::Online,
            mix: Mix::Off,
            seed: 0,
        };
        recipe.apply(&mut cfg);
        cfg
    }

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

    /// Every setting but the kind, alphabet and seed as (YAML name, value), in a fixed
    /// order; the settings that do not apply to the kind are left out.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        let mut s = vec![
            ("recipe", self.recipe.name().to_string()),
            ("hidden", self.hidden.to_string()),
            ("layers", self.layers.to_string()),
        ];
        if self.kind == ModelKind::Feat {
            s.push(("window", self.window.to_string()));
            s.push(("contexts", self.contexts.to_string()));
        }
        s.push(("embed", self.embed.to_string()));
        s.push(("init", self.init.name().to_string()));
        if self.kind.is_gru() {
            s.push(("reset", self.reset.name().to_string()));
            s.push(("update_bias", self.update_bias.to_string()));
        }
        s.extend([
            ("recurrent_gain", self.recurrent_gain.to_string()),
            ("bptt", self.bptt.to_string()),
            ("lr", self.lr.to_string()),
            ("beta1", self.beta1.to_string()),
            ("beta2", self.beta2.to_string()),
            ("clip", self.clip.to_string()),
            ("streams", self.streams.to_string()),
            ("schedule", self.schedule.name().to_string()),
            ("mix", self.mix.name().to_string()),
        ]);
        s
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

    /// Bytes `Model::new` allocates for this configuration, computed without allocating:
    /// parameters with their gradients, Adam moments and transposes, the TBPTT records of
    /// bptt × streams steps (forward, and the backward pass's gradients), and the
    /// context-count tables. For checking untrusted settings (a forged `.dz` header) before
    /// building the model.
    pub fn memory_bytes(&self) -> f64 {
        let features = self.contexts * self.alphabet;
        let layout = Layout::new(self, features);
        let transposed: usize = layout.layers.iter().map(|l| l.wh.len() + l.wd.len()).sum();
        let (hn, gh) = (self.hidden, self.cell().gates() * self.hidden);
        let dense = layout.layers[0].dense;
        // da, and da_h where the GRU's differs.
        let backward = self.layers * gh * if self.kind.is_gru() { 2 } else { 1 }
            + self.alphabet
            + if self.embed > 0 { dense } else { 0 };
        let per_step = 4 * (self.layers * (5 * hn + gh) + dense + self.alphabet + backward)
            + 4 * self.window
            + 1;
        let steps = (self.bptt * self.streams) as f64;
        4.0 * (4 * layout.len() + transposed) as f64
            + steps * per_step as f64
            + ContextCounts::table_bytes(self.alphabet, self.contexts)
    }
}
