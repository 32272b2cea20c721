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

/// Whether the field `key` applies to a model of `kind`, or to which models it does: the
/// fields every recurrent kind takes, but Feat's inputs (`window`, `contexts`) and the GRU's
/// gates (`update_bias`, `reset`).
pub fn applies(kind: ModelKind, key: &str) -> std::result::Result<(), &'static str> {
    let (ok, why) = match key {
        "window" => (
            kind == ModelKind::Feat,
            "`feat` only (the char models see one symbol)",
        ),
        "contexts" => (
            kind == ModelKind::Feat,
            "`feat` only (context-count features are Feat's inputs)",
        ),
        "update_bias" | "reset" => (kind.is_gru(), "the GRU models (`chgru`, `feat`) only"),
        other => (FIELDS.contains(&other), "other models"),
    };
    if ok {
        Ok(())
    } else {
        Err(why)
    }
}

/// Every combination of the neural settings' grids, in field order. `recipe` may be a grid
/// too: each recipe's defaults fill the fields the entry does not give. `mix` is read from a
/// `.dz` header only (`header`): the files written with it keep decoding, and a new spec
/// blends with the order-0 expert instead.
pub fn parse(kind: ModelKind, f: &mut Fields, header: bool) -> Result<Vec<ModelSpec>> {
    let recipes = match f.take("recipe") {
        None => vec![Recipe::default_for(kind)],
        Some(n) => n.grid(|v| named(v, Recipe::ALL, Recipe::name))?,
    };
    let axes = Axes::take(kind, f, header)?;
    Ok(recipes
        .into_iter()
        .flat_map(|recipe| axes.expand(neural::Config::defaults(kind, recipe)))
        .collect())
}

type Axis<T> = Option<Vec<T>>;

/// The values an entry gives each setting (`None`: the recipe's default).
struct Axes {
    hidden: Axis<usize>,
    layers: Axis<usize>,
    window: Axis<usize>,
    embed: Axis<usize>,
    contexts: Axis<usize>,
    bptt: Axis<usize>,
    lr: Axis<f32>,
    beta1: Axis<f32>,
    beta2: Axis<f32>,
    clip: Axis<f32>,
    streams: Axis<usize>,
    gain: Axis<f32>,
    update_bias: Axis<f32>,
    reset: Axis<Reset>,
    init: Axis<Init>,
    mix: Axis<Mix>,
    schedule: Axis<Schedule>,
}

impl Axes {
    /// Takes and checks every setting's field of an entry of `kind`.
    fn take<'a>(kind: ModelKind, f: &mut Fields<'a>, header: bool) -> Result<Axes> {
        let int_in = |f: &mut Fields, key: &str, range: RangeInclusive<u64>| {
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
        let only_for = |f: &mut Fields<'a>, key: &str| -> Result<Option<Node<'a>>> {
            match (f.take(key), applies(kind, key)) {
                (Some(n), Err(why)) => Err(n.error(format!("applies to {why}"))),
                (other, _) => Ok(other),
            }
        };
        Ok(Axes {
            hidden: int(f, "hidden", 4096)?,
            layers: int(f, "layers", MAX_LAYERS)?,
            window: only_for(f, "window")?
                .map(|n| n.grid(|v| v.as_u64_in(1..=4096).map(|x| x as usize)))
                .transpose()?,
            contexts: only_for(f, "contexts")?
                .map(|n| n.grid(|v| v.as_u64_in(0..=MAX_CONTEXTS).map(|x| x as usize)))
                .transpose()?,
            embed: int_in(f, "embed", 0..=1024)?,
            bptt: int(f, "bptt", 100_000)?,
            lr: real(f, "lr", 0.0, 10.0)?,
            beta1: real(f, "beta1", 0.0, 1.0)?,
            beta2: real(f, "beta2", 0.0, 1.0)?,
            clip: real(f, "clip", 0.0, 1e30)?,
            streams: int(f, "streams", 4096)?,
            gain: real(f, "recurrent_gain", 0.0, 100.0)?,
            update_bias: only_for(f, "update_bias")?
                .map(|n| n.grid(|v| number_in(v, -20.0, 20.0)))
                .transpose()?,
            reset: only_for(f, "reset")?
                .map(|n| n.grid(|v| named(v, Reset::ALL, Reset::name)))
                .transpose()?,
            init: f
                .take("init")
                .map(|n| n.grid(|v| named(v, Init::ALL, Init::name)))
                .transpose()?,
            mix: match f.take("mix") {
                Some(n) if !header => return Err(n.error(RETIRED_MIX)),
                other => other
                    .map(|n| n.grid(|v| named(v, Mix::ALL, Mix::name)))
                    .transpose()?,
            },
            schedule: f
                .take("schedule")
                .map(|n| n.grid(|v| named(v, Schedule::ALL, Schedule::name)))
                .transpose()?,
        })
    }

    /// Every combination of the axes, from the defaults `d` of one recipe.
    fn expand(&self, d: neural::Config) -> Vec<ModelSpec> {
        fn or<T: Clone>(axis: &Axis<T>, default: T) -> Vec<T> {
            axis.clone().unwrap_or(vec![default])
        }
        let mut specs = vec![d.clone()];
        specs = expand(specs, &or(&self.hidden, d.hidden), |s, v| s.hidden = v);
        specs = expand(specs, &or(&self.layers, d.layers), |s, v| s.layers = v);
        specs = expand(specs, &or(&self.window, d.window), |s, v| s.window = v);
        specs = expand(specs, &or(&self.embed, d.embed), |s, v| s.embed = v);
        specs = expand(specs, &or(&self.contexts, d.contexts), |s, v| {
            s.contexts = v
        });
        specs = expand(specs, &or(&self.bptt, d.bptt), |s, v| s.bptt = v);
        specs = expand(specs, &or(&self.lr, d.lr), |s, v| s.lr = v);
        specs = expand(specs, &or(&self.beta1, d.beta1), |s, v| s.beta1 = v);
        specs = expand(specs, &or(&self.beta2, d.beta2), |s, v| s.beta2 = v);
        specs = expand(specs, &or(&self.clip, d.clip), |s, v| s.clip = v);
        specs = expand(specs, &or(&self.streams, d.streams), |s, v| s.streams = v);
        specs = expand(specs, &or(&self.gain, d.recurrent_gain), |s, v| {
            s.recurrent_gain = v
        });
        specs = expand(specs, &or(&self.update_bias, d.update_bias), |s, v| {
            s.update_bias = v
        });
        specs = expand(specs, &or(&self.reset, d.reset), |s, v| s.reset = v);
        specs = expand(specs, &or(&self.init, d.init), |s, v| s.init = v);
        specs = expand(specs, &or(&self.mix, d.mix), |s, v| s.mix = v);
        specs = expand(specs, &or(&self.schedule, d.schedule), |s, v| {
            s.schedule = v
        });
        specs.into_iter().map(ModelSpec::Neural).collect()
    }
}
