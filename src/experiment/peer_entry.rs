//! `kind: command` entries: a command-line compressor's name, templates and limits.

use crate::peer::CommandSpec;
use deepzip_core::model_spec::outside;
use deepzip_core::yaml::{Fields, Result};

pub const FIELDS: &[&str] = &[
    "kind",
    "name",
    "compress",
    "decompress",
    "encoding",
    "timeout",
    "env",
];

pub fn parse(f: &mut Fields) -> Result<CommandSpec> {
    let name = outside::name(f)?;
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
    let timeout_s = outside::timeout_s(f)?;
    let env = outside::env(f)?;
    Ok(CommandSpec {
        name,
        compress,
        decompress,
        packed,
        timeout_s,
        env,
        experiment_dir: None,
    })
}
