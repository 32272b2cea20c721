//! results.csv and curves.csv, written through polars. Files are written to a temporary name
//! and renamed, so a reader never sees half a table.

use std::fs::File;
use std::path::Path;

use anyhow::Context;
use deepzip_core::atomic_file::write_whole;
use polars::prelude::{
    df, CsvReadOptions, CsvWriter, DataFrame, PolarsResult, SerReader, SerWriter,
};

use crate::record::{Curve, Record, Reference};

pub fn records_frame(records: &[Record]) -> PolarsResult<DataFrame> {
    let col = |f: fn(&Record) -> Option<f64>| records.iter().map(f).collect::<Vec<_>>();
    let text = |f: fn(&Record) -> &str| records.iter().map(f).collect::<Vec<_>>();
    df!(
        "experiment" => text(|r| &r.experiment),
        "job" => records.iter().map(|r| r.job as u64).collect::<Vec<_>>(),
        "source" => text(|r| &r.source),
        "source_params" => text(|r| &r.source_params),
        "alphabet" => records.iter().map(|r| r.alphabet as u64).collect::<Vec<_>>(),
        "length" => records.iter().map(|r| r.length as u64).collect::<Vec<_>>(),
        "seed" => records.iter().map(|r| r.seed).collect::<Vec<_>>(),
        "compressor" => text(|r| &r.compressor),
        "compressor_params" => text(|r| &r.compressor_params),
        "compressed_bytes" => records.iter().map(|r| r.compressed_bytes).collect::<Vec<_>>(),
        "header_bytes" => records.iter().map(|r| r.header_bytes).collect::<Vec<_>>(),
        "bits_per_symbol" => col(|r| r.bits_per_symbol),
        "entropy_rate_bps" => col(|r| r.entropy_rate_bps),
        "gap_bps" => col(|r| r.gap_bps),
        "oracle_bps" => col(|r| r.oracle_bps),
        "bayes_bps" => col(|r| r.bayes_bps),
        "compress_s" => col(|r| r.compress_s),
        "decompress_s" => col(|r| r.decompress_s),
        "symbols_per_s" => col(|r| r.symbols_per_s),
        "threads" => records.iter().map(|r| r.threads).collect::<Vec<_>>(),
        "cpu_s" => col(|r| r.cpu_s),
        "peak_rss_bytes" => records.iter().map(|r| r.peak_rss_bytes).collect::<Vec<_>>(),
        "model_bytes" => records.iter().map(|r| r.model_bytes).collect::<Vec<_>>(),
        "verified" => records.iter().map(|r| r.verified).collect::<Vec<_>>(),
        "error" => text(|r| &r.error),
    )
}

pub fn curves_frame(curves: &[Curve]) -> PolarsResult<DataFrame> {
    let (mut job, mut position, mut bps) = (Vec::new(), Vec::new(), Vec::new());
    let (mut oracle, mut bayes) = (Vec::new(), Vec::new());
    for c in curves {
        for (i, &(p, b)) in c.points.iter().enumerate() {
            job.push(c.job as u64);
            position.push(p);
            bps.push(b);
            oracle.push(c.oracle.get(i).copied());
            bayes.push(c.bayes.get(i).copied());
        }
    }
    df!(
        "job" => job,
        "position" => position,
        "bits_per_symbol" => bps,
        "oracle_bps" => oracle,
        "bayes_bps" => bayes,
    )
}

pub fn references_frame(refs: &[Reference]) -> PolarsResult<DataFrame> {
    let text = |f: fn(&Reference) -> &str| refs.iter().map(f).collect::<Vec<_>>();
    df!(
        "source" => text(|r| &r.source),
        "compressor" => text(|r| &r.compressor),
        "bits_per_symbol" => refs.iter().map(|r| r.bits_per_symbol).collect::<Vec<_>>(),
        "length" => refs.iter().map(|r| r.length).collect::<Vec<_>>(),
        "citation" => text(|r| &r.citation),
    )
}

/// Writes `frame` as CSV to `path`, whole or not at all (`write_whole`).
pub fn write_csv(frame: &mut DataFrame, path: &Path) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .finish(frame)
        .with_context(|| format!("cannot format {} as CSV", path.display()))?;
    write_whole(path, &bytes, true)
}

/// Reads a CSV written by this tool (or by hand) into a frame.
pub fn read_csv(path: &Path) -> anyhow::Result<DataFrame> {
    // Opened here so a missing file is one plain message (polars repeats the path and the
    // OS error).
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let read = || {
        CsvReadOptions::default()
            .with_has_header(true)
            .into_reader_with_file_handle(file)
            .finish()
    };
    // polars 0.55 panics on some malformed files (found by fuzz/results_csv; pinned by
    // tests/fixtures/fuzz-polars-csv-panic.csv): a panic here becomes this file's error, and
    // its message is kept off the terminal (no other thread panics while a CSV is read).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    match result {
        Ok(frame) => frame.with_context(|| format!("cannot read {} as CSV", path.display())),
        Err(_) => anyhow::bail!(
            "cannot read {} as CSV: malformed rows (the CSV reader gave up)",
            path.display()
        ),
    }
}
