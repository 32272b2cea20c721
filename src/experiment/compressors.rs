//! Parsing of one `compressors[i]` entry into the compressor specs of its grid.

use crate::baselines::Classic;
use crate::compressors::{CompressorSpec, NeuralSpec};

use super::yaml::{Node, Result};

pub const KINDS: &[&str] = &[
    "gzip", "bzip2", "xz", "zstd", "order", "chrnn", "chgru", "lstm", "feat",
];
const NEURAL_FIELDS: &[&str] = &[
    "kind",
    "hidden",
    "layers",
    "window",
    "embed",
    "contexts",
    "bptt",
    "lr",
    "beta1",
    "beta2",
    "clip",
    "streams",
    "recurrent_gain",
    "update_bias",
];

/// Context orders above this would only ever hash into the same table.
const MAX_ORDER: u64 = 64;
/// Stacked recurrent layers a neural model may have.
const MAX_LAYERS: u64 = 8;
/// Context-count feature orders Feat may use (1..=contexts).
const MAX_CONTEXTS: u64 = 32;

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
        (kind @ ("chrnn" | "chgru" | "lstm" | "feat"), None) => {
            let kind = KINDS.iter().find(|k| **k == kind).expect("listed");
            (parse_neural(kind, &mut f)?, NEURAL_FIELDS)
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

/// Every combination of the neural settings' grids, in field order.
fn parse_neural(kind: &'static str, f: &mut super::yaml::Fields) -> Result<Vec<CompressorSpec>> {
    let int_in = |f: &mut super::yaml::Fields,
                  key: &str,
                  default: usize,
                  range: std::ops::RangeInclusive<u64>|
     -> Result<Vec<usize>> {
        match f.take(key) {
            None => Ok(vec![default]),
            Some(n) => n.grid(|v| v.as_u64_in(range.clone()).map(|x| x as usize)),
        }
    };
    let int = |f: &mut super::yaml::Fields, key: &str, default: usize, max: u64| {
        int_in(f, key, default, 1..=max)
    };
    let real = |f: &mut super::yaml::Fields,
                key: &str,
                default: f32,
                lo: f64,
                hi: f64|
     -> Result<Vec<f32>> {
        match f.take(key) {
            None => Ok(vec![default]),
            Some(n) => n.grid(|v| {
                let x = v.as_f64()?;
                if x.is_finite() && x >= lo && x < hi {
                    Ok(x as f32)
                } else {
                    Err(v.error(format!("expected a number in [{lo}, {hi}), got {x}")))
                }
            }),
        }
    };
    let d = NeuralSpec::defaults(kind);
    let hidden = int(f, "hidden", d.hidden, 4096)?;
    let layers = int(f, "layers", d.layers, MAX_LAYERS)?;
    let (window, contexts) = match kind {
        "feat" => (
            int(f, "window", d.window, 4096)?,
            int_in(f, "contexts", d.contexts, 0..=MAX_CONTEXTS)?,
        ),
        _ => {
            for (key, why) in [
                ("window", "the char models see one symbol"),
                ("contexts", "context-count features are Feat's inputs"),
            ] {
                if let Some(n) = f.take(key) {
                    return Err(n.error(format!("`{key}` applies to `feat` only ({why})")));
                }
            }
            (vec![1], vec![0])
        }
    };
    let embed = int_in(f, "embed", d.embed, 0..=1024)?;
    let bptt = int(f, "bptt", d.bptt, 100_000)?;
    let lr = real(f, "lr", d.lr, 0.0, 10.0)?;
    let beta1 = real(f, "beta1", d.beta1, 0.0, 1.0)?;
    let beta2 = real(f, "beta2", d.beta2, 0.0, 1.0)?;
    let clip = real(f, "clip", d.clip, 0.0, 1e30)?;
    let streams = int(f, "streams", d.streams, 4096)?;
    let gain = real(f, "recurrent_gain", d.recurrent_gain, 0.0, 100.0)?;
    let update_bias = match kind {
        "chgru" | "feat" => real(f, "update_bias", d.update_bias, -20.0, 20.0)?,
        _ => match f.take("update_bias") {
            Some(n) => {
                return Err(
                    n.error("`update_bias` applies to the GRU models (`chgru`, `feat`) only")
                )
            }
            None => vec![d.update_bias],
        },
    };
    let mut specs = vec![d];
    specs = expand(specs, &hidden, |s, v| s.hidden = v);
    specs = expand(specs, &layers, |s, v| s.layers = v);
    specs = expand(specs, &window, |s, v| s.window = v);
    specs = expand(specs, &embed, |s, v| s.embed = v);
    specs = expand(specs, &contexts, |s, v| s.contexts = v);
    specs = expand(specs, &bptt, |s, v| s.bptt = v);
    specs = expand(specs, &lr, |s, v| s.lr = v);
    specs = expand(specs, &beta1, |s, v| s.beta1 = v);
    specs = expand(specs, &beta2, |s, v| s.beta2 = v);
    specs = expand(specs, &clip, |s, v| s.clip = v);
    specs = expand(specs, &streams, |s, v| s.streams = v);
    specs = expand(specs, &gain, |s, v| s.recurrent_gain = v);
    specs = expand(specs, &update_bias, |s, v| s.update_bias = v);
    Ok(specs.into_iter().map(CompressorSpec::Neural).collect())
}

/// Every spec with every value of one more grid axis.
fn expand<T: Copy>(
    specs: Vec<NeuralSpec>,
    values: &[T],
    set: impl Fn(&mut NeuralSpec, T),
) -> Vec<NeuralSpec> {
    let mut out = Vec::with_capacity(specs.len() * values.len());
    for spec in specs {
        for &v in values {
            let mut s = spec.clone();
            set(&mut s, v);
            out.push(s);
        }
    }
    out
}
