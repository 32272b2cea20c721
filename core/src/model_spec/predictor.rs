//! `kind: predictor`: an outside process as a model-based compressor. A YAML entry or the
//! command line gives its command; a `.dz` header gives only what the process announced (its
//! name and version) and its settings, never a command: a file never makes the harness run a
//! program.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::outside;
use crate::predict::external::{ExternalPredictor, Launch};
use crate::predict::{PredictError, Predictor, Run};
use crate::process::with_experiment_dir;
use crate::yaml::{Fields, Result};

/// The fields of a YAML entry.
pub const FIELDS: &[&str] = &[
    "kind",
    "name",
    "command",
    "streams",
    "params",
    "timeout",
    "idle_timeout",
    "env",
];
/// The fields of a `.dz` header's spec line.
pub const HEADER_FIELDS: &[&str] = &["kind", "name", "version", "streams", "params"];

/// How long an outside predictor may take: its whole run, and sending nothing while the
/// harness waits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub timeout_s: u64,
    pub idle_timeout_s: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout_s: outside::DEFAULT_TIMEOUT_S,
            idle_timeout_s: outside::DEFAULT_IDLE_TIMEOUT_S,
        }
    }
}

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
    /// Seconds it may send nothing while the harness waits for it.
    pub idle_timeout_s: u64,
    pub env: Vec<(String, String)>,
    /// The folder of the experiment file it runs for (a grid's only; not in its label,
    /// params or header), which the process sees as `$DEEPZIP_EXPERIMENT_DIR`.
    pub experiment_dir: Option<PathBuf>,
}

impl ExternalSpec {
    /// An outside predictor from the command line: its command, streams, params (a JSON
    /// object, as text) and limits. Its header takes the name the process announces.
    pub fn from_command(
        command: &str,
        streams: usize,
        params: Option<&str>,
        limits: Limits,
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
            timeout_s: limits.timeout_s,
            idle_timeout_s: limits.idle_timeout_s,
            env: Vec::new(),
            experiment_dir: None,
        })
    }

    /// The limits the user set, for a decode run of a header's spec.
    pub fn limited(self, limits: Limits) -> ExternalSpec {
        ExternalSpec {
            timeout_s: limits.timeout_s,
            idle_timeout_s: limits.idle_timeout_s,
            ..self
        }
    }

    /// The column label: the name, with `-B<streams>` beyond one stream as the built-in
    /// models' labels have it.
    pub fn label(&self) -> String {
        match self.streams {
            1 => self.name.clone(),
            b => format!("{}-B{b}", self.name),
        }
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
            format!("idle_timeout={}", self.idle_timeout_s),
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
        let env = with_experiment_dir(&self.env, self.experiment_dir.as_deref());
        let launch = Launch {
            command,
            env: &env,
            streams: self.streams,
            params: &self.params,
            timeout: Duration::from_secs(self.timeout_s),
            idle: Duration::from_secs(self.idle_timeout_s),
            expect: self.version.as_deref().map(|v| (self.name.as_str(), v)),
            pin: threads == 1,
        };
        Ok(Box::new(ExternalPredictor::start(&launch, run)?))
    }
}

/// One entry's fields: a YAML entry (`header` false), whose `streams` may be a grid axis, or
/// a header's spec line (one spec).
pub fn parse(f: &mut Fields, header: bool) -> Result<Vec<ExternalSpec>> {
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
        None => vec![1],
        Some(n) => n.grid(|v| v.as_u64_in(1..=4096).map(|b| b as usize))?,
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
    let (limits, env) = match header {
        true => (Limits::default(), Vec::new()),
        false => (
            Limits {
                timeout_s: outside::timeout_s(f)?,
                idle_timeout_s: outside::idle_timeout_s(f)?,
            },
            outside::env(f)?,
        ),
    };
    let spec = ExternalSpec {
        name,
        version,
        command,
        streams: 1,
        params,
        timeout_s: limits.timeout_s,
        idle_timeout_s: limits.idle_timeout_s,
        env,
        experiment_dir: None,
    };
    Ok(streams
        .into_iter()
        .map(|streams| ExternalSpec {
            streams,
            ..spec.clone()
        })
        .collect())
}
