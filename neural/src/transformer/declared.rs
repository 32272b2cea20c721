//! Every setting of the Transformer, declared once: its name (the YAML field, the `.dz`
//! header word and, with `-` for `_`, the command-line flag), its type and bounds, its
//! default, its help line and its short label. `TransformerConfig::default` and `settings`
//! (labels, params, header words), the parser of YAML fields and header words and the flags of
//! every command that takes a model (deepzip-core's model_spec) all read this table. The
//! settings it shares with the recurrent models (lr, the betas, clip) and the streams bound
//! are declared once in `shared::declaration`; only their defaults are here.

use super::config::TransformerConfig;
use crate::shared::declaration::{self, common, Common, Type, Value, STREAMS};

/// A Transformer setting: one kind, one recipe.
pub type Setting = declaration::Setting<TransformerConfig, (), ()>;

/// Every setting, in the order labels, params and header words list them. The defaults:
/// context 256, 2 layers of d_model 64 with 4 heads, segments of 64 positions, one-symbol
/// inputs, leaky ReLU of slope 1/16, Adam at lr 1e-3 (100 times that for the distance
/// biases), betas 0.9/0.99, clip 1, one stream.
pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "context",
        help: "Past positions each position attends to, itself included (transformer)",
        label: Some("C"),
        value: Type::Count {
            min: 1,
            max: 65_536,
        },
        only: None,
        flag: true,
        default: |_, _| Value::Count(256),
        get: |c| Value::Count(c.context),
        set: |c, v| c.context = v.count(),
    },
    Setting {
        name: "layers",
        help: "Stacked blocks (transformer)",
        label: None,
        value: Type::Count { min: 1, max: 16 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(2),
        get: |c| Value::Count(c.layers),
        set: |c, v| c.layers = v.count(),
    },
    Setting {
        name: "d_model",
        help: "Width of the residual stream (transformer)",
        label: None,
        value: Type::Count { min: 1, max: 4096 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(64),
        get: |c| Value::Count(c.d_model),
        set: |c, v| c.d_model = v.count(),
    },
    Setting {
        name: "heads",
        help: "Attention heads, dividing d_model (transformer)",
        label: Some("H"),
        value: Type::Count { min: 1, max: 256 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(4),
        get: |c| Value::Count(c.heads),
        set: |c, v| c.heads = v.count(),
    },
    Setting {
        name: "segment",
        help: "Positions predicted with one set of weights before each Adam step (transformer)",
        label: Some("seg"),
        value: Type::Count {
            min: 1,
            max: 65_536,
        },
        only: None,
        flag: true,
        default: |_, _| Value::Count(64),
        get: |c| Value::Count(c.segment),
        set: |c, v| c.segment = v.count(),
    },
    Setting {
        name: "ngram",
        help: "Symbols whose embeddings make up each position's input (transformer)",
        label: Some("n"),
        value: Type::Count { min: 1, max: 64 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(1),
        get: |c| Value::Count(c.ngram),
        set: |c, v| c.ngram = v.count(),
    },
    Setting {
        name: "leak",
        help: "Slope of the feed-forward activation below 0; 0 is a ReLU (transformer)",
        label: None,
        value: Type::Real { min: 0.0, max: 1.0 },
        only: None,
        flag: true,
        default: |_, _| Value::Real(0.0625),
        get: |c| Value::Real(c.leak),
        set: |c, v| c.leak = v.real(),
    },
    common(
        Common::LearningRate,
        |_, _| Value::Real(1e-3),
        |c| Value::Real(c.lr),
        |c, v| c.lr = v.real(),
    ),
    Setting {
        name: "distance_lr",
        help: "Learning rate of the per-distance attention biases, as a multiple of --lr \
               (transformer)",
        label: Some("dlr"),
        value: Type::Real { min: 0.0, max: 1e6 },
        only: None,
        flag: true,
        default: |_, _| Value::Real(100.0),
        get: |c| Value::Real(c.distance_lr),
        set: |c, v| c.distance_lr = v.real(),
    },
    common(
        Common::Beta1,
        |_, _| Value::Real(0.9),
        |c| Value::Real(c.beta1),
        |c, v| c.beta1 = v.real(),
    ),
    common(
        Common::Beta2,
        |_, _| Value::Real(0.99),
        |c| Value::Real(c.beta2),
        |c, v| c.beta2 = v.real(),
    ),
    common(
        Common::Clip,
        |_, _| Value::Real(1.0),
        |c| Value::Real(c.clip),
        |c, v| c.clip = v.real(),
    ),
    Setting {
        name: "streams",
        help: "Parallel streams B",
        label: Some("B"),
        value: STREAMS,
        only: None,
        flag: false,
        default: |_, _| Value::Count(1),
        get: |c| Value::Count(c.streams),
        set: |c, v| c.streams = v.count(),
    },
];

impl Default for TransformerConfig {
    /// Every setting at its declared default (`SETTINGS`); alphabet and seed still to set.
    fn default() -> Self {
        let mut cfg = TransformerConfig {
            alphabet: 2,
            context: 0,
            layers: 0,
            d_model: 0,
            heads: 0,
            ngram: 0,
            segment: 0,
            lr: 0.0,
            distance_lr: 0.0,
            leak: 0.0,
            beta1: 0.0,
            beta2: 0.0,
            clip: 0.0,
            streams: 0,
            seed: 0,
        };
        for s in SETTINGS {
            (s.set)(&mut cfg, (s.default)((), ()));
        }
        cfg
    }
}

impl TransformerConfig {
    /// Every setting but the alphabet and seed as (YAML name, value), in the table's order.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        declaration::settings_of(SETTINGS, self, ())
    }
}

/// The setting named `name`.
pub fn setting(name: &str) -> Option<&'static Setting> {
    declaration::find(SETTINGS, name)
}
