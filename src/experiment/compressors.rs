//! Parsing of one `compressors[i]` entry into the compressor specs of its grid.

use crate::baselines::Classic;
use crate::compressors::CompressorSpec;

use super::yaml::{Node, Result};

pub const KINDS: &[&str] = &["gzip", "bzip2", "xz", "zstd", "order"];

/// Context orders above this would only ever hash into the same table.
const MAX_ORDER: u64 = 64;

pub fn parse(entry: &Node) -> Result<Vec<CompressorSpec>> {
    let mut f = entry.fields()?;
    let kind_node = f.require("kind")?;
    let kind = kind_node.as_str()?;
    let classic = match kind {
        "gzip" => Some(Classic::Gzip),
        "bzip2" => Some(Classic::Bzip2),
        "xz" => Some(Classic::Xz),
        "zstd" => Some(Classic::Zstd),
        _ => None,
    };
    let (out, allowed): (Vec<CompressorSpec>, &[&str]) = match (kind, classic) {
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
            let pack = match f.take("pack") {
                None => true,
                Some(n) => n.as_bool()?,
            };
            let specs = levels
                .into_iter()
                .map(|level| CompressorSpec::Classic {
                    kind: classic,
                    level,
                    pack,
                })
                .collect();
            (specs, &["kind", "level", "pack"])
        }
        ("order", None) => {
            let ks = f.require("k")?.grid(|v| v.as_u64_in(0..=MAX_ORDER))?;
            let specs = ks
                .into_iter()
                .map(|k| CompressorSpec::Order { k: k as usize })
                .collect();
            (specs, &["kind", "k"])
        }
        (other, None) => {
            return Err(kind_node.error(format!(
                "unknown compressor kind `{other}` (expected one of: {})",
                KINDS.join(", ")
            )))
        }
    };
    f.finish(allowed)?;
    Ok(out)
}
