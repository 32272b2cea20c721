//! A table as Markdown (the better encoding of a classical compressor in bold, published
//! figures beside ours) and as CSV (a mean and an sd column per compressor).

use std::fmt::Write as _;

use polars::prelude::{Column, DataFrame};

use super::{Cell, Table};
use crate::compressor_spec::other_encoding;
use crate::results_csv::csv_text;

impl Table {
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
            let mark = if self.unmixed.contains(s) { " †" } else { "" };
            write!(out, "| {s}{mark} | {} |", self.entropy_text(s)).unwrap();
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
        if !self.unmixed.is_empty() {
            out.push_str(
                "\n† Not mixed: on this sequence the oracle departs from the entropy rate by \
                 more than 4 standard errors (the chain has not mixed over the job's length, \
                 column `mixed` of results.csv), so a gap to the rate means nothing there: read \
                 the regret against the oracle.\n",
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

    /// CSV with a mean and an sd column per compressor, through the harness's one CSV
    /// writer (a label with a comma is quoted).
    pub fn csv(&self) -> anyhow::Result<String> {
        let text = |v: Option<f64>| v.map(|x| x.to_string());
        let mut columns: Vec<Column> = vec![
            Column::new("source".into(), &self.sources),
            Column::new(
                "entropy_rate_bps".into(),
                self.sources
                    .iter()
                    .map(|s| Some(self.entropy_text(s)).filter(|t| !t.is_empty()))
                    .collect::<Vec<_>>(),
            ),
        ];
        for c in &self.compressors {
            let cells: Vec<Option<&Cell>> = self
                .sources
                .iter()
                .map(|s| self.cells.get(&(s.clone(), c.clone())))
                .collect();
            let mean: Vec<Option<String>> = cells.iter().map(|x| text(x.map(|x| x.mean))).collect();
            let sd: Vec<Option<String>> = cells.iter().map(|x| text(x.map(|x| x.sd))).collect();
            columns.push(Column::new(c.into(), mean));
            columns.push(Column::new(format!("{c}_sd").into(), sd));
        }
        csv_text(&mut DataFrame::new_infer_height(columns)?)
    }
}
