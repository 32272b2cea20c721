//! The model settings as command-line flags: one clap struct that `bench compress` and `bench
//! speed` flatten, turned into a `ModelSpec` by the
//! same field parser as a YAML entry and a `.dz` header, with no string in between (the
//! flags serialise to the YAML mapping that parser walks). A flag's name, type and help live
//! here only; its bounds and defaults live with its parser.

use clap::Args;
use serde::{Deserialize, Serialize};

use super::model::ModelSpec;
use super::parse::{one_model, takes, Door, MODEL_KINDS};
use crate::yaml::FieldError;

/// A built-in model's settings; each is left to the recipe's or kind's default when not
/// given. The fields are the YAML fields of docs/yaml.md.
#[derive(Debug, Clone, Default, Args, Serialize, Deserialize)]
#[group(id = "model_settings", multiple = true)]
pub struct ModelFlags {
    /// Hidden cells (neural models).
    #[arg(long)]
    pub hidden: Option<u32>,
    /// Stacked layers (neural models).
    #[arg(long)]
    pub layers: Option<u32>,
    /// Past positions each position attends to, itself included (transformer).
    #[arg(long)]
    pub context: Option<u32>,
    /// Width of the residual stream (transformer).
    #[arg(long)]
    pub d_model: Option<u32>,
    /// Attention heads, dividing d_model (transformer).
    #[arg(long)]
    pub heads: Option<u32>,
    /// Positions predicted with one set of weights before each Adam step (transformer).
    #[arg(long)]
    pub segment: Option<u32>,
    /// Past symbols fed to feat.
    #[arg(long)]
    pub window: Option<u32>,
    /// Embedding size per input symbol (neural models; 0 = one-hot).
    #[arg(long)]
    pub embed: Option<u32>,
    /// Context-count features for the orders 1..=N (feat).
    #[arg(long)]
    pub contexts: Option<u32>,
    /// Truncated-BPTT length.
    #[arg(long)]
    pub bptt: Option<u32>,
    /// Training recipe whose defaults the other settings start from: deepzip (the report's
    /// code; default for chrnn, chgru, feat) or tuned (this harness's earlier tuning).
    #[arg(long)]
    pub recipe: Option<String>,
    /// Weight initialisation: glorot, orthogonal (recurrent kernels) or fan_in.
    #[arg(long)]
    pub init: Option<String>,
    /// Where the GRU's reset gate acts: before or after the recurrent product (chgru, feat).
    #[arg(long)]
    pub reset: Option<String>,
    /// Retired (the parser says what replaces it): `--experts order0`.
    #[arg(long, hide = true)]
    pub mix: Option<String>,
    /// Experts mixed with the model (docs/mixing.md), comma-separated: match, order0 …
    /// order24; with `-m mixer`, the experts alone.
    #[arg(long, value_delimiter = ',')]
    pub experts: Option<Vec<String>>,
    /// Scale of the initial recurrent weights (neural models).
    #[arg(long)]
    pub recurrent_gain: Option<f64>,
    /// Initial bias of the GRU update gate z (chgru, feat).
    #[arg(long, allow_negative_numbers = true)]
    pub update_bias: Option<f64>,
    /// Adam learning rate.
    #[arg(long)]
    pub lr: Option<f64>,
    /// Symbols whose embeddings make up each position's input (transformer).
    #[arg(long)]
    pub ngram: Option<u32>,
    /// Slope of the feed-forward activation below 0; 0 is a ReLU (transformer).
    #[arg(long)]
    pub leak: Option<f64>,
    /// Learning rate of the per-distance attention biases, as a multiple of --lr
    /// (transformer).
    #[arg(long)]
    pub distance_lr: Option<f64>,
    /// Adam's first-moment decay.
    #[arg(long)]
    pub beta1: Option<f64>,
    /// Adam's second-moment decay.
    #[arg(long)]
    pub beta2: Option<f64>,
    /// Global gradient-norm clip (0 = off).
    #[arg(long)]
    pub clip: Option<f64>,
    /// Training schedule: online (B streams are B parts of the input) or sliding (B rows are
    /// the input delayed by 0..B-1 symbols, each symbol a target B times).
    #[arg(long)]
    pub schedule: Option<String>,
}

impl ModelFlags {
    /// Only the settings the model `name` takes (`bench speed` measures several kinds with
    /// one set of flags: `--hidden` for the recurrent models, `--window` for Feat).
    pub fn applying_to(&self, name: &str) -> ModelFlags {
        let serde_yaml_ng::Value::Mapping(mut fields) =
            serde_yaml_ng::to_value(self).expect("flags serialise")
        else {
            unreachable!("a struct serialises to a mapping")
        };
        fields.retain(|k, _| k.as_str().is_some_and(|k| takes(name, k)));
        serde_yaml_ng::from_value(serde_yaml_ng::Value::Mapping(fields))
            .expect("a subset of the flags reads back")
    }
}

/// The models `-m` names: the model-based compressor kinds, with `order-K` for `order`.
const NAMES: &str = "chgru, chrnn, lstm, feat, transformer, mixer or order-K";

impl ModelSpec {
    /// The model `-m NAME` (a model kind, or `order-K`) with these settings and `streams`
    /// parallel streams (the kind's default when `None`).
    pub fn from_flags(
        name: &str,
        flags: &ModelFlags,
        streams: Option<u32>,
    ) -> anyhow::Result<ModelSpec> {
        let value = serde_yaml_ng::to_value(flags)?;
        let serde_yaml_ng::Value::Mapping(mut fields) = value else {
            unreachable!("a struct serialises to a mapping")
        };
        // The flags not given are left to the parser's defaults.
        fields.retain(|_, v| !v.is_null());
        let mut entry = serde_yaml_ng::Mapping::new();
        match name.strip_prefix("order-") {
            Some(k) => {
                let k: u64 = k
                    .parse()
                    .map_err(|_| anyhow::anyhow!("-m {name}: expected order-K, K a number"))?;
                if let Some((key, _)) = fields.iter().next() {
                    let key = key.as_str().unwrap_or_default().replace('_', "-");
                    anyhow::bail!("--{key} applies to the neural models, not to `{name}`");
                }
                entry.insert("kind".into(), "order".into());
                entry.insert("k".into(), k.into());
            }
            None if ["order", "predictor"].contains(&name) || !MODEL_KINDS.contains(&name) => {
                anyhow::bail!(
                    "-m {name}: expected {NAMES} (the model-based compressors, which write .dz files)"
                )
            }
            None => {
                entry.insert("kind".into(), name.into());
            }
        }
        if let Some(streams) = streams {
            fields.insert("streams".into(), streams.into());
        }
        entry.extend(fields);
        one_model(&serde_yaml_ng::Value::Mapping(entry), Door::Yaml)
            .map_err(|e| flag_error(name, e))
    }
}

/// A field's error as the flag that gave it (`--update-bias: …`).
fn flag_error(name: &str, e: FieldError) -> anyhow::Error {
    let path = e.path.trim_start_matches('.');
    match path.split(['.', '[']).next() {
        Some("") | Some("kind") | None => anyhow::anyhow!("-m {name}: {}", e.message),
        Some(field) => {
            let at = if path == field {
                String::new()
            } else {
                format!(" (`{path}`)")
            };
            anyhow::anyhow!("--{}{at}: {}", field.replace('_', "-"), e.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ModelFlags, ModelSpec};

    fn words(line: &str) -> ModelSpec {
        let words: Vec<String> = line.split(' ').map(String::from).collect();
        ModelSpec::from_words(&words).unwrap()
    }

    #[test]
    fn each_kind_takes_the_flags_that_apply_to_it() {
        let flags = ModelFlags {
            hidden: Some(16),
            window: Some(8),
            update_bias: Some(0.5),
            d_model: Some(32),
            experts: Some(vec!["match".into()]),
            ..ModelFlags::default()
        };
        let given = |name: &str| {
            let f = flags.applying_to(name);
            let v = serde_yaml_ng::to_value(&f).unwrap();
            let mut keys: Vec<String> = v
                .as_mapping()
                .unwrap()
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.as_str().unwrap().to_string())
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(given("chrnn"), ["experts", "hidden"]);
        assert_eq!(given("chgru"), ["experts", "hidden", "update_bias"]);
        assert_eq!(
            given("feat"),
            ["experts", "hidden", "update_bias", "window"]
        );
        assert_eq!(given("transformer"), ["d_model", "experts"]);
        assert_eq!(given("mixer"), ["experts"]);
        assert!(given("order-3").is_empty());
    }

    #[test]
    fn flags_give_the_model_that_header_words_give() {
        let flags = ModelFlags {
            hidden: Some(32),
            update_bias: Some(-0.5),
            lr: Some(0.001),
            experts: Some(vec!["order2".into(), "match".into()]),
            ..ModelFlags::default()
        };
        assert_eq!(
            ModelSpec::from_flags("chgru", &flags, Some(4)).unwrap(),
            words("chgru hidden=32 update_bias=-0.5 lr=0.001 streams=4 experts=[match,order2]")
        );
        let transformer = ModelFlags {
            d_model: Some(16),
            heads: Some(2),
            leak: Some(0.0),
            ..ModelFlags::default()
        };
        assert_eq!(
            ModelSpec::from_flags("transformer", &transformer, None).unwrap(),
            words("transformer d_model=16 heads=2 leak=0")
        );
        let order = ModelSpec::from_flags("order-3", &ModelFlags::default(), None).unwrap();
        assert_eq!(order, ModelSpec::Order { k: 3 });
    }

    #[test]
    fn an_error_names_the_flag_that_gave_the_value() {
        let error = |name: &str, flags: ModelFlags| {
            ModelSpec::from_flags(name, &flags, None)
                .unwrap_err()
                .to_string()
        };
        let bias = ModelFlags {
            update_bias: Some(1.0),
            ..ModelFlags::default()
        };
        assert_eq!(
            error("chrnn", bias.clone()),
            "--update-bias: applies to the GRU models (`chgru`, `feat`) only"
        );
        assert_eq!(
            error("order-2", bias),
            "--update-bias applies to the neural models, not to `order-2`"
        );
        let heads = ModelFlags {
            d_model: Some(10),
            heads: Some(3),
            ..ModelFlags::default()
        };
        assert!(error("transformer", heads).starts_with("--heads: d_model 10 is not a multiple"));
        assert!(error("gzip", ModelFlags::default()).starts_with("-m gzip: expected chgru"));
        assert!(error("order-x", ModelFlags::default()).contains("K a number"));
    }
}
