//! Parsing of one `compressors[i]` entry into the compressor specs of its grid.

use crate::baselines::Classic;
use crate::compressors::CompressorSpec;
use neural::{Init, Mix, ModelKind, Recipe, Reset, Schedule};

use std::ops::RangeInclusive;

use super::yaml::{Fields, Node, Result};

pub const KINDS: &[&str] = &[
    "gzip",
    "bzip2",
    "xz",
    "zstd",
    "order",
    "chrnn",
    "chgru",
    "lstm",
    "feat",
    "transformer",
    "command",
];
const NEURAL_FIELDS: &[&str] = &[
    "kind",
    "threads",
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
    "recipe",
    "init",
    "reset",
    "mix",
    "schedule",
];

/// Threads one job may ask for.
const MAX_THREADS: u64 = 1024;
/// Context orders above this would only ever hash into the same table.
const MAX_ORDER: u64 = 64;
/// Stacked recurrent layers a neural model may have.
const MAX_LAYERS: u64 = 8;
/// Context-count feature orders Feat may use (1..=contexts).
const MAX_CONTEXTS: u64 = 32;

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
        Some(n) if ModelKind::from_name(kind).is_none() => {
            return Err(n.error(
                "applies to the neural models only (the other compressors run on one thread)",
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
            (specs, &["kind", "level", "pack"])
        }
        ("transformer", None) => (
            super::transformer::parse(&mut f)?,
            super::transformer::FIELDS,
        ),
        ("command", None) => (
            vec![CompressorSpec::Command(super::command::parse(&mut f)?)],
            super::command::FIELDS,
        ),
        ("order", None) => {
            let ks = f.require("k")?.grid(|v| v.as_u64_in(0..=MAX_ORDER))?;
            let specs = ks
                .into_iter()
                .map(|k| CompressorSpec::Order { k: k as usize })
                .collect();
            (specs, &["kind", "k"])
        }
        (kind, None) if ModelKind::from_name(kind).is_some() => {
            let kind = ModelKind::from_name(kind).expect("checked");
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
    Ok((out, threads))
}

/// Every combination of the neural settings' grids, in field order. `recipe` may be a grid
/// too: each recipe's defaults fill the fields the entry does not give.
fn parse_neural<'a>(kind: ModelKind, f: &mut Fields<'a>) -> Result<Vec<CompressorSpec>> {
    type Axis<T> = Option<Vec<T>>;
    let int_in = |f: &mut Fields, key: &str, range: RangeInclusive<u64>| -> Result<Axis<usize>> {
        f.take(key)
            .map(|n| n.grid(|v| v.as_u64_in(range.clone()).map(|x| x as usize)))
            .transpose()
    };
    let int = |f: &mut Fields, key: &str, max: u64| int_in(f, key, 1..=max);
    let real = |f: &mut Fields, key: &str, lo: f64, hi: f64| -> Result<Axis<f32>> {
        f.take(key)
            .map(|n| n.grid(|v| number_in(v, lo, hi)))
            .transpose()
    };
    let only_for =
        |f: &mut Fields<'a>, key: &str, applies: bool, why: &str| -> Result<Option<Node<'a>>> {
            match f.take(key) {
                Some(n) if !applies => Err(n.error(format!("applies to {why}"))),
                other => Ok(other),
            }
        };
    let recipes = match f.take("recipe") {
        None => vec![Recipe::default_for(kind)],
        Some(n) => n.grid(|v| named(v, Recipe::ALL, Recipe::name))?,
    };
    let hidden = int(f, "hidden", 4096)?;
    let layers = int(f, "layers", MAX_LAYERS)?;
    let feat = kind == ModelKind::Feat;
    let window = only_for(
        f,
        "window",
        feat,
        "`feat` only (the char models see one symbol)",
    )?
    .map(|n| n.grid(|v| v.as_u64_in(1..=4096).map(|x| x as usize)))
    .transpose()?;
    let contexts = only_for(
        f,
        "contexts",
        feat,
        "`feat` only (context-count features are Feat's inputs)",
    )?
    .map(|n| n.grid(|v| v.as_u64_in(0..=MAX_CONTEXTS).map(|x| x as usize)))
    .transpose()?;
    let embed = int_in(f, "embed", 0..=1024)?;
    let bptt = int(f, "bptt", 100_000)?;
    let lr = real(f, "lr", 0.0, 10.0)?;
    let beta1 = real(f, "beta1", 0.0, 1.0)?;
    let beta2 = real(f, "beta2", 0.0, 1.0)?;
    let clip = real(f, "clip", 0.0, 1e30)?;
    let streams = int(f, "streams", 4096)?;
    let gain = real(f, "recurrent_gain", 0.0, 100.0)?;
    const GRU: &str = "the GRU models (`chgru`, `feat`) only";
    let update_bias = match only_for(f, "update_bias", kind.is_gru(), GRU)? {
        Some(n) => Some(n.grid(|v| number_in(v, -20.0, 20.0))?),
        None => None,
    };
    let reset = only_for(f, "reset", kind.is_gru(), GRU)?
        .map(|n| n.grid(|v| named(v, Reset::ALL, Reset::name)))
        .transpose()?;
    let init = f
        .take("init")
        .map(|n| n.grid(|v| named(v, Init::ALL, Init::name)))
        .transpose()?;
    let mix = f
        .take("mix")
        .map(|n| n.grid(|v| named(v, Mix::ALL, Mix::name)))
        .transpose()?;
    let schedule = f
        .take("schedule")
        .map(|n| n.grid(|v| named(v, Schedule::ALL, Schedule::name)))
        .transpose()?;
    let mut out = Vec::new();
    for recipe in recipes {
        let d = neural::Config::defaults(kind, recipe);
        let mut specs = vec![d.clone()];
        let or = |axis: &Axis<usize>, default: usize| axis.clone().unwrap_or(vec![default]);
        let orf = |axis: &Axis<f32>, default: f32| axis.clone().unwrap_or(vec![default]);
        specs = expand(specs, &or(&hidden, d.hidden), |s, v| s.hidden = v);
        specs = expand(specs, &or(&layers, d.layers), |s, v| s.layers = v);
        specs = expand(specs, &or(&window, d.window), |s, v| s.window = v);
        specs = expand(specs, &or(&embed, d.embed), |s, v| s.embed = v);
        specs = expand(specs, &or(&contexts, d.contexts), |s, v| s.contexts = v);
        specs = expand(specs, &or(&bptt, d.bptt), |s, v| s.bptt = v);
        specs = expand(specs, &orf(&lr, d.lr), |s, v| s.lr = v);
        specs = expand(specs, &orf(&beta1, d.beta1), |s, v| s.beta1 = v);
        specs = expand(specs, &orf(&beta2, d.beta2), |s, v| s.beta2 = v);
        specs = expand(specs, &orf(&clip, d.clip), |s, v| s.clip = v);
        specs = expand(specs, &or(&streams, d.streams), |s, v| s.streams = v);
        specs = expand(specs, &orf(&gain, d.recurrent_gain), |s, v| {
            s.recurrent_gain = v
        });
        specs = expand(specs, &orf(&update_bias, d.update_bias), |s, v| {
            s.update_bias = v
        });
        let resets = reset.clone().unwrap_or(vec![d.reset]);
        specs = expand(specs, &resets, |s, v| s.reset = v);
        specs = expand(specs, &init.clone().unwrap_or(vec![d.init]), |s, v| {
            s.init = v
        });
        specs = expand(specs, &mix.clone().unwrap_or(vec![d.mix]), |s, v| s.mix = v);
        let schedules = schedule.clone().unwrap_or(vec![d.schedule]);
        specs = expand(specs, &schedules, |s, v| s.schedule = v);
        out.extend(specs.into_iter().map(CompressorSpec::Neural));
    }
    Ok(out)
}

/// Every spec with every value of one more grid axis.
pub fn expand<S: Clone, T: Copy>(specs: Vec<S>, values: &[T], set: impl Fn(&mut S, T)) -> Vec<S> {
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

/// One of a setting's named values, or an error listing them.
fn named<T: Copy>(v: &Node, all: &[T], name: fn(T) -> &'static str) -> Result<T> {
    let word = v.as_str()?;
    all.iter()
        .copied()
        .find(|&x| name(x) == word)
        .ok_or_else(|| {
            let names: Vec<_> = all.iter().map(|&x| name(x)).collect();
            v.error(format!(
                "expected one of: {}, got `{word}`",
                names.join(", ")
            ))
        })
}

/// A finite number in [lo, hi).
pub fn number_in(v: &Node, lo: f64, hi: f64) -> Result<f32> {
    let x = v.as_f64()?;
    if x.is_finite() && x >= lo && x < hi {
        Ok(x as f32)
    } else {
        Err(v.error(format!("expected a number in [{lo}, {hi}), got {x}")))
    }
}
