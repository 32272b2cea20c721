//! Grid expansion and value checks shared by the model kinds' field parsers.

use neural::declared::{Setting, Type, Value};

use crate::yaml::{Fields, Node, Result};

/// A declared setting the entry gives: its node and its values.
pub type Axis<'t, 'a, C, K, R> = (&'t Setting<C, K, R>, Node<'a>, Vec<Value>);

/// Each setting of `table` the entry gives (as `NAME`, or `PREFIX.NAME` where `prefix` is
/// not empty), in the table's order, with its values checked against the declared type;
/// `check` may refuse a setting (it does not apply to the kind).
pub fn axes<'t, 'a, C, K, R>(
    table: &'t [Setting<C, K, R>],
    f: &mut Fields<'a>,
    prefix: &str,
    check: impl Fn(&Setting<C, K, R>) -> std::result::Result<(), String>,
) -> Result<Vec<Axis<'t, 'a, C, K, R>>> {
    let mut axes = Vec::new();
    for s in table {
        let taken = match prefix {
            "" => f.take(s.name),
            _ => f.take(&format!("{prefix}.{}", s.name)),
        };
        let Some(node) = taken else {
            continue;
        };
        check(s).map_err(|why| node.error(why))?;
        let values = node.grid(|v| value(v, s.value))?;
        axes.push((s, node, values));
    }
    Ok(axes)
}

/// Every spec with every value of each axis, the first axis outermost.
pub fn expand_axes<C: Clone, K, R>(specs: Vec<C>, axes: &[Axis<C, K, R>]) -> Vec<C> {
    axes.iter().fold(specs, |specs, (s, _, values)| {
        expand(specs, values, |c, v| (s.set)(c, v))
    })
}

/// One value of a setting of type `t`.
fn value(v: &Node, t: Type) -> Result<Value> {
    Ok(match t {
        Type::Count { min, max } => Value::Count(v.as_u64_in(min..=max)? as usize),
        Type::Real { min, max } => Value::Real(number_in(v, min, max)?),
        Type::Words(words) => Value::Word(named(v, words, |w| w)?),
    })
}

/// Every spec with every value of one more grid axis.
fn expand<S: Clone, T: Copy>(specs: Vec<S>, values: &[T], set: impl Fn(&mut S, T)) -> Vec<S> {
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
fn number_in(v: &Node, lo: f64, hi: f64) -> Result<f32> {
    let x = v.as_f64()?;
    if x.is_finite() && x >= lo && x < hi {
        Ok(x as f32)
    } else {
        Err(v.error(format!("expected a number in [{lo}, {hi}), got {x}")))
    }
}
