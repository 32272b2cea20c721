//! The model settings as command-line flags: one clap struct that `bench compress` and `bench
//! speed` flatten, turned into a `ModelSpec` by the same field parser as a YAML entry and a
//! `.dz` header, with no string in between (the flags serialise to the YAML mapping that
//! parser walks). The models' settings are generated from their declarations
//! (`neural::declared`: name, type, help); the recipe and the experts are declared here.
//! Bounds live with the parser (the declaration's).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::predict::cm::declared::{self as cm, NEURAL};
use clap::Args;
use neural::declared::{recurrent, transformer, Type};
use serde::{Deserialize, Serialize};

use super::model::ModelSpec;
use super::parse::{one_model, takes, Door, MODEL_KINDS};
use super::prior::{self, spec::FAMILY, BLOCK};
use crate::yaml::FieldError;

/// A built-in model's settings; each is left to the recipe's or kind's default when not
/// given. The fields are the YAML fields of docs/yaml.md: the models' settings come from their
/// declarations (`neural::declared`, as `declared`), the rest are here.
#[derive(Debug, Clone, Default, Args, Serialize, Deserialize)]
#[group(id = "model_settings", multiple = true)]
pub struct ModelFlags {
    #[command(flatten)]
    #[serde(flatten)]
    pub declared: Declared,
    /// Training recipe whose defaults the other settings start from: deepzip (the report's
    /// code; default for chrnn, chgru, feat) or tuned (this harness's earlier tuning).
    #[arg(long)]
    pub recipe: Option<String>,
    /// Retired (the parser says what replaces it): `--experts order0`.
    #[arg(long, hide = true)]
    pub mix: Option<String>,
    /// Experts mixed with the model (docs/mixing.md), comma-separated: match, order0 …
    /// order24; with `-m mixer`, the experts alone.
    #[arg(long, value_delimiter = ',')]
    pub experts: Option<Vec<String>>,
    /// A neural model whose distribution cm mixes as one of its inputs (docs/cm.md): chrnn,
    /// chgru, lstm, feat or transformer, with that kind's flags (`--hidden 64`); `none`: cm
    /// alone. Without -m, bench compress gives cm a ChGRU (recipe tuned).
    #[arg(long)]
    pub neural: Option<String>,
}

/// The flags of the declared settings (`neural::declared`'s tables, the settings with `flag`):
/// each named like its YAML field, typed and helped as declared (a name both families declare
/// is one flag, helped as the recurrent table says), the values given kept by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Declared(pub BTreeMap<String, serde_yaml_ng::Value>);

impl Declared {
    /// Sets `name` to `value` (as a flag would).
    pub fn set(&mut self, name: &str, value: impl Into<serde_yaml_ng::Value>) {
        self.0.insert(name.to_string(), value.into());
    }

    /// Each offered flag's key (its YAML field or header word), help and type, once.
    fn offered() -> &'static [(&'static str, &'static str, Type)] {
        &OFFERED
    }

    /// Whether a prior's flag (`--pretrain-…`) is among them.
    pub fn has_prior(&self) -> bool {
        self.0.keys().any(|k| k.starts_with(&format!("{BLOCK}.")))
    }
}

/// The declared flags: the models' settings (a name both families declare once, helped as
/// the recurrent table says), then the prior's (`--pretrain-NAME`, the header word
/// `pretrain.NAME`) and the family it trains on.
static OFFERED: LazyLock<Vec<(&'static str, &'static str, Type)>> = LazyLock::new(|| {
    let recurrent = recurrent::SETTINGS.iter().filter(|s| s.flag);
    let mut offered: Vec<_> = recurrent.map(|s| (s.name, s.help, s.value)).collect();
    let transformer = transformer::SETTINGS
        .iter()
        .map(|s| (s.flag, s.name, s.help, s.value));
    let cm = cm::SETTINGS
        .iter()
        .map(|s| (s.flag, s.name, s.help, s.value));
    for (flag, name, help, value) in transformer.chain(cm) {
        if flag && !offered.iter().any(|(n, _, _)| *n == name) {
            offered.push((name, help, value));
        }
    }
    // A flag's names live as long as the program: a few small strings per setting.
    let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
    for s in prior::spec::SETTINGS.iter().filter(|s| s.flag) {
        offered.push((leak(format!("{BLOCK}.{}", s.name)), s.help, s.value));
    }
    offered.push((
        leak(format!("{BLOCK}.{FAMILY}")),
        "The family a prior on the family trains on, as results.csv's source_params writes \
         it with `;` for spaces (`M=2;order=1;alpha=1`)",
        Type::Words(&[]),
    ));
    offered
});

impl clap::FromArgMatches for Declared {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = Declared::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for &(name, _, value) in Declared::offered() {
            let value: Option<serde_yaml_ng::Value> = match value {
                Type::Count { .. } => matches.get_one::<u64>(name).map(|&v| v.into()),
                Type::Real { .. } => matches.get_one::<f64>(name).map(|&v| v.into()),
                Type::Words(_) => matches.get_one::<String>(name).map(|v| v.as_str().into()),
            };
            if let Some(value) = value {
                self.set(name, value);
            }
        }
        Ok(())
    }
}

impl Args for Declared {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.args(Declared::offered().iter().map(|&(name, help, value)| {
            // A flag's names live as long as the program: two small strings per setting.
            let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
            let setting = name.rsplit('.').next().expect("a name");
            let arg = clap::Arg::new(name)
                .long(leak(flag_name(name)))
                .value_name(leak(setting.to_uppercase()))
                .help(help)
                .group("model_settings");
            match value {
                Type::Count { .. } => arg.value_parser(clap::value_parser!(u64)),
                Type::Real { .. } => arg
                    .value_parser(clap::value_parser!(f64))
                    .allow_negative_numbers(true),
                Type::Words(_) => arg.value_parser(clap::value_parser!(String)),
            }
        }))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Declared::augment_args(cmd)
    }
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
const NAMES: &str = "chgru, chrnn, lstm, feat, transformer, cm, mixer or order-K";

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
                    let key = flag_name(key.as_str().unwrap_or_default());
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
                if name == "cm" {
                    refuse_other_than_cm(&fields, streams)?;
                }
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

/// Refuses a flag of the neural models given to `cm` (the default of `bench compress`) without
/// a neural input (`--neural`), naming cm's own.
fn refuse_other_than_cm(
    fields: &serde_yaml_ng::Mapping,
    streams: Option<u32>,
) -> anyhow::Result<()> {
    if streams.is_some() {
        anyhow::bail!("--streams does not apply to `cm`: it codes one stream, bit by bit");
    }
    // With a neural input, its kind's flags apply too (its entry's parser checks them).
    if fields
        .get(NEURAL)
        .is_some_and(|n| n.as_str() != Some("none"))
    {
        return Ok(());
    }
    let key = fields
        .keys()
        .filter_map(|k| k.as_str())
        .find(|k| *k != NEURAL && !cm::SETTINGS.iter().any(|s| s.name == *k));
    if let Some(key) = key {
        let own: Vec<String> = cm::SETTINGS
            .iter()
            .map(|s| s.name)
            .chain([NEURAL])
            .map(|name| format!("--{}", flag_name(name)))
            .collect();
        anyhow::bail!(
            "--{} does not apply to `cm` (the model without -m; its flags: {}); name another \
             model with -m, or give cm a neural input with --neural",
            flag_name(key),
            own.join(", ")
        );
    }
    Ok(())
}

/// The flag of a key: `update_bias` is `--update-bias`, `pretrain.on` `--pretrain-on`.
fn flag_name(key: &str) -> String {
    key.replace(['_', '.'], "-")
}

/// A field's error as the flag that gave it (`--update-bias: …`).
fn flag_error(name: &str, e: FieldError) -> anyhow::Error {
    let path = e.path.trim_start_matches('.');
    let field = match Declared::offered().iter().find(|o| o.0 == path) {
        Some(_) => Some(path),
        None => path.split(['.', '[']).next(),
    };
    match field {
        Some("") | Some("kind") | None => anyhow::anyhow!("-m {name}: {}", e.message),
        Some(field) => {
            let at = if path == field {
                String::new()
            } else {
                format!(" (`{path}`)")
            };
            anyhow::anyhow!("--{}{at}: {}", flag_name(field), e.message)
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

    /// The flags of a command line (the declared ones are clap's too).
    fn parsed(line: &str) -> ModelFlags {
        #[derive(clap::Parser)]
        struct Line {
            #[command(flatten)]
            flags: ModelFlags,
        }
        let words = std::iter::once("bench").chain(line.split_whitespace());
        <Line as clap::Parser>::try_parse_from(words).unwrap().flags
    }

    #[test]
    fn each_kind_takes_the_flags_that_apply_to_it() {
        let flags = parsed("--hidden 16 --window 8 --update-bias 0.5 --d-model 32 --experts match");
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
        let flags = parsed("--hidden 32 --update-bias -0.5 --lr 0.001 --experts order2,match");
        assert_eq!(
            ModelSpec::from_flags("chgru", &flags, Some(4)).unwrap(),
            words("chgru hidden=32 update_bias=-0.5 lr=0.001 streams=4 experts=[match,order2]")
        );
        let transformer = parsed("--d-model 16 --heads 2 --leak 0");
        assert_eq!(
            ModelSpec::from_flags("transformer", &transformer, None).unwrap(),
            words("transformer d_model=16 heads=2 leak=0")
        );
        // cm takes a neural input's flags with `--neural`.
        let with_input = parsed("--order 3 --neural chgru --hidden 16 --recipe tuned");
        assert_eq!(
            ModelSpec::from_flags("cm", &with_input, None).unwrap(),
            words("cm order=3 neural=chgru hidden=16 recipe=tuned")
        );
        let order = ModelSpec::from_flags("order-3", &ModelFlags::default(), None).unwrap();
        assert_eq!(order, ModelSpec::Order { k: 3 });
        // A prior's flags are its header words.
        let stored = parsed("--hidden 16 --pretrain-on self --pretrain-precision f16");
        assert_eq!(
            ModelSpec::from_flags("chrnn", &stored, None).unwrap(),
            words("chrnn hidden=16 pretrain.on=self pretrain.precision=f16")
        );
        let family = parsed("--pretrain-sequences 4 --pretrain-family M=2;order=1;alpha=1");
        assert_eq!(
            ModelSpec::from_flags("lstm", &family, None).unwrap(),
            words(
                "lstm pretrain.on=family pretrain.sequences=4 pretrain.family=M=2;order=1;alpha=1"
            )
        );
        assert!(stored.declared.has_prior() && !parsed("--hidden 8").declared.has_prior());
    }

    #[test]
    fn an_error_names_the_flag_that_gave_the_value() {
        let error = |name: &str, flags: ModelFlags| {
            ModelSpec::from_flags(name, &flags, None)
                .unwrap_err()
                .to_string()
        };
        let bias = parsed("--update-bias 1");
        assert_eq!(
            error("chrnn", bias.clone()),
            "--update-bias: applies to the GRU models (`chgru`, `feat`) only"
        );
        assert_eq!(
            error("order-2", bias),
            "--update-bias applies to the neural models, not to `order-2`"
        );
        assert!(
            error("chrnn", parsed("--pretrain-on self --pretrain-batch 2"))
                .starts_with("--pretrain-batch: `batch` is a setting of a prior on the family")
        );
        assert_eq!(
            error("order-2", parsed("--pretrain-epochs 2")),
            "--pretrain-epochs applies to the neural models, not to `order-2`"
        );
        let heads = parsed("--d-model 10 --heads 3");
        assert!(error("transformer", heads).starts_with("--heads: d_model 10 is not a multiple"));
        assert!(error("gzip", ModelFlags::default()).starts_with("-m gzip: expected chgru"));
        assert!(error("order-x", ModelFlags::default()).contains("K a number"));
    }
}
