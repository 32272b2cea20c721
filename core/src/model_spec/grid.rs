//! Grid expansion and value checks shared by the model kinds' field parsers.

use crate::yaml::{Node, Result};

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
pub fn named<T: Copy>(v: &Node, all: &[T], name: fn(T) -> &'static str) -> Result<T> {
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
