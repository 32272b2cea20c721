//! `kind: predictor`: an outside process as a model-based compressor. A YAML entry or the
//! command line gives its command; a `.dz` header gives only what the process announced (its
//! name and version) and its settings, never a command: a file never makes the harness run a
//! program.

use std::time::Duration;

use serde_json::Value;

use super::outside;
use crate::predict::external::{ExternalPredictor, Launch};
use crate::predict::{PredictError, Predictor, Run};
use crate::yaml::{Fields, Result};

/// The fields of a YAML entry.
pub const FIELDS: &[&str] = &[
    "kind", "name", "command", "streams", "params", "timeout", "env",
];
/// The fields of a `.dz` header's spec line.
pub const HEADER_FIELDS: &[&str] = &["kind", "name", "version", "streams", "params"];

#[derive(Debug, Clone, PartialEq)]
pub struct ExternalSpec {
    /// The column label (YAML), or the name the process announced (a header).
    pub name: String,
    /// The version the process announced (a header; a decode run must announce the same).
    pub version: Option<String>,
    /// What `sh -c` runs; from the user only.
    pub command: Option<String>,
    pub streams: usize,
    /// A JSON object handed to the process.
    pub params: Value,
    pub timeout_s: u64,
    pub env: Vec<(String, String)>,
}

impl ExternalSpec {
    /// An outside predictor from the command line: its command, streams and params (a JSON
    /// object, as text). Its header takes the name the process announces.
    pub fn from_command(
        command: &str,
        streams: usize,
        params: Option<&str>,
    ) -> std::result::Result<ExternalSpec, String> {
        let params = match params {
            None => Value::Object(Default::default()),
            Some(text) => serde_json::from_str::<Value>(text)
                .ok()
                .filter(Value::is_object)
                .ok_or_else(|| format!("--params: expected a JSON object, got `{text}`"))?,
        };
        if command.trim().is_empty() {
            return Err("--predictor: expected the command that starts the predictor".into());
        }
        if !(1..=4096).contains(&streams) {
            return Err(format!("--streams: expected 1..=4096, got {streams}"));
        }
        Ok(ExternalSpec {
            name: "predictor".into(),
            version: None,
            command: Some(command.to_string()),
            streams,
            params,
            timeout_s: outside::DEFAULT_TIMEOUT_S,
            env: Vec::new(),
        })
    }

    /// The spec a header records for a process that announced `name` and `version`.
    pub fn announced_as(&self, name: &str, version: &str) -> ExternalSpec {
        ExternalSpec {
            name: name.to_string(),
            version: Some(version.to_string()),
            ..self.clone()
        }
    }

    /// `name="…" [version="…"] streams=… params=…`: name and version quoted (so they read
    /// back as text, `1.0` included), the params as compact JSON with spaces escaped, so the
    /// line stays one word per field.
    pub fn header_fields(&self) -> String {
        let params = self.params.to_string().replace(' ', "\\u0020");
        let version = self
            .version
            .as_ref()
            .map_or(String::new(), |v| format!(" version=\"{v}\""));
        format!(
            "name=\"{}\"{version} streams={} params={params}",
            self.name, self.streams
        )
    }

    /// Every setting, for results.csv.
    pub fn all_fields(&self) -> String {
        let mut words = vec![
            format!("name={}", self.name),
            format!(
                "command=\"{}\"",
                self.command.as_deref().unwrap_or_default()
            ),
            format!("streams={}", self.streams),
            format!("params={}", self.params),
            format!("timeout={}", self.timeout_s),
        ];
        words.extend(self.env.iter().map(|(k, v)| format!("env.{k}=\"{v}\"")));
        words.join(" ")
    }

    /// The process started for `run`; with `threads` 1 it shares one CPU with this thread
    /// (`process::Pin`), with more it runs where the system puts it.
    pub fn predictor(
        &self,
        run: Run,
        threads: usize,
    ) -> std::result::Result<Box<dyn Predictor>, PredictError> {
        let Some(command) = self.command.as_deref() else {
            let version = self.version.as_deref().unwrap_or("?");
            return Err(PredictError(format!(
                "written by the outside predictor `{}` version {version}: give its command \
                 (`--predictor`)",
                self.name
            )));
        };
        let launch = Launch {
            command,
            env: &self.env,
            streams: self.streams,
            params: &self.params,
            timeout: Duration::from_secs(self.timeout_s),
            expect: self.version.as_deref().map(|v| (self.name.as_str(), v)),
            pin: threads == 1,
        };
        Ok(Box::new(ExternalPredictor::start(&launch, run)?))
    }
}

/// One entry's fields: a YAML entry (`header` false) or a header's spec line.
pub fn parse(f: &mut Fields, header: bool) -> Result<ExternalSpec> {
    let name = outside::name(f)?;
    let version = match header {
        true => {
            let node = f.require("version")?;
            Some(node.as_str()?.to_string())
        }
        false => None,
    };
    let command = match header {
        true => None,
        false => {
            let node = f.require("command")?;
            let text = node.as_str()?.trim().to_string();
            if text.is_empty() {
                return Err(node.error("expected the command that starts the predictor"));
            }
            Some(text)
        }
    };
    let streams = match f.take("streams") {
        None => 1,
        Some(n) => n.as_u64_in(1..=4096)? as usize,
    };
    let params = match f.take("params") {
        None => Value::Object(Default::default()),
        Some(n) => {
            let value = serde_json::to_value(n.value())
                .map_err(|e| n.error(format!("expected a mapping of JSON values ({e})")))?;
            if !value.is_object() {
                return Err(n.error(format!(
                    "expected a mapping (handed to the process as a JSON object), got {}",
                    n.show()
                )));
            }
            value
        }
    };
    let (timeout_s, env) = match header {
        true => (outside::DEFAULT_TIMEOUT_S, Vec::new()),
        false => (outside::timeout_s(f)?, outside::env(f)?),
    };
    Ok(ExternalSpec {
        name,
        version,
        command,
        streams,
        params,
        timeout_s,
        env,
    })
}
