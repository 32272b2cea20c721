//! How a model-based compressor is named: its column label in tables, its settings as
//! `key=value` pairs, and the spec line a `.dz` header stores.

use super::expert_list::names;
use super::model::ModelSpec;
use crate::predict::cm::declared::NEURAL;
use neural::ModelKind;

impl ModelSpec {
    /// Column name in tables: the kind plus what distinguishes it in a grid.
    pub fn label(&self) -> String {
        match self {
            ModelSpec::Order { k } => format!("order-{k}"),
            ModelSpec::Cm { config, neural } => match neural {
                Some(m) => format!("{}+{}", config.label(), m.spec().label()),
                None => config.label(),
            },
            ModelSpec::Neural(n) => neural_label(n),
            ModelSpec::Transformer(t) => transformer_label(t),
            ModelSpec::External(e) => e.label(),
            ModelSpec::Mixed { model, experts } => format!(
                "{}+{}",
                model
                    .as_ref()
                    .map_or("mixer".to_string(), |m| m.spec().label()),
                names(experts, "+")
            ),
            ModelSpec::Prepared(p) => p.label(),
        }
    }

    /// Every setting, as `key=value` pairs.
    pub fn params(&self) -> String {
        match self {
            ModelSpec::Order { k } => format!("k={k}"),
            ModelSpec::Cm { config, neural } => {
                let mut words = config.words(true);
                if let Some(m) = neural {
                    words.push(format!("{NEURAL}={}", m.spec().kind()));
                    words.push(m.spec().params());
                }
                words.join(" ")
            }
            ModelSpec::Neural(n) => join_settings(n.settings()),
            ModelSpec::Transformer(t) => join_settings(t.settings()),
            ModelSpec::External(e) => e.all_fields(),
            ModelSpec::Mixed { model, experts } => {
                let experts = format!("experts={}", names(experts, ","));
                match model {
                    Some(m) => format!("{} {experts}", m.spec().params()),
                    None => experts,
                }
            }
            ModelSpec::Prepared(p) => p.params(),
        }
    }

    /// `kind key=value …` with the YAML field names: what a `.dz` header stores, and what
    /// `ModelSpec::from_words` reads back. A neural model names its hidden size and the
    /// settings that differ from its recipe's defaults (each a byte of every header).
    pub fn spec_line(&self) -> String {
        match self {
            ModelSpec::Neural(n) => {
                let mut words = vec![("hidden", n.hidden.to_string())];
                words.extend(
                    n.changed_settings()
                        .into_iter()
                        .filter(|(k, _)| *k != "hidden"),
                );
                format!("{} {}", self.kind(), join_settings(words))
            }
            // Its defaults hold for every version that knows the kind; each differing
            // setting is written.
            ModelSpec::Transformer(t) => {
                let words = t.changed_settings();
                format!("{} {}", self.kind(), join_settings(words))
                    .trim_end()
                    .to_string()
            }
            ModelSpec::Order { .. } => format!("{} {}", self.kind(), self.params()),
            // Only the settings that differ from their defaults.
            // Only the settings that differ from their defaults; then the neural input's kind
            // and its words.
            ModelSpec::Cm { config, neural } => {
                let mut words = vec!["cm".to_string()];
                words.extend(config.words(false));
                if let Some(m) = neural {
                    let line = m.spec().spec_line();
                    let (kind, rest) = line.split_once(' ').unwrap_or((&line, ""));
                    words.push(format!("{NEURAL}={kind}"));
                    words.extend(rest.split_whitespace().map(str::to_string));
                }
                words.join(" ")
            }
            // The command is never written: a file never makes the harness run a program.
            ModelSpec::External(e) => format!("{} {}", self.kind(), e.header_fields()),
            ModelSpec::Mixed { model, experts } => {
                let experts = format!("experts=[{}]", names(experts, ","));
                match model {
                    Some(m) => format!("{} {experts}", m.spec().spec_line()),
                    None => format!("mixer {experts}"),
                }
            }
            ModelSpec::Prepared(p) => p.spec_line(),
        }
    }
}

/// `chgru-128`, `feat-50-h128`, plus the recipe where it is not the kind's default and every
/// setting that differs from the recipe's, so the cells of a grid over settings get distinct
/// columns.
fn neural_label(n: &neural::Config) -> String {
    let mut label = match n.kind {
        ModelKind::Feat => format!("feat-{}-h{}", n.window, n.hidden),
        kind => format!("{}-{}", kind.name(), n.hidden),
    };
    for (key, value) in n.changed_settings() {
        match key {
            "hidden" | "window" => {}
            "recipe" => label.push_str(&format!("-{value}")),
            _ => {
                let short = neural::declared::recurrent::setting(key)
                    .and_then(|s| s.label)
                    .unwrap_or(key);
                label.push_str(&format!("-{short}{value}"));
            }
        }
    }
    label
}

/// `transformer-L2-d64`, plus every setting that differs from the defaults.
fn transformer_label(t: &neural::TransformerConfig) -> String {
    let mut label = format!("transformer-L{}-d{}", t.layers, t.d_model);
    for (key, value) in t.changed_settings() {
        if key == "layers" || key == "d_model" {
            continue;
        }
        let short = neural::declared::transformer::setting(key)
            .and_then(|s| s.label)
            .unwrap_or(key);
        label.push_str(&format!("-{short}{value}"));
    }
    label
}

/// `key=value key=value …`.
fn join_settings(settings: Vec<(&'static str, String)>) -> String {
    settings
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}
