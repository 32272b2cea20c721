//! The bits-per-symbol, gap and regret tables: rows are sources, columns compressors, the
//! entropy rate beside them; mean ± standard deviation over seeds. Written as CSV and
//! Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::compressors::other_encoding;
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
        let mut values: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
        for r in rows {
            if !sources.contains(&r.source) {
                sources.push(r.source.clone());
            }
            if !compressors.contains(&r.compressor) {
                compressors.push(r.compressor.clone());
            }
            entropy.insert(r.source.clone(), r.entropy_rate_bps);
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

    /// The same classical compressor in its other encoding (`xz-9` and `xz-9-bytes`), where
    /// the table has both.
    fn other_encoding(&self, compressor: &str) -> Option<&String> {
        let other = other_encoding(compressor);
        self.compressors.iter().find(|c| **c == other)
    }

    /// Whether `compressor`'s cell of `source` beats its other encoding's.
    fn better_encoding(&self, source: &str, compressor: &str) -> bool {
        let mean = |c: &str| {
            self.cells
                .get(&(source.to_string(), c.to_string()))
                .map(|c| c.mean)
        };
        match (
            mean(compressor),
            self.other_encoding(compressor).and_then(|o| mean(o)),
        ) {
            (Some(mine), Some(other)) => mine < other,
            _ => false,
        }
    }

    fn text(&self, source: &str, compressor: &str) -> String {
        let key = (source.to_string(), compressor.to_string());
        let ours = match self.cells.get(&key) {
            None => String::new(),
            Some(c) if c.n > 1 => format!("{:.4} ± {:.4}", c.mean, c.sd),
            Some(c) => format!("{:.4}", c.mean),
        };
        let ours = if self.better_encoding(source, compressor) {
            format!("**{ours}**")
        } else {
            ours
        };
        match self.references.get(&key) {
            None => ours,
            Some((value, number)) => {
                let ours = if ours.is_empty() { "—".into() } else { ours };
                format!("{ours} / {value:.4} [{number}]")
            }
        }
    }

    fn entropy_text(&self, source: &str) -> String {
        self.entropy
            .get(source)
            .copied()
            .flatten()
            .map_or(String::new(), |h| format!("{h:.4}"))
    }

    pub fn markdown(&self, title: &str) -> String {
        let mut out = format!("### {title}\n\n| source | entropy rate (bits/symbol) |");
        for c in &self.compressors {
            write!(out, " {c} |").unwrap();
        }
        out.push_str("\n|---|---:|");
        out.push_str(&"---:|".repeat(self.compressors.len()));
        out.push('\n');
        for s in &self.sources {
            write!(out, "| {s} | {} |", self.entropy_text(s)).unwrap();
            for c in &self.compressors {
                write!(out, " {} |", self.text(s, c)).unwrap();
            }
            out.push('\n');
        }
        if self
            .compressors
            .iter()
            .any(|c| self.other_encoding(c).is_some())
        {
            out.push_str(
                "\nClassical compressors ran on bit-packed symbols (`xz-9`) and on one byte per \
                 symbol (`xz-9-bytes`); the better of the two is in bold.\n",
            );
        }
        if !self.citations.is_empty() {
            out.push_str("\nCells with a published figure read `ours / published [n]`:\n\n");
            for (i, c) in self.citations.iter().enumerate() {
                writeln!(out, "{}. {c}", i + 1).unwrap();
            }
        }
        out
    }

    /// CSV with a mean and an sd column per compressor.
    pub fn csv(&self) -> String {
        let mut out = String::from("source,entropy_rate_bps");
        for c in &self.compressors {
            write!(out, ",{c},{c}_sd").unwrap();
        }
        out.push('\n');
        for s in &self.sources {
            write!(out, "{s},{}", self.entropy_text(s)).unwrap();
            for c in &self.compressors {
                match self.cells.get(&(s.clone(), c.clone())) {
                    Some(cell) => write!(out, ",{},{}", cell.mean, cell.sd).unwrap(),
                    None => out.push_str(",,"),
                }
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str, compressor: &str, seed: u64, bps: f64, h: Option<f64>) -> Record {
        Record {
            experiment: "t".into(),
            job: 0,
            source: source.into(),
            source_params: String::new(),
            length: 100,
            seed,
            compressor: compressor.into(),
            compressor_params: String::new(),
            bits_per_symbol: Some(bps),
            entropy_rate_bps: h,
            alphabet: 2,
            verified: true,
            ..Record::default()
        }
    }

    #[test]
    fn cells_hold_mean_and_sd_over_seeds() {
        let rows = vec![
            row("iid", "gzip", 1, 2.0, Some(1.75)),
            row("iid", "gzip", 2, 2.2, Some(1.75)),
            row("iid", "order-0", 1, 1.76, Some(1.75)),
            row("file", "gzip", 1, 3.0, None),
        ];
        let t = Table::build(&rows, false);
        assert_eq!(t.sources, vec!["iid", "file"]);
        let c = t.cells[&("iid".into(), "gzip".into())];
        assert!((c.mean - 2.1).abs() < 1e-12 && (c.sd - 0.141_421_356).abs() < 1e-6);
        assert!(t
            .markdown("x")
            .contains("| iid | 1.7500 | 2.1000 ± 0.1414 | 1.7600 |"));
        assert!(t.markdown("x").contains("| file |  | 3.0000 |  |"));
        let g = Table::build(&rows, true);
        assert!((g.cells[&("iid".into(), "order-0".into())].mean - 0.01).abs() < 1e-12);
        assert!(!g.cells.contains_key(&("file".into(), "gzip".into())));
        assert!(g
            .csv()
            .starts_with("source,entropy_rate_bps,gzip,gzip_sd,order-0,order-0_sd\n"));
    }

    #[test]
    fn regret_is_against_the_oracle_with_the_bayes_learner_beside() {
        let with = |mut r: Record, oracle: Option<f64>, bayes: Option<f64>| {
            r.oracle_bps = oracle;
            r.bayes_bps = bayes;
            r
        };
        let rows = vec![
            with(
                row("chain", "order-2", 1, 1.30, None),
                Some(1.25),
                Some(1.26),
            ),
            with(row("chain", "gzip", 1, 1.50, None), Some(1.25), Some(1.26)),
            with(
                row("chain", "order-2", 2, 1.32, None),
                Some(1.29),
                Some(1.31),
            ),
            with(row("hmm", "order-2", 1, 2.0, None), Some(1.9), None),
            row("file", "order-2", 1, 3.0, None),
        ];
        assert!(Table::regret(&rows[4..]).is_none());
        let t = Table::regret(&rows).unwrap();
        assert_eq!(t.compressors, ["order-2", "gzip", BAYES_LEARNER]);
        let cell = |s: &str, c: &str| t.cells.get(&(s.to_string(), c.to_string())).copied();
        // (0.05 + 0.03) / 2 over the two seeds; the learner once per seed, not per column.
        assert!((cell("chain", "order-2").unwrap().mean - 0.04).abs() < 1e-12);
        let learner = cell("chain", BAYES_LEARNER).unwrap();
        assert_eq!(learner.n, 2);
        assert!((learner.mean - 0.015).abs() < 1e-12);
        assert!((cell("hmm", "order-2").unwrap().mean - 0.1).abs() < 1e-12);
        assert!(cell("hmm", BAYES_LEARNER).is_none() && cell("file", "order-2").is_none());
    }

    #[test]
    fn the_better_encoding_of_a_classical_compressor_is_bold() {
        let rows = vec![
            row("m20", "xz-9", 1, 1.0006, Some(0.0)),
            row("m20", "xz-9-bytes", 1, 0.496, Some(0.0)),
            row("iid", "xz-9", 1, 1.8, Some(1.75)),
            row("iid", "xz-9-bytes", 1, 2.5, Some(1.75)),
            row("iid", "order-2", 1, 1.76, Some(1.75)),
        ];
        let md = Table::build(&rows, false).markdown("x");
        assert!(
            md.contains("| m20 | 0.0000 | 1.0006 | **0.4960** |  |"),
            "{md}"
        );
        assert!(
            md.contains("| iid | 1.7500 | **1.8000** | 2.5000 | 1.7600 |"),
            "{md}"
        );
        assert!(md.contains("the better of the two is in bold"), "{md}");
    }

    #[test]
    fn references_sit_beside_our_cells_with_their_citation() {
        let rows = vec![
            row("iid", "gzip", 1, 2.0, Some(1.75)),
            row("file", "gzip", 1, 3.0, None),
        ];
        let reference = |source: &str, bps, length| Reference {
            source: source.into(),
            compressor: "gzip".into(),
            bits_per_symbol: bps,
            length,
            citation: "Paper, Table 1".into(),
        };
        let refs = [
            reference("iid", 2.5, Some(100)),
            reference("file", 3.5, None),
            reference("elsewhere", 1.0, None),
        ];
        let t = Table::build(&rows, false).with_references(&refs, false);
        let md = t.markdown("x");
        assert!(
            md.contains("| iid | 1.7500 | 2.0000 / 2.5000 [1] |"),
            "{md}"
        );
        assert!(md.contains("| file |  | 3.0000 / 3.5000 [2] |"), "{md}");
        assert!(
            md.ends_with("1. Paper, Table 1 (100 symbols)\n2. Paper, Table 1\n"),
            "{md}"
        );
        // As gaps: the source without an entropy rate has no reference gap.
        let g = Table::build(&rows, true).with_references(&refs, true);
        let md = g.markdown("x");
        assert!(
            md.contains("| iid | 1.7500 | 0.2500 / 0.7500 [1] |"),
            "{md}"
        );
        assert!(!md.contains("[2]"), "{md}");
        // Ours only in the CSV.
        assert!(!t.csv().contains("2.5"));
    }
}
