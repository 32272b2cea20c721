//! The tables a run writes and the report, the regression gate and the merge read back:
//! results.csv (`results`), curves.csv (`curves`), icl.csv (`icl`) and references.csv
//! (`references`), each
//! with its columns defined once, written and read from that definition through polars; and
//! `bench speed`'s table (`measurements`). Every CSV of the harness is written by one writer
//! (`csv_text`, polars', which quotes a field that holds a comma, a quote or a newline). Files
//! are written whole under a temporary name and renamed, so a reader never sees half a table;
//! floats round-trip exactly.

mod cell;
pub mod curves;
pub mod icl;
pub mod measurements;
pub mod references;
pub mod results;

pub use curves::{curves_frame, load_curves};
pub use icl::{icl_frame, load_icl};
pub use references::{load_references, references_frame};
pub use results::{load_results, records_frame};

use std::fs::File;
use std::path::Path;

use anyhow::Context;
use deepzip_core::atomic_file::write_whole;
use polars::prelude::{CsvReadOptions, CsvWriter, DataFrame, SerReader, SerWriter};

/// `frame` as CSV text: a header line, then one line per row, fields quoted where needed.
pub fn csv_text(frame: &mut DataFrame) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .finish(frame)
        .context("cannot format the table as CSV")?;
    Ok(String::from_utf8(bytes).expect("polars writes UTF-8"))
}

/// Writes `frame` as CSV to `path`, whole or not at all (`write_whole`).
pub fn write_csv(frame: &mut DataFrame, path: &Path) -> anyhow::Result<()> {
    let text = csv_text(frame).with_context(|| format!("cannot write {}", path.display()))?;
    write_whole(path, text.as_bytes(), true)
}

/// Reads a CSV written by this tool (or by hand) into a frame, every column as text: the
/// tables' `Cell`s parse them, strictly, with the file named in each error. (Text only, also
/// because polars 0.55's number parser panics on some malformed fields, found by
/// fuzz/results_csv and pinned by tests/fixtures/fuzz-polars-csv-panic.csv; its text reader
/// takes them.)
pub fn read_csv(path: &Path) -> anyhow::Result<DataFrame> {
    // Opened here so a missing file is one plain message (polars repeats the path and the
    // OS error).
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .into_reader_with_file_handle(file)
        .finish()
        .with_context(|| format!("cannot read {} as CSV", path.display()))
}
