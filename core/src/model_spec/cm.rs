//! Parsing of a `kind: cm` compressor entry into the specs of its grid: its own settings,
//! and with `neural: KIND` a neural model (that kind's fields, in the same entry) whose
//! distribution is one of its inputs.

use std::sync::LazyLock;

use neural::ModelKind;

use super::grid::{axes, expand_axes};
use super::model::{Learned, ModelSpec};
use super::{recurrent, transformer};
use crate::predict::cm::declared::{BYTES, ENGINE, LEAN, NEURAL, SETTINGS};
use crate::predict::cm::CmConfig;
use crate::yaml::{Fields, Result};
use neural::declared::Value;

/// The settings the lean engine reads (`predict::cm::lean`).
const LEAN_READS: [&str; 5] = [ENGINE, "table_bits", "e8e9", "exact_split", BYTES];

/// `neural: none`: cm alone (what no `neural:` means; `bench compress --neural none` drops
/// its default's input).
const NONE: &str = "none";

/// The fields a cm entry may have: its kind, every declared setting and its neural input.
pub static FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut fields = vec!["kind", NEURAL];
    fields.extend(SETTINGS.iter().map(|s| s.name));
    fields
});

/// A cm entry's fields with a recurrent input: its own and the recurrent model's settings.
static WITH_RECURRENT: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| with_neural(&recurrent::FIELDS));

/// A cm entry's fields with a Transformer input.
static WITH_TRANSFORMER: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| with_neural(&transformer::FIELDS));

/// cm's fields and a neural kind's settings (not its experts, prior or restart: cm has its
/// own match model and orders, and learns from the input alone).
fn with_neural(kind_fields: &[&'static str]) -> Vec<&'static str> {
    let mut fields = FIELDS.clone();
    let own = [
        "kind",
        "experts",
        super::prior::BLOCK,
        super::prior::RESTART,
    ];
    fields.extend(kind_fields.iter().filter(|f| !own.contains(f)));
    fields
}

/// Every combination of the settings' grids, in the declared order, each with every neural
/// input of the `neural:` kind's grid (`header`: the fields came from a `.dz` header); and
/// the fields the entry may have.
pub fn parse(f: &mut Fields, header: bool) -> Result<(Vec<ModelSpec>, &'static [&'static str])> {
    let (inputs, allowed): (Vec<Option<Learned>>, &'static [&'static str]) = match f.take(NEURAL) {
        None => (vec![None], FIELDS.as_slice()),
        Some(node) if node.as_str()? == NONE => (vec![None], FIELDS.as_slice()),
        Some(node) => {
            let (specs, allowed) = match node.as_str()? {
                "transformer" => (transformer::parse(f)?, WITH_TRANSFORMER.as_slice()),
                name => match ModelKind::from_name(name) {
                    Some(kind) => (
                        recurrent::parse(kind, f, header)?,
                        WITH_RECURRENT.as_slice(),
                    ),
                    None => {
                        return Err(node.error(format!(
                            "expected a neural kind for cm's input: chrnn, chgru, lstm, feat or \
                             transformer (or `{NONE}`), got `{name}`"
                        )))
                    }
                },
            };
            if let Some(s) = specs.iter().find(|s| s.coded_streams() != 1) {
                return Err(node.error(format!(
                    "cm codes one stream, and its input `{}` codes {} (give it `streams: 1`)",
                    s.label(),
                    s.coded_streams()
                )));
            }
            let inputs = specs
                .into_iter()
                .map(|s| Some(Learned::of(s).expect("a neural kind")));
            (inputs.collect(), allowed)
        }
    };
    let axes = axes(SETTINGS, f, "", |_| Ok(()))?;
    let lean = axes
        .iter()
        .any(|(s, _, values)| s.name == ENGINE && values.contains(&Value::Word(LEAN)));
    if lean {
        if let Some((s, node, _)) = axes.iter().find(|(s, ..)| !LEAN_READS.contains(&s.name)) {
            return Err(node.error(format!(
                "`{}` sets a part of cm's full engine; `{ENGINE}: {LEAN}` has its own fixed \
                 parts and reads only {}",
                s.name,
                LEAN_READS[1..].join(", ")
            )));
        }
    }
    let configs = expand_axes(vec![CmConfig::default()], &axes);
    let specs = configs
        .iter()
        .flat_map(|config| {
            inputs.iter().map(|neural| ModelSpec::Cm {
                config: config.clone(),
                neural: neural.clone(),
            })
        })
        .collect();
    Ok((specs, allowed))
}
