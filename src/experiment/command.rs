//! `kind: command` entries: a command-line compressor's name, templates and limits.

use crate::command::CommandSpec;
use deepzip_core::yaml::{Fields, Node, Result};

pub const FIELDS: &[&str] = &[
    "kind",
    "name",
    "compress",
    "decompress",
    "encoding",
    "timeout",
    "env",
];

/// Seconds a command may run when the entry does not say.
const DEFAULT_TIMEOUT_S: u64 = 3600;

pub fn parse(f: &mut Fields) -> Result<CommandSpec> {
    let name_node = f.require("name")?;
    let name = name_node.as_str()?.to_string();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(name_node.error(format!(
            "expected a name without spaces (it labels the table column), got \"{name}\""
        )));
    }
    let template = |f: &mut Fields, key: &str| -> Result<String> {
        let node = f.require(key)?;
        let text = node.as_str()?.to_string();
        for slot in ["{in}", "{out}"] {
            if !text.contains(slot) {
                return Err(node.error(format!(
                    "expected a command with {{in}} and {{out}} (the input and output files), \
                     got \"{text}\" without {slot}"
                )));
            }
        }
        Ok(text)
    };
    let compress = template(f, "compress")?;
    let decompress = template(f, "decompress")?;
    let packed = match f.take("encoding") {
        None => false,
        Some(n) => match n.as_str()? {
            "bytes" => false,
            "packed" => true,
            other => {
                return Err(n.error(format!(
                    "expected `bytes` (one byte per symbol) or `packed` (bit-packed small \
                     alphabets), got `{other}`"
                )))
            }
        },
    };
    let timeout_s = match f.take("timeout") {
        None => DEFAULT_TIMEOUT_S,
        Some(n) => n.as_u64_in(1..=30 * 24 * 3600)?,
    };
    let env = match f.take("env") {
        None => Vec::new(),
        Some(n) => env(&n)?,
    };
    Ok(CommandSpec {
        name,
        compress,
        decompress,
        packed,
        timeout_s,
        env,
    })
}

/// `env:`: a mapping of variable names to string (or number) values.
fn env(node: &Node) -> Result<Vec<(String, String)>> {
    node.fields()?
        .rest()
        .into_iter()
        .map(|(key, value)| {
            let text = match value.as_str() {
                Ok(s) => s.to_string(),
                Err(_) => value.as_f64().map(|v| v.to_string())?,
            };
            Ok((key, text))
        })
        .collect()
}
