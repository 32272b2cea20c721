//! What declaring a recurrent setting takes (`declared::SETTINGS` is the table): its value,
//! its type and bounds, and the entry itself.

use super::config::Config;
use super::settings::{ModelKind, Recipe};

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

    pub(super) fn count(self) -> usize {
        match self {
            Value::Count(n) => n,
            other => panic!("{other:?} is not a count"),
        }
    }

    pub(super) fn real(self) -> f32 {
        match self {
            Value::Real(x) => x,
            other => panic!("{other:?} is not a number"),
        }
    }

    pub(super) fn word(self) -> &'static str {
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

/// The kinds a setting is for, and what to say to another.
pub type Only = (fn(ModelKind) -> bool, &'static str);

/// One setting of the recurrent models.
pub struct Setting {
    /// YAML field and header word; the flag is `--` and the name with `-` for `_`.
    pub name: &'static str,
    pub help: &'static str,
    /// The short key in a column label (`ub` for update_bias: `chgru-128-ub-0.5`); the name
    /// where `None`.
    pub label: Option<&'static str>,
    pub value: Type,
    /// The kinds that take it, and what to say to another (`None`: every kind).
    pub only: Option<Only>,
    /// Whether the command line offers it (`streams` has each command's own flag; `mix` is
    /// retired and read from old headers only).
    pub flag: bool,
    pub default: fn(ModelKind, Recipe) -> Value,
    pub get: fn(&Config) -> Value,
    pub set: fn(&mut Config, Value),
}

impl Setting {
    /// Whether a model of `kind` takes it, or what to say instead.
    pub fn applies(&self, kind: ModelKind) -> Result<(), &'static str> {
        match self.only {
            Some((takes, why)) if !takes(kind) => Err(why),
            _ => Ok(()),
        }
    }
}
