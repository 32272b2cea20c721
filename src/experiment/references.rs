//! Published figures to print beside ours: an experiment's optional `references:` list. Each
//! names one of the experiment's sources and compressors by its label (a typo is refused, with
//! the labels there are), a bits-per-symbol figure, the length it was measured at and where
//! it was published. They never enter results.csv: the runner writes them to references.csv
//! beside it, and `bench report` shows them next to our cells.

use crate::record::Reference;
use deepzip_core::yaml::{Node, Result};

const FIELDS: &[&str] = &[
    "source",
    "compressor",
    "bits_per_symbol",
    "length",
    "citation",
];

/// The `references:` list (absent: none), checked against the experiment's labels.
pub fn parse(
    node: Option<Node>,
    sources: &[String],
    compressors: &[String],
) -> Result<Vec<Reference>> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Reference> = Vec::new();
    for entry in node.items()? {
        let mut f = entry.fields()?;
        let label = |f: &mut deepzip_core::yaml::Fields, key: &str, known: &[String]| {
            let n = f.require(key)?;
            let name = n.as_str()?;
            if known.iter().any(|k| k == name) {
                Ok(name.to_string())
            } else {
                Err(n.error(format!(
                    "`{name}` is not a {key} of this experiment (its {key}s: {})",
                    known.join(", ")
                )))
            }
        };
        let source = label(&mut f, "source", sources)?;
        let compressor = label(&mut f, "compressor", compressors)?;
        let bps_node = f.require("bits_per_symbol")?;
        let bits_per_symbol = bps_node.as_f64()?;
        if !(0.0..=64.0).contains(&bits_per_symbol) {
            return Err(bps_node.error(format!(
                "expected bits per symbol in 0..=64, got {bits_per_symbol}"
            )));
        }
        let length = f
            .take("length")
            .map(|n| n.as_u64_in(1..=u64::MAX))
            .transpose()?;
        let citation_node = f.require("citation")?;
        let citation = citation_node.as_str()?.trim().to_string();
        if citation.is_empty() {
            return Err(citation_node.error("expected where the figure was published"));
        }
        f.finish(FIELDS)?;
        if out
            .iter()
            .any(|r| r.source == source && r.compressor == compressor)
        {
            return Err(entry.error(format!(
                "a second reference for `{source}` with `{compressor}`: give one per cell"
            )));
        }
        out.push(Reference {
            source,
            compressor,
            bits_per_symbol,
            length,
            citation,
        });
    }
    Ok(out)
}
