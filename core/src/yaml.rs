//! A thin walker over a parsed YAML tree that remembers where it is, so every error names the
//! YAML path (`sources[2].k`) and what was expected, and that rejects unknown fields.

use std::collections::BTreeMap;

use serde_yaml_ng::Value;

/// A problem at one place of the YAML document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, FieldError>;

/// One value of the document and its path.
#[derive(Clone)]
pub struct Node<'a> {
    value: &'a Value,
    path: String,
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("\"{s}\""),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

impl<'a> Node<'a> {
    pub fn root(value: &'a Value) -> Self {
        Node {
            value,
            path: String::new(),
        }
    }

    /// The value itself, for fields handed on unchanged (an outside predictor's `params`).
    pub fn value(&self) -> &'a Value {
        self.value
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn error(&self, message: impl Into<String>) -> FieldError {
        FieldError {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> FieldError {
        self.error(format!("expected {what}, got {}", describe(self.value)))
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self.value, Value::Sequence(_))
    }

    pub fn as_str(&self) -> Result<&'a str> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    pub fn as_bool(&self) -> Result<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.expected("true or false"))
    }

    pub fn as_f64(&self) -> Result<f64> {
        self.value.as_f64().ok_or_else(|| self.expected("a number"))
    }

    /// A non-negative integer in `range`; `1e6` counts as an integer when it is one exactly.
    pub fn as_u64_in(&self, range: std::ops::RangeInclusive<u64>) -> Result<u64> {
        let expected = || {
            self.expected(&format!(
                "an integer in {}..={}",
                range.start(),
                range.end()
            ))
        };
        let v = match self.value.as_u64() {
            Some(v) => v,
            None => match self.value.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => f as u64,
                _ => return Err(expected()),
            },
        };
        if range.contains(&v) {
            Ok(v)
        } else {
            Err(expected())
        }
    }

    /// The items of a list, each with its indexed path.
    pub fn items(&self) -> Result<Vec<Node<'a>>> {
        let Value::Sequence(seq) = self.value else {
            return Err(self.expected("a list"));
        };
        Ok(seq
            .iter()
            .enumerate()
            .map(|(i, value)| Node {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    /// A grid axis: a scalar gives one value, a non-empty list one value per item, each
    /// converted by `item`.
    /// A value listed twice is refused (it would give two jobs with one key, the second
    /// result overwriting the first).
    pub fn grid<T: PartialEq>(&self, item: impl Fn(&Node<'a>) -> Result<T>) -> Result<Vec<T>> {
        if !self.is_sequence() {
            return item(self).map(|x| vec![x]);
        }
        let items = self.items()?;
        if items.is_empty() {
            return Err(self.error("expected a value or a non-empty list of values, got []"));
        }
        let values: Vec<T> = items.iter().map(item).collect::<Result<_>>()?;
        for (i, v) in values.iter().enumerate() {
            if let Some(j) = values[..i].iter().position(|u| u == v) {
                return Err(items[i].error(format!(
                    "`{}` repeats {}: list each value once (for repeated runs, add seeds)",
                    items[i].show(),
                    items[j].path
                )));
            }
        }
        Ok(values)
    }

    /// The value as YAML text, on one line.
    pub fn show(&self) -> String {
        serde_yaml_ng::to_string(self.value)
            .map(|s| s.trim().replace('\n', " "))
            .unwrap_or_default()
    }

    /// The fields of a mapping, for taking one by one.
    pub fn fields(&self) -> Result<Fields<'a>> {
        let Value::Mapping(map) = self.value else {
            return Err(self.expected("a mapping of fields"));
        };
        let mut entries = BTreeMap::new();
        for (k, v) in map {
            let key = k.as_str().ok_or_else(|| {
                self.error(format!("field names must be strings, got {}", describe(k)))
            })?;
            entries.insert(key.to_string(), v);
        }
        Ok(Fields {
            path: self.path.clone(),
            entries,
        })
    }
}

impl<'a> Fields<'a> {
    /// Every field left, in name order (for mappings of free names, such as `env`).
    pub fn rest(mut self) -> Vec<(String, Node<'a>)> {
        let keys: Vec<String> = self.entries.keys().cloned().collect();
        keys.into_iter()
            .map(|k| {
                let node = self.take(&k).expect("listed");
                (k, node)
            })
            .collect()
    }
}

/// The fields of one mapping. Take each known field, then call `finish` to reject the rest.
pub struct Fields<'a> {
    path: String,
    entries: BTreeMap<String, &'a Value>,
}

impl<'a> Fields<'a> {
    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Removes `key` and returns its value, if present.
    pub fn take(&mut self, key: &str) -> Option<Node<'a>> {
        let value = self.entries.remove(key)?;
        Some(Node {
            value,
            path: self.child_path(key),
        })
    }

    /// The error of a required field that is missing, with why it is needed, at the field's
    /// own path (so a flag door names the flag).
    pub fn missing(&self, key: &str, why: &str) -> FieldError {
        FieldError {
            path: self.child_path(key),
            message: format!("missing: {why}"),
        }
    }

    /// Removes a required field.
    pub fn require(&mut self, key: &str) -> Result<Node<'a>> {
        self.take(key).ok_or_else(|| FieldError {
            path: if self.path.is_empty() {
                "(top level)".into()
            } else {
                self.path.clone()
            },
            message: format!("missing required field `{key}`"),
        })
    }

    /// Fails if any field was not taken, listing what is allowed.
    pub fn finish(self, allowed: &[&str]) -> Result<()> {
        match self.entries.keys().next() {
            None => Ok(()),
            Some(key) => Err(FieldError {
                path: self.child_path(key),
                message: format!(
                    "unknown field `{key}` (expected one of: {})",
                    allowed.join(", ")
                ),
            }),
        }
    }
}

/// A YAML mapping from command-line words: a kind, then `key=value` fields whose values are
/// read as YAML (`markov k=20 noise=0.1`).
pub fn words_to_yaml(words: &[String]) -> anyhow::Result<serde_yaml_ng::Value> {
    let (kind, fields) = words
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("missing the kind"))?;
    let mut map = serde_yaml_ng::Mapping::new();
    map.insert("kind".into(), kind.as_str().into());
    for word in fields {
        let (key, value) = word
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("field `{word}`: expected key=value"))?;
        let value: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(value).map_err(|e| anyhow::anyhow!("field `{key}`: {e}"))?;
        map.insert(key.into(), value);
    }
    Ok(serde_yaml_ng::Value::Mapping(map))
}

pub fn field_error(what: &str, e: FieldError) -> anyhow::Error {
    let path = e.path.trim_start_matches('.');
    if path.is_empty() {
        anyhow::anyhow!("{what}: {}", e.message)
    } else {
        anyhow::anyhow!("{what}: `{path}`: {}", e.message)
    }
}
