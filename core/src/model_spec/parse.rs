//! The model kinds' fields, as a YAML entry or a `.dz` header's words give them, into specs.

use neural::ModelKind;

use super::model::ModelSpec;
use super::prior::SourceParser;
use super::{cm, expert_list, predictor, prepared, recurrent, transformer};
use crate::yaml::{field_error, words_to_yaml, FieldError, Fields, Node, Result};

/// The kinds of model-based compressor, as YAML and `.dz` headers name them.
pub const MODEL_KINDS: &[&str] = &[
    "order",
    "cm",
    "chrnn",
    "chgru",
    "lstm",
    "feat",
    "transformer",
    "predictor",
    "mixer",
];

/// Whether a model named `name` (a kind, or `order-K`) takes the field `key`.
pub(super) fn takes(name: &str, key: &str) -> bool {
    match name {
        "transformer" => transformer::FIELDS.contains(&key),
        "cm" => cm::FIELDS.contains(&key),
        "mixer" => expert_list::MIXER_FIELDS.contains(&key),
        "predictor" => predictor::FIELDS.contains(&key),
        other => ModelKind::from_name(other).is_some_and(|k| recurrent::applies(k, key).is_ok()),
    }
}

/// Context orders above this would only ever hash into the same table.
const MAX_ORDER: u64 = 64;

/// The specs of a model kind's grid from its YAML fields, and the fields the kind allows;
/// `None` when `kind` is not a model kind.
pub fn parse(
    kind: &str,
    f: &mut Fields,
) -> Result<Option<(Vec<ModelSpec>, &'static [&'static str])>> {
    parse_from(kind, f, Door::Yaml, None)
}

/// `parse`, where `sources` reads a source spec (a prior's `pretrain: {source: …}`: the
/// experiment's source parser, which lives above this crate).
pub fn parse_with_sources(
    kind: &str,
    f: &mut Fields,
    sources: SourceParser,
) -> Result<Option<(Vec<ModelSpec>, &'static [&'static str])>> {
    parse_from(kind, f, Door::Yaml, Some(sources))
}

/// Where a spec's fields come from: a YAML entry or the command-line flags, or a `.dz`
/// header's words, which may also name what older files were written with.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Door {
    Yaml,
    Header,
}

/// `parse` for fields that came through `door`.
fn parse_from(
    kind: &str,
    f: &mut Fields,
    door: Door,
    sources: Option<SourceParser>,
) -> Result<Option<(Vec<ModelSpec>, &'static [&'static str])>> {
    Ok(Some(match kind {
        "transformer" => {
            let specs = transformer::parse(f)?;
            let specs = expert_list::with_experts(f, specs)?;
            (
                prepared::prepare(f, specs, door == Door::Header, sources)?,
                transformer::FIELDS.as_slice(),
            )
        }
        "cm" => cm::parse(f, door == Door::Header)?,
        "mixer" => (
            vec![expert_list::parse_mixer(f)?],
            expert_list::MIXER_FIELDS,
        ),
        "predictor" => (
            predictor::parse(f, false)?
                .into_iter()
                .map(ModelSpec::External)
                .collect(),
            predictor::FIELDS,
        ),
        "order" => {
            let ks = f.require("k")?.grid(|v| v.as_u64_in(0..=MAX_ORDER))?;
            let specs = ks
                .into_iter()
                .map(|k| ModelSpec::Order { k: k as usize })
                .collect();
            (specs, &["kind", "k"])
        }
        other => match ModelKind::from_name(other) {
            Some(kind) => {
                let specs = recurrent::parse(kind, f, door == Door::Header)?;
                let specs = expert_list::with_experts(f, specs)?;
                (
                    prepared::prepare(f, specs, door == Door::Header, sources)?,
                    recurrent::FIELDS.as_slice(),
                )
            }
            None => return Ok(None),
        },
    }))
}

impl ModelSpec {
    /// One model from words (`chgru hidden=64 lr=0.001`), as `spec_line` and so `.dz`
    /// headers write it.
    pub fn from_words(words: &[String]) -> anyhow::Result<ModelSpec> {
        let value = words_to_yaml(words).map_err(|e| anyhow::anyhow!("compressor spec: {e}"))?;
        one_model(&value, Door::Header).map_err(|e| field_error("compressor spec", e))
    }
}

/// The one model of an entry whose kind is a model kind (a grid of more is an error): the
/// door of `.dz` header words and of command-line flags.
pub(super) fn one_model(value: &serde_yaml_ng::Value, door: Door) -> Result<ModelSpec> {
    let mut found = one_entry(&Node::root(value), door)?;
    if found.len() != 1 {
        return Err(FieldError {
            path: String::new(),
            message: format!(
                "expected one compressor, the lists given expand to {}",
                found.len()
            ),
        });
    }
    Ok(found.remove(0))
}

/// The specs of one entry whose kind is a model kind.
fn one_entry(entry: &Node, door: Door) -> Result<Vec<ModelSpec>> {
    let mut f = entry.fields()?;
    let kind_node = f.require("kind")?;
    let kind = kind_node.as_str()?;
    if kind == "predictor" {
        let specs = predictor::parse(&mut f, true)?;
        f.finish(predictor::HEADER_FIELDS)?;
        return Ok(specs.into_iter().map(ModelSpec::External).collect());
    }
    let Some((specs, allowed)) = parse_from(kind, &mut f, door, None)? else {
        return Err(kind_node.error(format!(
            "unknown compressor kind `{kind}` (expected a model-based one: {})",
            MODEL_KINDS.join(", ")
        )));
    };
    f.finish(allowed)?;
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::yaml::Node;

    /// The labels of the specs a YAML compressor entry expands to.
    fn labels(entry: &str) -> Vec<String> {
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(entry).unwrap();
        let mut f = Node::root(&value).fields().unwrap();
        let kind = f.require("kind").unwrap().as_str().unwrap().to_string();
        let (specs, _) = parse(&kind, &mut f).unwrap().unwrap();
        specs.iter().map(|s| s.label()).collect()
    }

    #[test]
    fn a_list_of_expert_lists_is_a_grid_axis() {
        assert_eq!(
            labels("{kind: chgru, hidden: 8, experts: [order2, match]}"),
            ["chgru-8+match+order2"]
        );
        assert_eq!(
            labels("{kind: chrnn, hidden: [8, 16], experts: [[], [match], [order4, order1]]}"),
            [
                "chrnn-8",
                "chrnn-8+match",
                "chrnn-8+order1+order4",
                "chrnn-16",
                "chrnn-16+match",
                "chrnn-16+order1+order4"
            ]
        );
        assert_eq!(labels("{kind: mixer, experts: [order0]}"), ["mixer+order0"]);
    }

    #[test]
    fn a_predictors_streams_are_a_grid_axis_its_label_names_them() {
        assert_eq!(
            labels("{kind: predictor, name: kt, command: ./kt, streams: [1, 16]}"),
            ["kt", "kt-B16"]
        );
    }
}
