//! Every setting of the recurrent models, declared once: its name (the YAML field, the `.dz`
//! header word and, with `-` for `_`, the command-line flag), its type and bounds, its
//! default for each kind and recipe, its help line, its short label, which kinds take it,
//! and where it lives in `Config`. The recipes' defaults, `Config::settings` (labels,
//! params, header words), the parser of YAML fields and header words and the flags of every
//! command that takes a model (deepzip-core's model_spec) all read this table, so a new
//! setting is a line here and the model code that uses it.
//!
//! The recipes: `deepzip` (the default for chrnn, chgru and feat) is the report's own code
//! (kedartatwawadi/NN_compression, TensorFlow 0.12/1.x): Glorot-uniform kernels over [x; h],
//! zero biases but the GRU's reset and update gates at 1.0, the reset-before GRU candidate,
//! Adam at lr 2e-4 with betas 0.9/0.999 and no gradient clipping, 64-step TBPTT segments.
//! `tuned` is this harness's earlier recipe, tuned on Markov-k at 1e6 symbols (fan-in uniform
//! init, recurrent gain 3 and update bias −0.5 for ChGRU, reset-after GRU, Adam at lr 2e-3,
//! clip 5, 50-step segments); every `.dz` written before format version 4 used it. The report
//! has no LSTM: `lstm` keeps `tuned` as its default.

use super::config::Config;
use super::settings::{Init, Mix, ModelKind, Recipe, Reset, Schedule};
use crate::shared::declaration::{self, common, Common, Type, Value, STREAMS};

/// A recurrent model's setting: its defaults depend on the kind and the recipe.
pub type Setting = declaration::Setting<Config, ModelKind, Recipe>;

fn feat(kind: ModelKind) -> bool {
    kind == ModelKind::Feat
}

fn gru(kind: ModelKind) -> bool {
    kind.is_gru()
}

const GRU: &str = "the GRU models (`chgru`, `feat`) only";

/// Every setting, in the order labels, params and header words list them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "hidden",
        help: "Hidden cells (neural models)",
        label: None,
        value: Type::Count { min: 1, max: 4096 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(128),
        get: |c| Value::Count(c.hidden),
        set: |c, v| c.hidden = v.count(),
    },
    Setting {
        name: "layers",
        help: "Stacked layers (neural models)",
        label: Some("L"),
        value: Type::Count { min: 1, max: 8 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(1),
        get: |c| Value::Count(c.layers),
        set: |c, v| c.layers = v.count(),
    },
    Setting {
        name: "window",
        help: "Past symbols fed to feat",
        label: None,
        value: Type::Count { min: 1, max: 4096 },
        only: Some((feat, "`feat` only (the char models see one symbol)")),
        flag: true,
        default: |kind, _| Value::Count(if kind == ModelKind::Feat { 50 } else { 1 }),
        get: |c| Value::Count(c.window),
        set: |c, v| c.window = v.count(),
    },
    Setting {
        name: "contexts",
        help: "Context-count features for the orders 1..=N (feat)",
        label: Some("ctx"),
        value: Type::Count { min: 0, max: 32 },
        only: Some((
            feat,
            "`feat` only (context-count features are Feat's inputs)",
        )),
        flag: true,
        default: |_, _| Value::Count(0),
        get: |c| Value::Count(c.contexts),
        set: |c, v| c.contexts = v.count(),
    },
    Setting {
        name: "embed",
        help: "Embedding size per input symbol (neural models; 0 = one-hot)",
        label: Some("e"),
        value: Type::Count { min: 0, max: 1024 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(0),
        get: |c| Value::Count(c.embed),
        set: |c, v| c.embed = v.count(),
    },
    Setting {
        name: "init",
        help: "Weight initialisation: glorot, orthogonal (recurrent kernels) or fan_in",
        label: Some("init-"),
        value: Type::Words(Init::NAMES),
        only: None,
        flag: true,
        default: |_, recipe| {
            Value::Word(
                match recipe {
                    Recipe::DeepZip => Init::Glorot,
                    Recipe::Tuned => Init::FanIn,
                }
                .name(),
            )
        },
        get: |c| Value::Word(c.init.name()),
        set: |c, v| c.init = Init::from_name(v.word()).expect("a checked name"),
    },
    Setting {
        name: "reset",
        help: "Where the GRU's reset gate acts: before or after the recurrent product (chgru, \
               feat)",
        label: Some("reset-"),
        value: Type::Words(Reset::NAMES),
        only: Some((gru, GRU)),
        flag: true,
        default: |_, recipe| {
            Value::Word(
                match recipe {
                    Recipe::DeepZip => Reset::Before,
                    Recipe::Tuned => Reset::After,
                }
                .name(),
            )
        },
        get: |c| Value::Word(c.reset.name()),
        set: |c, v| c.reset = Reset::from_name(v.word()).expect("a checked name"),
    },
    Setting {
        name: "update_bias",
        help: "Initial bias of the GRU update gate z (chgru, feat)",
        label: Some("ub"),
        value: Type::Real {
            min: -20.0,
            max: 20.0,
        },
        only: Some((gru, GRU)),
        flag: true,
        // deepzip: TensorFlow's GRUCell starts both gates at bias 1.0 (keep the state).
        // tuned: ChGRU's update gate at -0.5 with beta1 0.7 learns Markov-10 sooner (seeds
        // 0-3: 0.0158 -> 0.0124 bits/symbol on average).
        default: |kind, recipe| {
            Value::Real(match (recipe, kind) {
                (Recipe::DeepZip, k) if k.is_gru() => 1.0,
                (Recipe::Tuned, ModelKind::ChGru) => -0.5,
                _ => 0.0,
            })
        },
        get: |c| Value::Real(c.update_bias),
        set: |c, v| c.update_bias = v.real(),
    },
    Setting {
        name: "recurrent_gain",
        help: "Scale of the initial recurrent weights (neural models)",
        label: Some("rg"),
        value: Type::Real {
            min: 0.0,
            max: 100.0,
        },
        only: None,
        flag: true,
        // tuned, measured on Markov-k at 1e6 symbols: a larger initial Wh keeps ChGRU's
        // memory of the last k symbols from fading, so it learns them sooner (k = 10: 0.0228
        // -> 0.0156 bits/symbol, k = 20: 0.269 -> 0.233). Feat and the LSTM did not gain.
        default: |kind, recipe| {
            Value::Real(match (recipe, kind) {
                (Recipe::Tuned, ModelKind::ChGru) => 3.0,
                _ => 1.0,
            })
        },
        get: |c| Value::Real(c.recurrent_gain),
        set: |c, v| c.recurrent_gain = v.real(),
    },
    Setting {
        name: "bptt",
        help: "Truncated-BPTT length",
        label: None,
        value: Type::Count {
            min: 1,
            max: 100_000,
        },
        only: None,
        flag: true,
        default: |_, recipe| {
            Value::Count(match recipe {
                Recipe::DeepZip => 64,
                Recipe::Tuned => 50,
            })
        },
        get: |c| Value::Count(c.bptt),
        set: |c, v| c.bptt = v.count(),
    },
    common(
        Common::LearningRate,
        |_, recipe| {
            Value::Real(match recipe {
                Recipe::DeepZip => 2e-4,
                Recipe::Tuned => 2e-3,
            })
        },
        |c| Value::Real(c.lr),
        |c, v| c.lr = v.real(),
    ),
    common(
        Common::Beta1,
        |kind, recipe| {
            Value::Real(match (recipe, kind) {
                (Recipe::Tuned, ModelKind::ChGru) => 0.7,
                _ => 0.9,
            })
        },
        |c| Value::Real(c.beta1),
        |c, v| c.beta1 = v.real(),
    ),
    common(
        Common::Beta2,
        |_, _| Value::Real(0.999),
        |c| Value::Real(c.beta2),
        |c, v| c.beta2 = v.real(),
    ),
    common(
        Common::Clip,
        |_, recipe| {
            Value::Real(match recipe {
                Recipe::DeepZip => 0.0,
                Recipe::Tuned => 5.0,
            })
        },
        |c| Value::Real(c.clip),
        |c, v| c.clip = v.real(),
    ),
    Setting {
        name: "streams",
        help: "Parallel streams or sliding rows B",
        label: Some("B"),
        value: STREAMS,
        only: None,
        flag: false,
        default: |_, _| Value::Count(1),
        get: |c| Value::Count(c.streams),
        set: |c, v| c.streams = v.count(),
    },
    Setting {
        name: "schedule",
        help: "Training schedule: online (B streams are B parts of the input) or sliding (B \
               rows are the input delayed by 0..B-1 symbols, each symbol a target B times)",
        label: Some("sched-"),
        value: Type::Words(Schedule::NAMES),
        only: None,
        flag: true,
        default: |_, _| Value::Word(Schedule::Online.name()),
        get: |c| Value::Word(c.schedule.name()),
        set: |c, v| c.schedule = Schedule::from_name(v.word()).expect("a checked name"),
    },
    Setting {
        name: "mix",
        help: "Retired: blend with the order-0 expert instead (`--experts order0`)",
        label: Some("mix-"),
        value: Type::Words(Mix::NAMES),
        only: None,
        flag: false,
        default: |_, _| Value::Word(Mix::Off.name()),
        get: |c| Value::Word(c.mix.name()),
        set: |c, v| c.mix = Mix::from_name(v.word()).expect("a checked name"),
    },
];

impl Config {
    /// Every setting of a `kind` model at `recipe`'s defaults (`declared::SETTINGS`): 128
    /// cells, one layer, one-hot inputs, Feat's window 50, one stream; alphabet and seed
    /// still to set.
    pub fn defaults(kind: ModelKind, recipe: Recipe) -> Config {
        let mut cfg = Config {
            kind,
            recipe,
            alphabet: 2,
            hidden: 0,
            layers: 0,
            window: 0,
            embed: 0,
            contexts: 0,
            init: Init::FanIn,
            reset: Reset::After,
            recurrent_gain: 0.0,
            update_bias: 0.0,
            bptt: 0,
            lr: 0.0,
            beta1: 0.0,
            beta2: 0.0,
            clip: 0.0,
            streams: 0,
            schedule: Schedule::Online,
            mix: Mix::Off,
            seed: 0,
        };
        for s in SETTINGS {
            (s.set)(&mut cfg, (s.default)(kind, recipe));
        }
        cfg
    }

    /// Every setting but the kind, alphabet and seed as (YAML name, value), in the table's
    /// order (`declared::SETTINGS`); the settings that do not apply to the kind are left out.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        let mut s = vec![("recipe", self.recipe.name().to_string())];
        s.extend(declaration::settings_of(SETTINGS, self, self.kind));
        s
    }
}

/// The setting named `name`.
pub fn setting(name: &str) -> Option<&'static Setting> {
    declaration::find(SETTINGS, name)
}
