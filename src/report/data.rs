//! Reads results.csv and curves.csv back (through polars) into records, for the reports, the
//! regression gate and the merge of shards. Floats round-trip exactly through the CSV.

use std::path::Path;

use anyhow::Context;
use polars::prelude::{DataFrame, DataType, Series};

use crate::record::{Curve, Record, Reference};
use crate::results_csv::read_csv;

/// Rows of a results table are records.
pub type Row = Record;

impl Record {
    /// What identifies a row across runs: everything but the measurements.
    pub fn key(&self) -> (String, String, usize, u64, String, String) {
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

struct Columns<'a> {
    frame: &'a DataFrame,
    path: &'a Path,
}

impl Columns<'_> {
    fn series(&self, name: &str, dtype: DataType) -> anyhow::Result<Series> {
        // polars' own error only repeats the name.
        let col = self
            .frame
            .column(name)
            .map_err(|_| anyhow::anyhow!("{}: missing column `{name}`", self.path.display()))?;
        col.as_materialized_series()
            .cast(&dtype)
            .with_context(|| format!("{}: column `{name}` is not {dtype}", self.path.display()))
    }

    fn texts(&self, name: &str) -> anyhow::Result<Vec<String>> {
        let s = self.series(name, DataType::String)?;
        Ok(s.str()?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    }

    fn floats(&self, name: &str) -> anyhow::Result<Vec<Option<f64>>> {
        Ok(self
            .series(name, DataType::Float64)?
            .f64()?
            .iter()
            .collect())
    }

    fn opt_ints(&self, name: &str) -> anyhow::Result<Vec<Option<u64>>> {
        Ok(self.series(name, DataType::UInt64)?.u64()?.iter().collect())
    }

    /// A column added after the first files were written: empty cells where it is absent.
    fn later_floats(&self, name: &str) -> anyhow::Result<Vec<Option<f64>>> {
        match self.frame.column(name) {
            Ok(_) => self.floats(name),
            Err(_) => Ok(vec![None; self.frame.height()]),
        }
    }

    /// `later_floats` for integer columns.
    fn later_ints(&self, name: &str) -> anyhow::Result<Vec<Option<u64>>> {
        match self.frame.column(name) {
            Ok(_) => self.opt_ints(name),
            Err(_) => Ok(vec![None; self.frame.height()]),
        }
    }

    fn ints(&self, name: &str) -> anyhow::Result<Vec<u64>> {
        self.opt_ints(name)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                v.with_context(|| {
                    format!("{}: row {}: `{name}` is empty", self.path.display(), i + 1)
                })
            })
            .collect()
    }
}

/// Every row of a results.csv (or of a shard's CSV).
pub fn load_results(path: &Path) -> anyhow::Result<Vec<Record>> {
    let frame = read_csv(path)?;
    let c = Columns {
        frame: &frame,
        path,
    };
    let (experiment, source, source_params) = (
        c.texts("experiment")?,
        c.texts("source")?,
        c.texts("source_params")?,
    );
    let (compressor, compressor_params, error) = (
        c.texts("compressor")?,
        c.texts("compressor_params")?,
        c.texts("error")?,
    );
    let (job, alphabet, length, seed) = (
        c.ints("job")?,
        c.ints("alphabet")?,
        c.ints("length")?,
        c.ints("seed")?,
    );
    let (bytes, header) = (
        c.opt_ints("compressed_bytes")?,
        c.later_ints("header_bytes")?,
    );
    let (bps, entropy, gap) = (
        c.floats("bits_per_symbol")?,
        c.floats("entropy_rate_bps")?,
        c.floats("gap_bps")?,
    );
    let (oracle, bayes) = (c.later_floats("oracle_bps")?, c.later_floats("bayes_bps")?);
    let (compress_s, decompress_s, speed) = (
        c.floats("compress_s")?,
        c.floats("decompress_s")?,
        c.floats("symbols_per_s")?,
    );
    // Columns added later: absent in older files.
    let (threads, cpu) = (c.later_ints("threads")?, c.later_floats("cpu_s")?);
    let (rss, model) = (
        c.later_ints("peak_rss_bytes")?,
        c.later_ints("model_bytes")?,
    );
    let verified = c.texts("verified")?;
    Ok((0..frame.height())
        .map(|i| Record {
            experiment: experiment[i].clone(),
            job: job[i] as usize,
            source: source[i].clone(),
            source_params: source_params[i].clone(),
            alphabet: alphabet[i] as usize,
            length: length[i] as usize,
            seed: seed[i],
            compressor: compressor[i].clone(),
            compressor_params: compressor_params[i].clone(),
            compressed_bytes: bytes[i],
            header_bytes: header[i],
            bits_per_symbol: bps[i],
            entropy_rate_bps: entropy[i],
            gap_bps: gap[i],
            oracle_bps: oracle[i],
            bayes_bps: bayes[i],
            compress_s: compress_s[i],
            decompress_s: decompress_s[i],
            symbols_per_s: speed[i],
            threads: threads[i],
            cpu_s: cpu[i],
            peak_rss_bytes: rss[i],
            model_bytes: model[i],
            verified: verified[i].eq_ignore_ascii_case("true"),
            error: error[i].clone(),
        })
        .collect())
}

/// The learning curves of a curves.csv, one per job; empty when the file is absent.
pub fn load_curves(path: &Path) -> anyhow::Result<Vec<Curve>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let frame = read_csv(path)?;
    if frame.height() == 0 {
        return Ok(Vec::new());
    }
    let c = Columns {
        frame: &frame,
        path,
    };
    let (job, position, bps) = (
        c.ints("job")?,
        c.ints("position")?,
        c.floats("bits_per_symbol")?,
    );
    let (oracle, bayes) = (c.later_floats("oracle_bps")?, c.later_floats("bayes_bps")?);
    let mut curves: Vec<Curve> = Vec::new();
    for i in 0..frame.height() {
        let Some(b) = bps[i] else { continue };
        if curves.last().is_none_or(|c| c.job != job[i] as usize) {
            curves.push(Curve {
                job: job[i] as usize,
                points: Vec::new(),
                oracle: Vec::new(),
                bayes: Vec::new(),
            });
        }
        let c = curves.last_mut().expect("pushed");
        c.points.push((position[i], b));
        c.oracle.extend(oracle[i]);
        c.bayes.extend(bayes[i]);
    }
    Ok(curves)
}

/// The published figures of a references.csv; none when the file is absent.
pub fn load_references(path: &Path) -> anyhow::Result<Vec<Reference>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let frame = read_csv(path)?;
    let c = Columns {
        frame: &frame,
        path,
    };
    let (source, compressor, citation) = (
        c.texts("source")?,
        c.texts("compressor")?,
        c.texts("citation")?,
    );
    let (bps, length) = (c.floats("bits_per_symbol")?, c.opt_ints("length")?);
    (0..frame.height())
        .map(|i| {
            let bits_per_symbol = bps[i].with_context(|| {
                format!(
                    "{}: row {}: `bits_per_symbol` is empty",
                    path.display(),
                    i + 1
                )
            })?;
            Ok(Reference {
                source: source[i].clone(),
                compressor: compressor[i].clone(),
                bits_per_symbol,
                length: length[i],
                citation: citation[i].clone(),
            })
        })
        .collect()
}
