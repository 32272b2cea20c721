//! A neural entry's prior, from its `pretrain:` block (YAML) or its `pretrain.NAME` words (a
//! `.dz` header, the flags).

use generators::Source;

use super::spec::{On, Prior, BLOCK, FAMILY, SETTINGS};

/// The block's field naming the family when it is not the job's own source.
const SOURCE: &str = "source";
use crate::model_spec::grid::{axes, expand_axes, Axis};
use crate::yaml::{Fields, Node, Result};

/// Reads a source spec (one source: the family of a prior).
pub type SourceParser<'p> = &'p dyn Fn(&Node) -> Result<Source>;

/// The priors of the entry's grid (its `pretrain:` block or `pretrain.NAME` words); `None`
/// where it gives none. A block's `source:` (another family than the job's own) is read by
/// `sources`, where the caller has one.
pub fn priors(f: &mut Fields, sources: Option<SourceParser>) -> Result<Option<Vec<Prior>>> {
    let (axes, family) = match f.take(BLOCK) {
        Some(node) => {
            let mut block = node.fields()?;
            let family = match (block.take(SOURCE), sources) {
                (None, _) => None,
                (Some(node), Some(read)) => Some(read(&node)?),
                (Some(node), None) => {
                    return Err(node.error("a family's source spec is read in an experiment only"))
                }
            };
            let axes = axes(SETTINGS, &mut block, "", |_| Ok(()))?;
            let mut names: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
            names.push(SOURCE);
            block.finish(&names)?;
            (Some(axes), family)
        }
        None => {
            let axes = axes(SETTINGS, f, BLOCK, |_| Ok(()))?;
            let family = f.take(&format!("{BLOCK}.{FAMILY}"));
            let family = family.map(|node| read_family(&node)).transpose()?;
            let given = !axes.is_empty() || family.is_some();
            (given.then_some(axes), family)
        }
    };
    let Some(axes) = axes else {
        return Ok(None);
    };
    let first = Prior {
        family,
        ..Prior::default()
    };
    let priors = expand_axes(vec![first], &axes);
    for prior in &priors {
        check_applies(prior, &axes)?;
    }
    Ok(Some(priors))
}

/// Each setting given is one `prior`'s kind (`on`) takes; the family is named for one on the
/// family only.
fn check_applies(prior: &Prior, axes: &[Axis<Prior, On, ()>]) -> Result<()> {
    for (s, node, _) in axes {
        s.applies(prior.on)
            .map_err(|why| node.error(format!("`{}` {why}", s.name)))?;
    }
    if prior.on == On::Itself && prior.family.is_some() {
        let on = axes
            .iter()
            .find(|a| a.0.name == "on")
            .expect("`on: self` given");
        return Err(on.1.error(
            "`on: self` trains on the input itself: a family (`source:`) is for `on: family`",
        ));
    }
    Ok(())
}

/// The family's source from its header word (`M=2;order=1;alpha=1`).
fn read_family(node: &Node) -> Result<Source> {
    let text = node.as_str()?.replace(';', " ");
    Source::from_params(&text).ok_or_else(|| {
        node.error(format!(
            "expected a source's parameters as results.csv's source_params writes them, with \
             `;` for spaces (`M=2;order=1;alpha=1`), got `{}`",
            node.as_str().unwrap_or_default()
        ))
    })
}
