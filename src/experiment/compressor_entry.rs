//! Parsing of one `compressors[i]` entry into the compressor specs of its grid: the classic
//! libraries and command-line compressors here, the model kinds by the core crate's parser.

use crate::classic::Classic;
use crate::compressor_spec::CompressorSpec;
use deepzip_core::model_spec;
use deepzip_core::yaml::{Node, Result};
use neural::ModelKind;

/// The kinds of compressor, as errors list them: the classic libraries, the model kinds
/// (the core's), and command-line compressors.
fn kinds() -> Vec<&'static str> {
    let mut kinds = vec!["gzip", "bzip2", "xz", "zstd"];
    kinds.extend(model_spec::MODEL_KINDS);
    kinds.push("command");
    kinds
}

/// A prior's family named by `pretrain: {source: …}`: one generated source (a file is no
/// family).
fn family(node: &Node) -> Result<generators::Source> {
    if node.value().get("kind").and_then(|k| k.as_str()) == Some("file") {
        return Err(
            node.error("a file is no family to draw sequences from: give a generated source")
        );
    }
    let mut found = super::sources::parse(node, std::path::Path::new("."))?;
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(node.error(format!(
            "expected one source (the prior's family), the lists given expand to {n}"
        ))),
    }
}

/// Threads one job may ask for.
const MAX_THREADS: u64 = 1024;

/// The compressors one entry gives, and the threads it asks for each of its jobs (`None`:
/// the runner chooses).
pub fn parse(entry: &Node) -> Result<(Vec<CompressorSpec>, Option<usize>)> {
    let mut f = entry.fields()?;
    let kind_node = f.require("kind")?;
    let kind = kind_node.as_str()?;
    let threads = match f.take("threads") {
        Some(n) if kind == "transformer" => {
            return Err(n.error("does not apply to `transformer` (it runs on one thread)"))
        }
        Some(n) if ModelKind::from_name(kind).is_none() && kind != "predictor" => {
            return Err(n.error(
                "applies to the neural models and predictors only (the other compressors run \
                 on one thread)",
            ))
        }
        Some(n) => Some(n.as_u64_in(1..=MAX_THREADS)? as usize),
        None => None,
    };
    let classic = match kind {
        "gzip" => Some(Classic::Gzip),
        "bzip2" => Some(Classic::Bzip2),
        "xz" => Some(Classic::Xz),
        "zstd" => Some(Classic::Zstd),
        _ => None,
    };
    let (out, allowed): (Vec<CompressorSpec>, Vec<&str>) = match (kind, classic) {
        (_, Some(classic)) => {
            let (range, default) = classic.levels();
            let levels = match f.take("level") {
                None => vec![default],
                Some(n) => n.grid(|v| {
                    let level = v.as_f64()?;
                    if level.fract() == 0.0 && range.contains(&(level as i64)) {
                        Ok(level as i64)
                    } else {
                        Err(v.error(format!(
                            "expected a {} level in {}..={}, got {level}",
                            classic.name(),
                            range.start(),
                            range.end()
                        )))
                    }
                })?,
            };
            let packs = match f.take("pack") {
                None => vec![true],
                Some(n) => n.grid(|v| v.as_bool())?,
            };
            let specs = levels
                .into_iter()
                .flat_map(|level| {
                    packs.iter().map(move |&pack| CompressorSpec::Classic {
                        kind: classic,
                        level,
                        pack,
                    })
                })
                .collect();
            (specs, vec!["kind", "level", "pack"])
        }
        ("command", None) => (
            vec![CompressorSpec::Command(super::peer_entry::parse(&mut f)?)],
            super::peer_entry::FIELDS.to_vec(),
        ),
        (other, None) => match model_spec::parse_with_sources(other, &mut f, &family)? {
            Some((models, fields)) => {
                let mut allowed = fields.to_vec();
                // The runner's setting, taken above, sits beside the model's own.
                if ModelKind::from_name(other).is_some() || other == "predictor" {
                    allowed.insert(1, "threads");
                }
                let specs = models.into_iter().map(CompressorSpec::Model).collect();
                (specs, allowed)
            }
            None => {
                return Err(kind_node.error(format!(
                    "unknown compressor kind `{other}` (expected one of: {})",
                    kinds().join(", ")
                )))
            }
        },
    };
    f.finish(&allowed)?;
    Ok((out, threads))
}
