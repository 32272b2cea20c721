//! Parsing of a `kind: transformer` compressor entry into the specs of its grid.

use super::grid::{expand, number_in};
use super::model::ModelSpec;
use crate::yaml::{Fields, Result};
use neural::TransformerConfig;

/// A setting's YAML name, its bounds, default and setter.
type Setting<T, B> = (&'static str, B, B, T, fn(&mut TransformerConfig, T));

pub const FIELDS: &[&str] = &[
    "kind",
    "context",
    "layers",
    "d_model",
    "heads",
    "ngram",
    "segment",
    "leak",
    "lr",
    "distance_lr",
    "beta1",
    "beta2",
    "clip",
    "streams",
    "experts",
];

/// Every combination of the settings' grids, in field order; d_model must be a multiple of
/// heads in each.
pub fn parse(f: &mut Fields) -> Result<Vec<ModelSpec>> {
    let d = TransformerConfig::default();
    let mut specs = vec![d.clone()];
    let ints: [Setting<usize, u64>; 7] = [
        ("context", 1, 65_536, d.context, |s, v| s.context = v),
        ("layers", 1, 16, d.layers, |s, v| s.layers = v),
        ("d_model", 1, 4096, d.d_model, |s, v| s.d_model = v),
        ("heads", 1, 256, d.heads, |s, v| s.heads = v),
        ("ngram", 1, 64, d.ngram, |s, v| s.ngram = v),
        ("segment", 1, 65_536, d.segment, |s, v| s.segment = v),
        ("streams", 1, 4096, d.streams, |s, v| s.streams = v),
    ];
    // Where a d_model that heads do not divide is reported: heads, else d_model.
    let mut blame = None;
    for (key, min, max, default, set) in ints {
        let values = match f.take(key) {
            Some(n) => {
                if key == "heads" || (key == "d_model" && blame.is_none()) {
                    blame = Some(n.clone());
                }
                n.grid(|v| v.as_u64_in(min..=max).map(|x| x as usize))?
            }
            None => vec![default],
        };
        specs = expand(specs, &values, set);
    }
    let reals: [Setting<f32, f64>; 6] = [
        ("leak", 0.0, 1.0, d.leak, |s, v| s.leak = v),
        ("lr", 0.0, 10.0, d.lr, |s, v| s.lr = v),
        ("distance_lr", 0.0, 1e6, d.distance_lr, |s, v| {
            s.distance_lr = v
        }),
        ("beta1", 0.0, 1.0, d.beta1, |s, v| s.beta1 = v),
        ("beta2", 0.0, 1.0, d.beta2, |s, v| s.beta2 = v),
        ("clip", 0.0, 1e30, d.clip, |s, v| s.clip = v),
    ];
    for (key, lo, hi, default, set) in reals {
        let values = match f.take(key) {
            Some(n) => n.grid(|v| number_in(v, lo, hi))?,
            None => vec![default],
        };
        specs = expand(specs, &values, set);
    }
    if let Some(bad) = specs.iter().find(|s| !s.d_model.is_multiple_of(s.heads)) {
        let message = format!(
            "d_model {} is not a multiple of heads {} (each head takes d_model / heads)",
            bad.d_model, bad.heads
        );
        return Err(blame.expect("the defaults divide").error(message));
    }
    Ok(specs.into_iter().map(ModelSpec::Transformer).collect())
}
