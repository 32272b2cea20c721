//! Every setting of `kind: cm`, declared once (name, type and bounds, default, help, label):
//! the YAML fields, the `.dz` header words, the labels and the command-line flags
//! (deepzip-core's model_spec) read this table.

use super::CmConfig;
use neural::declared::{Setting as Declared, Type, Value};

/// A cm setting: one kind, one recipe.
pub type Setting = Declared<CmConfig, (), ()>;

/// On or off.
const SWITCH: &[&str] = &["on", "off"];

fn switch(on: bool) -> Value {
    Value::Word(if on { "on" } else { "off" })
}

/// Every setting, in the order labels, params and header words list them. The defaults:
/// orders 0 to 6, 2^22 slots per order, counts to 127, weight sets and the APM on.
pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "order",
        help: "Highest context order K of the cm model, in symbols (orders 0…K)",
        label: Some("o"),
        value: Type::Count { min: 0, max: 24 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(6),
        get: |c| Value::Count(c.order),
        set: |c, v| c.order = v.count(),
    },
    Setting {
        name: "table_bits",
        help: "Slots per context order of the cm model: 2^table_bits, 4 bytes each",
        label: Some("t"),
        value: Type::Count { min: 8, max: 28 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(22),
        get: |c| Value::Count(c.table_bits as usize),
        set: |c, v| c.table_bits = v.count() as u32,
    },
    Setting {
        name: "limit",
        help: "Count at which a cm slot's rate stops falling (rate 1/(count + 1.5))",
        label: Some("l"),
        value: Type::Count {
            min: 1,
            max: super::contexts::MAX_LIMIT as u64,
        },
        only: None,
        flag: true,
        default: |_, _| Value::Count(127),
        get: |c| Value::Count(c.limit as usize),
        set: |c, v| c.limit = v.count() as u32,
    },
    Setting {
        name: "sets",
        help: "cm mixer weight sets chosen by the bits of the symbol so far (on) or one (off)",
        label: Some("sets-"),
        value: Type::Words(SWITCH),
        only: None,
        flag: true,
        default: |_, _| switch(true),
        get: |c| switch(c.sets),
        set: |c, v| c.sets = v.word() == "on",
    },
    Setting {
        name: "apm",
        help: "cm adaptive probability map after the mixer, under the previous symbol",
        label: Some("apm-"),
        value: Type::Words(SWITCH),
        only: None,
        flag: true,
        default: |_, _| switch(true),
        get: |c| switch(c.apm),
        set: |c, v| c.apm = v.word() == "on",
    },
];

impl Default for CmConfig {
    fn default() -> CmConfig {
        let mut c = CmConfig {
            order: 0,
            table_bits: 0,
            limit: 0,
            sets: false,
            apm: false,
        };
        for s in SETTINGS {
            (s.set)(&mut c, (s.default)((), ()));
        }
        c
    }
}

impl CmConfig {
    /// `cm-o{K}`, then every other setting that differs from its default (`-t20`,
    /// `-apm-off`).
    pub fn label(&self) -> String {
        let mut label = format!("cm-o{}", self.order);
        for s in &SETTINGS[1..] {
            let (value, default) = ((s.get)(self).text(), (s.default)((), ()).text());
            if value != default {
                label.push_str(&format!("-{}{value}", s.label.unwrap_or(s.name)));
            }
        }
        label
    }

    /// Every setting as `name=value`, in the table's order (params), or only those that
    /// differ from their defaults (a header's words).
    pub fn words(&self, all: bool) -> Vec<String> {
        SETTINGS
            .iter()
            .map(|s| (s.name, (s.get)(self).text(), (s.default)((), ()).text()))
            .filter(|(_, value, default)| all || value != default)
            .map(|(name, value, _)| format!("{name}={value}"))
            .collect()
    }
}
