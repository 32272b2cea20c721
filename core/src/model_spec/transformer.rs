//! Parsing of a `kind: transformer` compressor entry into the specs of its grid.

use std::sync::LazyLock;

use neural::declared::transformer::SETTINGS;
use neural::TransformerConfig;

use super::grid::{axes, expand_axes};
use super::model::ModelSpec;
use crate::yaml::{Fields, Result};

/// The fields a Transformer entry may have: its kind, every declared setting and the
/// experts.
pub static FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut fields = vec!["kind"];
    fields.extend(SETTINGS.iter().map(|s| s.name));
    fields.extend([
        "experts",
        super::prior::spec::BLOCK,
        super::prior::spec::RESTART,
    ]);
    fields
});

/// Every combination of the settings' grids, in the declared order; d_model must be a
/// multiple of heads in each.
pub fn parse(f: &mut Fields) -> Result<Vec<ModelSpec>> {
    let axes = axes(SETTINGS, f, "", |_| Ok(()))?;
    let specs = expand_axes(vec![TransformerConfig::default()], &axes);
    if let Some(bad) = specs.iter().find(|s| !s.d_model.is_multiple_of(s.heads)) {
        let message = format!(
            "d_model {} is not a multiple of heads {} (each head takes d_model / heads)",
            bad.d_model, bad.heads
        );
        // Reported at heads where the entry gives them, else at d_model.
        let blame = ["heads", "d_model"]
            .iter()
            .find_map(|name| axes.iter().find(|(s, _, _)| s.name == *name))
            .map(|(_, node, _)| node)
            .expect("the defaults divide");
        return Err(blame.error(message));
    }
    Ok(specs.into_iter().map(ModelSpec::Transformer).collect())
}
