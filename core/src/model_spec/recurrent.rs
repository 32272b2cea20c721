//! Parsing of a recurrent model's fields (`chrnn`, `chgru`, `lstm`, `feat`) into the specs of
//! its grid.

use std::ops::RangeInclusive;

use neural::{Init, Mix, ModelKind, Recipe, Reset, Schedule};

use super::grid::{expand, named, number_in};
use super::model::ModelSpec;
use crate::yaml::{Fields, Node, Result};

pub const FIELDS: &[&str] = &[
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
    "recipe",
    "init",
    "reset",
    "mix",
    "schedule",
    "experts",
];

/// What a new spec that names `mix` is told.
const RETIRED_MIX: &str = "retired: blend the model with the order-0 expert instead, \
    `experts: [order0]` (`--experts order0`; the learned mixer of docs/mixing.md); \
    .dz files written with mix=order0 still decode";

/// Stacked recurrent layers a neural model may have.
const MAX_LAYERS: u64 = 8;
/// Context-count feature orders Feat may use (1..=contexts).
const MAX_CONTEXTS: u64 = 32;

/// Every combination of the neural settings' grids, in field order. `recipe` may be a grid
/// too: each recipe's defaults fill the fields the entry does not give. `mix` is read from a
/// `.dz` header only (`header`): the files written with it keep decoding, and a new spec
/// blends with the order-0 expert instead.
pub fn parse<'a>(kind: ModelKind, f: &mut Fields<'a>, header: bool) -> Result<Vec<ModelSpec>> {
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
    let mix = match f.take("mix") {
        Some(n) if !header => return Err(n.error(RETIRED_MIX)),
        other => other
            .map(|n| n.grid(|v| named(v, Mix::ALL, Mix::name)))
            .transpose()?,
    };
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
        out.extend(specs.into_iter().map(ModelSpec::Neural));
    }
    Ok(out)
}
