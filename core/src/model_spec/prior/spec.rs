//! A prior's settings, each declared once (`SETTINGS`), and what they name: its label, its
//! words, its price; and the field of the restart that goes with it. Some settings are for
//! one kind of prior only: a prior on the family has a training set and a price, one on the
//! input itself the precision of the weights it stores.

use generators::Source;
use neural::declared::{Type, Value};

/// The YAML block that holds a prior's settings, and the prefix of their header words.
pub const BLOCK: &str = "pretrain";

/// The field of `restart: segment`, which goes with a prior on segmented sources (a header
/// writes `restart=L`).
pub const RESTART: &str = "restart";

/// The header word of a prior on the input itself, whose file holds a weights section.
pub const STORED: &str = "pretrain.on=self";

/// What the model is trained on before it codes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum On {
    /// Sequences drawn from the source's family: the job's own source spec. Rebuilt by the
    /// decoder, so nothing is stored; priced at `bits_per_parameter`.
    Family,
    /// The input itself (the DeepZip report's protocol, DZip's bootstrap model): the decoder
    /// has not got it, so the weights are stored in the file, at `precision`.
    Itself,
}

impl On {
    pub const NAMES: &'static [&'static str] = &["family", "self"];

    fn name(self) -> &'static str {
        match self {
            On::Family => "family",
            On::Itself => "self",
        }
    }
}

/// The precision of stored weights; the model codes with the rounded values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Precision {
    F32,
    F16,
    Bf16,
}

impl Precision {
    pub const NAMES: &'static [&'static str] = &["f32", "f16", "bf16"];

    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::F16 => "f16",
            Precision::Bf16 => "bf16",
        }
    }

    /// Bytes of one stored weight.
    pub fn bytes(self) -> usize {
        match self {
            Precision::F32 => 4,
            Precision::F16 | Precision::Bf16 => 2,
        }
    }
}

/// For the settings of a prior on the family only.
const FAMILY_ONLY: neural::declared::Only<On> = (
    |on| on == On::Family,
    "is a setting of a prior on the family (`on: family`); `on: self` trains on the input \
     itself, with the model's own streams and seed",
);

/// What the model does with its weights while it codes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum After {
    /// Keeps learning (DZip's adaptive model).
    Online,
    /// Keeps the prior's weights (DeepZip's compressor).
    Frozen,
}

impl After {
    pub const NAMES: &'static [&'static str] = &["online", "frozen"];

    fn name(self) -> &'static str {
        match self {
            After::Online => "online",
            After::Frozen => "frozen",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub on: On,
    /// Sequences N of the training set, and the symbols L of each.
    pub sequences: usize,
    pub length: usize,
    /// Passes over the N sequences.
    pub epochs: usize,
    /// Sequences trained side by side, each Adam step taken over all of them (the model's
    /// streams while it pretrains; its own `streams` while it codes).
    pub batch: usize,
    pub after: After,
    /// The price of one parameter in `prior_bytes`.
    pub bits_per_parameter: usize,
    /// The precision of stored weights (on the input itself).
    pub precision: Precision,
    /// Seeds the initial weights and the training set (`generators::pretraining`).
    pub seed: u64,
    /// The family named by the entry (`source:`) or a header; `None`: the job's own source.
    pub family: Option<Source>,
    /// The job's own source, set per job where no family is named.
    pub own: Option<Source>,
}

/// A prior's setting, for the kinds of prior that take it.
pub type Setting = neural::declared::Setting<Prior, On, ()>;

/// Every setting of a prior, in the order labels, params and header words list them; each is
/// also a flag of `bench compress` (`--pretrain-NAME`).
pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "on",
        help: "Before coding, train on sequences of the source's family (family; rebuilt by the \
               decoder) or on the input itself (self; the weights are stored in the file)",
        label: None,
        value: Type::Words(On::NAMES),
        only: None,
        flag: true,
        default: |_, _| Value::Word("family"),
        get: |p| Value::Word(p.on.name()),
        set: |p, v| {
            p.on = match v.word() {
                "self" => On::Itself,
                _ => On::Family,
            }
        },
    },
    Setting {
        name: "sequences",
        help: "Sequences N of the prior's training set",
        label: None,
        value: Type::Count {
            min: 1,
            max: 10_000_000,
        },
        only: Some(FAMILY_ONLY),
        flag: true,
        default: |_, _| Value::Count(100),
        get: |p| Value::Count(p.sequences),
        set: |p, v| p.sequences = v.count(),
    },
    Setting {
        name: "length",
        help: "Symbols L of each pretraining sequence",
        label: None,
        value: Type::Count {
            min: 1,
            max: 1_000_000_000,
        },
        only: Some(FAMILY_ONLY),
        flag: true,
        default: |_, _| Value::Count(1000),
        get: |p| Value::Count(p.length),
        set: |p, v| p.length = v.count(),
    },
    Setting {
        name: "epochs",
        help: "Passes over the pretraining sequences",
        label: Some("ep"),
        value: Type::Count { min: 1, max: 1000 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(1),
        get: |p| Value::Count(p.epochs),
        set: |p, v| p.epochs = v.count(),
    },
    Setting {
        name: "batch",
        help: "Pretraining sequences trained side by side, one Adam step over all of them",
        label: Some("b"),
        value: Type::Count { min: 1, max: 4096 },
        only: Some(FAMILY_ONLY),
        flag: true,
        default: |_, _| Value::Count(64),
        get: |p| Value::Count(p.batch),
        set: |p, v| p.batch = v.count(),
    },
    Setting {
        name: "after",
        help: "While coding, keep learning (online) or keep the prior's weights (frozen)",
        label: Some(""),
        value: Type::Words(After::NAMES),
        only: None,
        flag: true,
        default: |_, _| Value::Word("online"),
        get: |p| Value::Word(p.after.name()),
        set: |p, v| {
            p.after = match v.word() {
                "frozen" => After::Frozen,
                _ => After::Online,
            }
        },
    },
    Setting {
        name: "bits_per_parameter",
        help: "Price of one parameter of the prior in prior_bytes (16: LMIC's convention)",
        label: Some("bpp"),
        value: Type::Count { min: 1, max: 64 },
        only: Some(FAMILY_ONLY),
        flag: true,
        default: |_, _| Value::Count(16),
        get: |p| Value::Count(p.bits_per_parameter),
        set: |p, v| p.bits_per_parameter = v.count(),
    },
    Setting {
        name: "precision",
        help: "Precision of the weights stored in the file (on: self): f32, f16 or bf16; the \
               model codes with the rounded values",
        label: Some(""),
        value: Type::Words(Precision::NAMES),
        only: Some((
            |on| on == On::Itself,
            "is the precision of stored weights (`on: self`); a prior on the family stores \
             none",
        )),
        flag: true,
        default: |_, _| Value::Word("f32"),
        get: |p| Value::Word(p.precision.name()),
        set: |p, v| {
            p.precision = match v.word() {
                "f16" => Precision::F16,
                "bf16" => Precision::Bf16,
                _ => Precision::F32,
            }
        },
    },
    Setting {
        name: "seed",
        help: "Seed of the prior's initial weights and training set",
        label: Some("ps"),
        value: Type::Count {
            min: 0,
            max: u32::MAX as u64,
        },
        only: Some(FAMILY_ONLY),
        flag: true,
        default: |_, _| Value::Count(0),
        get: |p| Value::Count(p.seed as usize),
        set: |p, v| p.seed = v.count() as u64,
    },
];

/// The header word (and flag-door key) of the family's source parameters.
pub const FAMILY: &str = "family";

impl Default for Prior {
    fn default() -> Prior {
        let mut prior = Prior {
            on: On::Family,
            sequences: 0,
            length: 0,
            epochs: 0,
            batch: 0,
            after: After::Online,
            bits_per_parameter: 0,
            precision: Precision::F32,
            seed: 0,
            family: None,
            own: None,
        };
        for s in SETTINGS {
            (s.set)(&mut prior, (s.default)(On::Family, ()));
        }
        prior
    }
}

impl Prior {
    /// Symbols trained on before coding an input of `n` symbols: N · L · epochs on the
    /// family, n · epochs on the input itself.
    pub fn symbols(&self, n: u64) -> u64 {
        match self.on {
            On::Family => (self.sequences * self.length * self.epochs) as u64,
            On::Itself => n * self.epochs as u64,
        }
    }

    /// The price of `parameters` at `bits_per_parameter`, in whole bytes.
    pub fn bytes(&self, parameters: usize) -> u64 {
        (parameters as u64 * self.bits_per_parameter as u64).div_ceil(8)
    }

    /// The family it trains on: the one named, else the job's own source.
    pub fn trained_on(&self) -> Option<&Source> {
        self.family.as_ref().or(self.own.as_ref())
    }

    /// `-pt{N}x{L}` (`-ptself` on the input itself), `-of-` and a named family's label, plus
    /// every other setting that differs from its default.
    pub fn label(&self) -> String {
        let mut label = match self.on {
            On::Family => format!("-pt{}x{}", self.sequences, self.length),
            On::Itself => "-ptself".to_string(),
        };
        if let Some(family) = &self.family {
            label.push_str(&format!("-of-{}", family.label()));
        }
        let applies = SETTINGS.iter().filter(|s| s.applies(self.on).is_ok());
        for (s, (name, value)) in applies.zip(self.settings()) {
            let default = (s.default)(On::Family, ()).text();
            if !["on", "sequences", "length"].contains(&name) && value != default {
                label.push_str(&format!("-{}{value}", s.label.unwrap_or(name)));
            }
        }
        label
    }

    /// Every setting its kind (`on`) takes, as (name, value), in the table's order.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        SETTINGS
            .iter()
            .filter(|s| s.applies(self.on).is_ok())
            .map(|s| (s.name, (s.get)(self).text()))
            .collect()
    }

    /// `pretrain.NAME=VALUE` words. For params (`for_header` false): every setting, then a
    /// named family. For a header: `pretrain.on`, the settings that differ from their
    /// defaults (version 7 fixes them), then the family it trains on; a family's words are its
    /// parameters with `;` for spaces (`pretrain.family=M=2;order=1;alpha=1`).
    pub fn words(&self, for_header: bool) -> String {
        let defaults = Prior {
            on: self.on,
            ..Prior::default()
        }
        .settings();
        let mut words: Vec<String> = self
            .settings()
            .into_iter()
            .zip(defaults)
            .filter(|(mine, default)| !for_header || mine.0 == "on" || mine != default)
            .map(|((k, v), _)| format!("{BLOCK}.{k}={v}"))
            .collect();
        let family = match for_header {
            true => self.trained_on(),
            false => self.family.as_ref(),
        };
        if let Some(family) = family {
            words.push(format!(
                "{BLOCK}.{FAMILY}={}",
                family.params().replace(' ', ";")
            ));
        }
        words.join(" ")
    }
}
