//! What declaring a model setting takes: its value, its type and bounds, and the entry
//! itself. Each family has its table (`recurrent::declared::SETTINGS`,
//! `transformer::declared::SETTINGS`); the training settings both families have (lr, the
//! betas, clip: `common`) and the streams bound are declared here, once.

/// A setting's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(usize),
    Real(f32),
    Word(&'static str),
}

impl Value {
    /// As labels, params and header words write it.
    pub fn text(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Real(x) => x.to_string(),
            Value::Word(w) => w.to_string(),
        }
    }

    pub fn count(self) -> usize {
        match self {
            Value::Count(n) => n,
            other => panic!("{other:?} is not a count"),
        }
    }

    pub fn real(self) -> f32 {
        match self {
            Value::Real(x) => x,
            other => panic!("{other:?} is not a number"),
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Value::Word(w) => w,
            other => panic!("{other:?} is not a word"),
        }
    }
}

/// A setting's type and the values it may take.
#[derive(Debug, Clone, Copy)]
pub enum Type {
    /// A whole number in min..=max.
    Count { min: u64, max: u64 },
    /// A number in [min, max).
    Real { min: f64, max: f64 },
    /// One of these words.
    Words(&'static [&'static str]),
}

/// Parallel streams (or sliding rows), in both families.
pub const STREAMS: Type = Type::Count { min: 1, max: 4096 };

/// The kinds a setting is for, and what to say to another.
pub type Only<K> = (fn(K) -> bool, &'static str);

/// One setting of a model family whose settings live in a `C`, for the kinds `K`, with
/// defaults that depend on the kind and a recipe `R` (`()` where the family has one kind or
/// one recipe).
pub struct Setting<C, K, R> {
    /// YAML field and header word; the flag is `--` and the name with `-` for `_`.
    pub name: &'static str,
    pub help: &'static str,
    /// The short key in a column label (`ub` for update_bias: `chgru-128-ub-0.5`); the name
    /// where `None`.
    pub label: Option<&'static str>,
    pub value: Type,
    /// The kinds that take it, and what to say to another (`None`: every kind).
    pub only: Option<Only<K>>,
    /// Whether the command line offers it (`streams` has each command's own flag; a retired
    /// setting is read from old headers only).
    pub flag: bool,
    pub default: fn(K, R) -> Value,
    pub get: fn(&C) -> Value,
    pub set: fn(&mut C, Value),
}

impl<C, K: Copy, R> Setting<C, K, R> {
    /// Whether a model of `kind` takes it, or what to say instead.
    pub fn applies(&self, kind: K) -> Result<(), &'static str> {
        match self.only {
            Some((takes, why)) if !takes(kind) => Err(why),
            _ => Ok(()),
        }
    }
}

/// The setting of `table` named `name`.
pub fn find<'a, C, K, R>(
    table: &'a [Setting<C, K, R>],
    name: &str,
) -> Option<&'a Setting<C, K, R>> {
    table.iter().find(|s| s.name == name)
}

/// Every setting of `table` that `kind` takes, as (YAML name, value) in the table's order.
pub fn settings_of<C, K: Copy, R>(
    table: &[Setting<C, K, R>],
    config: &C,
    kind: K,
) -> Vec<(&'static str, String)> {
    table
        .iter()
        .filter(|d| d.applies(kind).is_ok())
        .map(|d| (d.name, (d.get)(config).text()))
        .collect()
}

/// The training settings both families have, named, helped, labelled and bounded alike.
pub enum Common {
    LearningRate,
    Beta1,
    Beta2,
    Clip,
}

/// The `Common` setting `which` of a family, with its default and its place in `C`.
pub const fn common<C, K, R>(
    which: Common,
    default: fn(K, R) -> Value,
    get: fn(&C) -> Value,
    set: fn(&mut C, Value),
) -> Setting<C, K, R> {
    let decay = Type::Real { min: 0.0, max: 1.0 };
    let (name, help, label, value) = match which {
        Common::LearningRate => (
            "lr",
            "Adam learning rate",
            None,
            Type::Real {
                min: 0.0,
                max: 10.0,
            },
        ),
        Common::Beta1 => ("beta1", "Adam's first-moment decay", Some("b1_"), decay),
        Common::Beta2 => ("beta2", "Adam's second-moment decay", Some("b2_"), decay),
        Common::Clip => (
            "clip",
            "Global gradient-norm clip (0 = off)",
            None,
            Type::Real {
                min: 0.0,
                max: 1e30,
            },
        ),
    };
    Setting {
        name,
        help,
        label,
        value,
        only: None,
        flag: true,
        default,
        get,
        set,
    }
}
