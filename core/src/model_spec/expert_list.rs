//! The `experts:` field of the neural kinds and of `kind: mixer`: a list of expert names.

use super::model::{Learned, ModelSpec};
use crate::mixing::experts::Expert;
use crate::yaml::{Fields, Node, Result};

/// The fields of `kind: mixer`.
pub const MIXER_FIELDS: &[&str] = &["kind", "experts"];

/// The experts a list names, sorted (the match model first, then the orders from low to
/// high) so that one set has one label and one header, each named once.
pub fn parse_list(node: &Node) -> Result<Vec<Expert>> {
    let items = node.items()?;
    let mut experts = Vec::with_capacity(items.len());
    for item in &items {
        let expert = Expert::from_name(item.as_str()?).map_err(|e| item.error(e))?;
        if experts.contains(&expert) {
            return Err(item.error(format!("`{}` is listed twice", expert.name())));
        }
        experts.push(expert);
    }
    sort(&mut experts);
    Ok(experts)
}

/// The match model first, then the orders from low to high.
fn sort(experts: &mut [Expert]) {
    experts.sort_by_key(|e| match e {
        Expert::Match => 0,
        Expert::Order(k) => 1 + k,
    });
}

/// `kind: mixer`: the experts alone, at least one.
pub fn parse_mixer(f: &mut Fields) -> Result<ModelSpec> {
    const WHY: &str = "the mixer codes with its experts alone: name them, e.g. `experts: \
        [match, order2]` (`--experts match,order2`)";
    let node = f.take("experts").ok_or_else(|| f.missing("experts", WHY))?;
    let experts = parse_list(&node)?;
    if experts.is_empty() {
        return Err(node.error("expected at least one expert (`match`, `order0` … `order24`)"));
    }
    Ok(ModelSpec::Mixed {
        model: None,
        experts,
    })
}

/// A neural kind's specs with the experts its `experts:` field lists (none: unchanged). A list
/// of lists is a grid axis: each model once per list (`[]`: alone).
pub fn with_experts(f: &mut Fields, specs: Vec<ModelSpec>) -> Result<Vec<ModelSpec>> {
    let Some(node) = f.take("experts") else {
        return Ok(specs);
    };
    let sets = match node.items()?.first() {
        Some(first) if first.is_sequence() => node.grid(parse_list)?,
        _ => vec![parse_list(&node)?],
    };
    Ok(specs
        .into_iter()
        .flat_map(|model| {
            sets.iter().map(move |experts| match experts.is_empty() {
                true => model.clone(),
                false => ModelSpec::Mixed {
                    model: Some(Learned::of(model.clone()).expect("experts mix with neural kinds")),
                    experts: experts.clone(),
                },
            })
        })
        .collect())
}

/// `match,order2`: the experts as a header or label writes them, joined by `sep`.
pub fn names(experts: &[Expert], sep: &str) -> String {
    experts
        .iter()
        .map(|e| e.name())
        .collect::<Vec<_>>()
        .join(sep)
}
