//! Every setting of `kind: cm`, declared once (name, type and bounds, default, help, label):
//! the YAML fields, the `.dz` header words, the labels and the command-line flags
//! (deepzip-core's model_spec) read this table.

use super::CmConfig;
use neural::declared::{Setting as Declared, Type, Value};

/// A cm setting: one kind, one recipe.
pub type Setting = Declared<CmConfig, (), ()>;

/// The field (and header word) naming a cm's neural input: a neural kind, whose settings
/// the same entry gives (model_spec's cm parser).
pub const NEURAL: &str = "neural";

/// On or off.
const SWITCH: &[&str] = &["on", "off"];

fn switch(on: bool) -> Value {
    Value::Word(if on { "on" } else { "off" })
}

/// A setting that switches a part of the model on or off: the config's field of its name
/// (`NAME => field`: the name a constant holds, the field's), labelled `-field-off` (or `-on`)
/// where it differs from its default.
macro_rules! switch {
    ($field:ident, $default:expr, $help:expr) => {
        switch!(stringify!($field) => $field, $default, $help)
    };
    ($name:expr => $field:ident, $default:expr, $help:expr) => {
        Setting {
            name: $name,
            help: $help,
            label: Some(concat!(stringify!($field), "-")),
            value: Type::Words(SWITCH),
            only: None,
            flag: true,
            default: |_, _| switch($default),
            get: |c| switch(c.$field),
            set: |c, v| c.$field = v.word() == "on",
        }
    };
}

/// Every setting, in the order labels, params and header words list them. The defaults:
/// orders 0 to 6, 2^22 slots per context, counts to 127, weight sets, the APM, bit histories,
/// the second mixer, the word, sparse and column contexts, symbols coded as their bytes on;
/// the second APM and the linear inputs off (docs/cm.md measures each).
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
            max: super::slot::MAX_LIMIT as u64,
        },
        only: None,
        flag: true,
        default: |_, _| Value::Count(127),
        get: |c| Value::Count(c.limit as usize),
        set: |c, v| c.limit = v.count() as u32,
    },
    switch!(sets, true, "cm mixer weight sets chosen by the bits of the symbol so far (on) or one (off)"),
    switch!(apm, true, "cm adaptive probability map after the mixer, under the previous symbol"),
    switch!(apm2, false, "cm second adaptive probability map, under a hash of the last two symbols"),
    switch!(linear, false, "cm second input per context: its probability less 1/2, not stretched"),
    switch!(history, true, "cm bit history per slot, read through an adaptive map per context"),
    Setting {
        name: "mixer_shift",
        help: "cm mixers' learning rate: a weight moves by input · error / 2^mixer_shift",
        label: Some("ms"),
        value: Type::Count { min: 8, max: 16 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(12),
        get: |c| Value::Count(c.mixer_shift as usize),
        set: |c, v| c.mixer_shift = v.count() as u32,
    },
    switch!(mixer2, true, "cm second mixer, its weight set chosen by the previous symbol and the bits so far, and a final mixer of the two"),
    switch!(word, true, "cm word contexts: the word so far with the symbol before it and with the word before it"),
    switch!(sparse, true, "cm sparse contexts: the symbols 2, 3 and 4 back alone, and 2 and 4 back together"),
    switch!(column, true, "cm record contexts: the symbol above (same column, previous line) with the last symbol and with the column; the line's first 4 symbols with the last 2"),
    switch!(e8e9, true, "cm x86 call transform on 256-symbol inputs: the operand of each E8/E9 byte coded as its absolute target"),
    switch!(kt, true, "cm last stage: the result weighed against the Krichevsky–Trofimov estimate of the highest order's counts by what each has cost so far (a Bayes mixture)"),
    Setting {
        name: "ways",
        help: "Buckets a cm context's hash may take: 1, or 2 neighbours (the one holding its check, else the one whose first slot counted less)",
        label: Some("w"),
        value: Type::Count { min: 1, max: 2 },
        only: None,
        flag: true,
        default: |_, _| Value::Count(2),
        get: |c| Value::Count(c.ways as usize),
        set: |c, v| c.ways = v.count() as u32,
    },
    switch!(exact_split, true, "cm's coder splits the range at its exact product with each bit's probability (off: through a 16-bit table, as cm files before version 13 were coded, about 0.0006 bits more per decision)"),
    switch!(BYTES => bytes, true, "cm codes each symbol as the bits of the byte it stands for (a file's own values: its contexts see ASCII's letters and newlines), not of its index among the values that occur; the same on a grid source (bench compress --fast: off)"),
    Setting {
        name: ENGINE,
        help: "cm engine: full (every setting of cm) or lean (the fast level: orders 0-4 and 6 and a word context, bit histories in 16-byte buckets, one mixer, one APM; only table_bits, in bytes per context, e8e9, exact_split and bytes apply)",
        label: Some("engine-"),
        value: Type::Words(ENGINES),
        only: None,
        flag: true,
        default: |_, _| Value::Word(ENGINES[0]),
        get: |c| Value::Word(ENGINES[c.lean as usize]),
        set: |c, v| c.lean = v.word() == LEAN,
    },
];

/// The setting that codes each symbol as its byte (`predict::bits::Tree`); `bench compress
/// --fast` turns it off.
pub const BYTES: &str = "bytes";

/// The setting naming cm's engine, and its words: every setting (`full`), or the fast
/// level's fixed contexts (`LEAN`, `lean`).
pub const ENGINE: &str = "engine";
pub const LEAN: &str = "lean";
const ENGINES: &[&str] = &["full", LEAN];

impl Default for CmConfig {
    fn default() -> CmConfig {
        let mut c = CmConfig {
            order: 0,
            table_bits: 0,
            limit: 0,
            sets: false,
            apm: false,
            apm2: false,
            linear: false,
            history: false,
            mixer_shift: 0,
            mixer2: false,
            word: false,
            sparse: false,
            column: false,
            e8e9: false,
            kt: false,
            ways: 0,
            bytes: false,
            exact_split: false,
            lean: false,
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
