//! Reads results.csv and curves.csv back (through polars) into typed rows for the reports and
//! the regression gate.

use std::path::Path;

use anyhow::Context;
use polars::prelude::{DataFrame, DataType};

use crate::results_csv::read_csv;

/// The columns of one results.csv row that reports and the gate use.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub experiment: String,
    pub job: u64,
    pub source: String,
    pub source_params: String,
    pub length: u64,
    pub seed: u64,
    pub compressor: String,
    pub compressor_params: String,
    pub bits_per_symbol: Option<f64>,
    pub entropy_rate_bps: Option<f64>,
    pub verified: bool,
    pub error: String,
}

impl Row {
    /// What identifies a row across runs: everything but the measurements.
    pub fn key(&self) -> (String, String, u64, u64, String, String) {
        (
            self.source.clone(),
            self.source_params.clone(),
            self.length,
            self.seed,
            self.compressor.clone(),
            self.compressor_params.clone(),
        )
    }
}

fn column(
    frame: &DataFrame,
    name: &str,
    dtype: DataType,
    path: &Path,
) -> anyhow::Result<polars::prelude::Series> {
    let col = frame
        .column(name)
        .with_context(|| format!("{}: missing column `{name}`", path.display()))?;
    col.as_materialized_series()
        .cast(&dtype)
        .with_context(|| format!("{}: column `{name}` is not {dtype}", path.display()))
}

fn texts(frame: &DataFrame, name: &str, path: &Path) -> anyhow::Result<Vec<String>> {
    let s = column(frame, name, DataType::String, path)?;
    Ok(s.str()?
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect())
}

fn floats(frame: &DataFrame, name: &str, path: &Path) -> anyhow::Result<Vec<Option<f64>>> {
    let s = column(frame, name, DataType::Float64, path)?;
    Ok(s.f64()?.iter().collect())
}

fn ints(frame: &DataFrame, name: &str, path: &Path) -> anyhow::Result<Vec<u64>> {
    let s = column(frame, name, DataType::UInt64, path)?;
    s.u64()?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.with_context(|| format!("{}: row {}: `{name}` is empty", path.display(), i + 1))
        })
        .collect()
}

/// Every row of a results.csv.
pub fn load_results(path: &Path) -> anyhow::Result<Vec<Row>> {
    let frame = read_csv(path)?;
    let verified = texts(&frame, "verified", path)?;
    let mut rows = Vec::with_capacity(frame.height());
    let (job, length, seed) = (
        ints(&frame, "job", path)?,
        ints(&frame, "length", path)?,
        ints(&frame, "seed", path)?,
    );
    let (source, source_params) = (
        texts(&frame, "source", path)?,
        texts(&frame, "source_params", path)?,
    );
    let (compressor, compressor_params) = (
        texts(&frame, "compressor", path)?,
        texts(&frame, "compressor_params", path)?,
    );
    let (bps, entropy) = (
        floats(&frame, "bits_per_symbol", path)?,
        floats(&frame, "entropy_rate_bps", path)?,
    );
    let error = texts(&frame, "error", path)?;
    let experiment = texts(&frame, "experiment", path)?;
    for i in 0..frame.height() {
        rows.push(Row {
            experiment: experiment[i].clone(),
            job: job[i],
            source: source[i].clone(),
            source_params: source_params[i].clone(),
            length: length[i],
            seed: seed[i],
            compressor: compressor[i].clone(),
            compressor_params: compressor_params[i].clone(),
            bits_per_symbol: bps[i],
            entropy_rate_bps: entropy[i],
            verified: verified[i].eq_ignore_ascii_case("true"),
            error: error[i].clone(),
        });
    }
    Ok(rows)
}

/// (job, position, bits per symbol) rows of a curves.csv; empty when the file is absent.
pub fn load_curves(path: &Path) -> anyhow::Result<Vec<(u64, u64, f64)>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let frame = read_csv(path)?;
    if frame.height() == 0 {
        return Ok(Vec::new());
    }
    let job = ints(&frame, "job", path)?;
    let position = ints(&frame, "position", path)?;
    let bps = floats(&frame, "bits_per_symbol", path)?;
    Ok((0..frame.height())
        .filter_map(|i| bps[i].map(|b| (job[i], position[i], b)))
        .collect())
}
