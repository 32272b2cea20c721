//! Parsing of a recurrent model's fields (`chrnn`, `chgru`, `lstm`, `feat`) into the specs of
//! its grid.

use std::sync::LazyLock;

use neural::declared::recurrent::{setting, SETTINGS};
use neural::{ModelKind, Recipe};

use super::grid::{axes, expand_axes, named};
use super::model::ModelSpec;
use crate::yaml::{Fields, Result};

/// The fields a recurrent model's entry may have: its kind, every declared setting, the
/// recipe and the experts.
pub static FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut fields = vec!["kind"];
    fields.extend(SETTINGS.iter().map(|s| s.name));
    fields.extend([
        "recipe",
        "experts",
        super::prior::spec::BLOCK,
        super::prior::spec::RESTART,
    ]);
    fields
});

/// What a new spec that names `mix` is told.
const RETIRED_MIX: &str = "retired: blend the model with the order-0 expert instead, \
    `experts: [order0]` (`--experts order0`; the learned mixer of docs/mixing.md); \
    .dz files written with mix=order0 still decode";

/// Whether the field `key` applies to a model of `kind`, or to which models it does.
pub fn applies(kind: ModelKind, key: &str) -> std::result::Result<(), &'static str> {
    match setting(key) {
        Some(s) => s.applies(kind),
        None if FIELDS.contains(&key) => Ok(()),
        None => Err("other models"),
    }
}

/// Every combination of the neural settings' grids, in the declared order. `recipe` may be a
/// grid too: each recipe's defaults fill the fields the entry does not give. `mix` is read
/// from a `.dz` header only (`header`): the files written with it keep decoding, and a new
/// spec blends with the order-0 expert instead.
pub fn parse(kind: ModelKind, f: &mut Fields, header: bool) -> Result<Vec<ModelSpec>> {
    let recipes = match f.take("recipe") {
        None => vec![Recipe::default_for(kind)],
        Some(n) => n.grid(|v| named(v, Recipe::ALL, Recipe::name))?,
    };
    let axes = axes(SETTINGS, f, "", |s| {
        s.applies(kind).map_err(|why| format!("applies to {why}"))?;
        match s.name {
            "mix" if !header => Err(RETIRED_MIX.to_string()),
            _ => Ok(()),
        }
    })?;
    let mut out = Vec::new();
    for recipe in recipes {
        let specs = expand_axes(vec![neural::Config::defaults(kind, recipe)], &axes);
        out.extend(specs.into_iter().map(ModelSpec::Neural));
    }
    Ok(out)
}
