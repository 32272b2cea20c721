//! Fields every outside process's entry has (`kind: command`, `kind: predictor`): its name,
//! its time limit and its extra environment.

use crate::yaml::{Fields, Node, Result};

/// Seconds a process may run when the entry does not say.
pub const DEFAULT_TIMEOUT_S: u64 = 3600;

/// Seconds an outside predictor may send nothing while the harness waits for it.
pub const DEFAULT_IDLE_TIMEOUT_S: u64 = 60;

/// `name`: the column label, without spaces.
pub fn name(f: &mut Fields) -> Result<String> {
    let node = f.require("name")?;
    let name = node.as_str()?.to_string();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(node.error(format!(
            "expected a name without spaces (it labels the table column), got \"{name}\""
        )));
    }
    Ok(name)
}

/// `timeout`: seconds one run may take before it is killed.
pub fn timeout_s(f: &mut Fields) -> Result<u64> {
    match f.take("timeout") {
        None => Ok(DEFAULT_TIMEOUT_S),
        Some(n) => n.as_u64_in(1..=30 * 24 * 3600),
    }
}

/// `idle_timeout`: seconds an outside predictor may send nothing while the harness waits.
pub fn idle_timeout_s(f: &mut Fields) -> Result<u64> {
    match f.take("idle_timeout") {
        None => Ok(DEFAULT_IDLE_TIMEOUT_S),
        Some(n) => n.as_u64_in(1..=30 * 24 * 3600),
    }
}

/// `env:`: a mapping of variable names to string (or number) values.
pub fn env(f: &mut Fields) -> Result<Vec<(String, String)>> {
    let Some(node) = f.take("env") else {
        return Ok(Vec::new());
    };
    variables(&node)
}

fn variables(node: &Node) -> Result<Vec<(String, String)>> {
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
