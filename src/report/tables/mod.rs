//! The bits-per-symbol, gap and regret tables: rows are sources, columns compressors, the
//! entropy rate beside them; mean ± standard deviation over seeds. Written as CSV and
//! Markdown (`render`). The rows with a prior get a table of their own (`priced`).

pub mod priced;
mod render;

use std::collections::{BTreeMap, BTreeSet};

use crate::record::Record;
use crate::record::Reference;

/// Mean and sample standard deviation (0 for one value) of one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub mean: f64,
    pub sd: f64,
    pub n: usize,
}

fn cell(values: &[f64]) -> Cell {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = if n > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64
    } else {
        0.0
    };
    Cell {
        mean,
        sd: var.sqrt(),
        n,
    }
}

/// The column of the regret table that holds the Bayes learner's own regret.
pub const BAYES_LEARNER: &str = "Bayes learner";

/// A table in first-appearance order of sources and compressors.
pub struct Table {
    pub sources: Vec<String>,
    pub compressors: Vec<String>,
    pub entropy: BTreeMap<String, Option<f64>>,
    /// Sources with a row whose sequence has not mixed (`Record::mixed`): their gap to the
    /// rate means nothing.
    pub unmixed: BTreeSet<String>,
    pub cells: BTreeMap<(String, String), Cell>,
    /// Published figures per (source, compressor) (gaps in a gap table), with the number of
    /// their citation.
    pub references: BTreeMap<(String, String), (f64, usize)>,
    /// Citations, numbered from 1, with the length each figure was measured at.
    pub citations: Vec<String>,
}

impl Table {
    /// `gap`: subtract the entropy rate (cells of sources without one stay empty).
    pub fn build(rows: &[Record], gap: bool) -> Table {
        Table::of(rows, |r| {
            match (r.bits_per_symbol, gap, r.entropy_rate_bps) {
                (Some(b), false, _) => Some(b),
                (Some(b), true, Some(h)) => Some(b - h),
                _ => None,
            }
        })
    }

    /// Regret against the oracle (bits/symbol − oracle_bps), with the Bayes learner's own
    /// regret as a last column where the sources have one; `None` when no row has an oracle.
    pub fn regret(rows: &[Record]) -> Option<Table> {
        let regret = |r: &Record| Some(r.bits_per_symbol? - r.oracle_bps?);
        if !rows.iter().any(|r| r.oracle_bps.is_some()) {
            return None;
        }
        let mut table = Table::of(rows, regret);
        // One value per (source, seed, length): every compressor's row repeats it.
        let mut learner: BTreeMap<(String, u64, usize), f64> = BTreeMap::new();
        for r in rows {
            if let (Some(b), Some(o)) = (r.bayes_bps, r.oracle_bps) {
                learner.insert((r.source.clone(), r.seed, r.length), b - o);
            }
        }
        if !learner.is_empty() {
            table.compressors.push(BAYES_LEARNER.to_string());
            for s in &table.sources {
                let values: Vec<f64> = learner
                    .iter()
                    .filter(|((source, _, _), _)| source == s)
                    .map(|(_, &v)| v)
                    .collect();
                if !values.is_empty() {
                    let key = (s.clone(), BAYES_LEARNER.to_string());
                    table.cells.insert(key, cell(&values));
                }
            }
        }
        Some(table)
    }

    /// The table of `value` of each row (rows with an error, or no value, leave no mark).
    fn of(rows: &[Record], value: impl Fn(&Record) -> Option<f64>) -> Table {
        let mut sources = Vec::new();
        let mut compressors = Vec::new();
        let mut entropy = BTreeMap::new();
        let mut unmixed = BTreeSet::new();
        let mut values: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
        for r in rows {
            if !sources.contains(&r.source) {
                sources.push(r.source.clone());
            }
            if !compressors.contains(&r.compressor) {
                compressors.push(r.compressor.clone());
            }
            entropy.insert(r.source.clone(), r.entropy_rate_bps);
            if r.mixed == Some(false) {
                unmixed.insert(r.source.clone());
            }
            if let (Some(v), true) = (value(r), r.error.is_empty()) {
                values
                    .entry((r.source.clone(), r.compressor.clone()))
                    .or_default()
                    .push(v);
            }
        }
        let cells = values.into_iter().map(|(k, v)| (k, cell(&v))).collect();
        Table {
            sources,
            compressors,
            entropy,
            unmixed,
            cells,
            references: BTreeMap::new(),
            citations: Vec::new(),
        }
    }

    /// Adds published figures beside the cells of the sources and compressors the table has
    /// (as gaps where `gap`, for sources with a known entropy rate).
    pub fn with_references(mut self, refs: &[Reference], gap: bool) -> Table {
        for r in refs {
            if !self.sources.contains(&r.source) || !self.compressors.contains(&r.compressor) {
                continue;
            }
            let h = self.entropy.get(&r.source).copied().flatten();
            let value = match (gap, h) {
                (false, _) => r.bits_per_symbol,
                (true, Some(h)) => r.bits_per_symbol - h,
                (true, None) => continue,
            };
            let cite = match r.length {
                Some(n) => format!("{} ({n} symbols)", r.citation),
                None => r.citation.clone(),
            };
            let number = match self.citations.iter().position(|c| *c == cite) {
                Some(i) => i + 1,
                None => {
                    self.citations.push(cite);
                    self.citations.len()
                }
            };
            let key = (r.source.clone(), r.compressor.clone());
            self.references.insert(key, (value, number));
        }
        self
    }
}

#[cfg(test)]
mod tests;
