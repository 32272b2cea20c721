//! Parsing of a `kind: cm` compressor entry into the specs of its grid.

use std::sync::LazyLock;

use super::grid::{axes, expand_axes};
use super::model::ModelSpec;
use crate::predict::cm::declared::SETTINGS;
use crate::predict::cm::CmConfig;
use crate::yaml::{Fields, Result};

/// The fields a cm entry may have: its kind and every declared setting.
pub static FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut fields = vec!["kind"];
    fields.extend(SETTINGS.iter().map(|s| s.name));
    fields
});

/// Every combination of the settings' grids, in the declared order.
pub fn parse(f: &mut Fields) -> Result<Vec<ModelSpec>> {
    let axes = axes(SETTINGS, f, "", |_| Ok(()))?;
    let specs = expand_axes(vec![CmConfig::default()], &axes);
    Ok(specs.into_iter().map(ModelSpec::Cm).collect())
}
