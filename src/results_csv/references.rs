//! references.csv: the published figures of an experiment's `references:` list.

use super::cell::table;
use crate::record::Reference;

table!(pub Reference, references_frame, load_references_rows:
    source,
    compressor,
    bits_per_symbol,
    length,
    citation,
);

/// The published figures of a references.csv; none when the file is absent.
pub fn load_references(path: &std::path::Path) -> anyhow::Result<Vec<Reference>> {
    if path.exists() {
        load_references_rows(path)
    } else {
        Ok(Vec::new())
    }
}
