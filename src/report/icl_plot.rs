//! Regret by position in context (icl.png), the in-context papers' figure: for each source
//! redrawn every L symbols, each model's bits minus the oracle's at position t of a segment,
//! averaged over the segments, against t on log axes, beside the Bayes learner's (first seed
//! only; values below 1e-4 drawn at 1e-4). From icl.csv.

use std::collections::BTreeMap;
use std::path::Path;

use super::regret_plot::{compressors, draw_panels, Axes, Panel, FLOOR};
use crate::record::{Curve, Record};

/// (t, bits − oracle) for t = 1..=L.
fn regret(bits: &[f64], oracle: &[f64]) -> Vec<(f64, f64)> {
    bits.iter()
        .zip(oracle)
        .enumerate()
        .map(|(i, (b, o))| ((i + 1) as f64, (b - o).max(FLOOR)))
        .collect()
}

/// Draws the panels; returns false (and draws nothing) when no curve has positions with an
/// oracle.
pub fn draw(
    rows: &[Record],
    curves: &[Curve],
    experiment: &str,
    path: &Path,
) -> anyhow::Result<bool> {
    let by_job: BTreeMap<usize, &Record> = rows.iter().map(|r| (r.job, r)).collect();
    let compressors = compressors(rows);
    let first_seed = rows.iter().map(|r| r.seed).min();
    let mut panels: Vec<Panel> = Vec::new();
    for curve in curves {
        let Some(r) = by_job.get(&curve.job) else {
            continue;
        };
        let positions = curve.by_position.len();
        if Some(r.seed) != first_seed
            || positions == 0
            || curve.oracle_by_position.len() != positions
        {
            continue;
        }
        if panels.last().is_none_or(|p| p.source != r.source) {
            let bayes = match curve.bayes_by_position.len() == positions {
                true => regret(&curve.bayes_by_position, &curve.oracle_by_position),
                false => Vec::new(),
            };
            panels.push(Panel {
                source: r.source.clone(),
                models: Vec::new(),
                bayes,
                parameters: None,
            });
        }
        let ci = compressors
            .iter()
            .position(|c| **c == r.compressor)
            .unwrap_or(0);
        let line = regret(&curve.by_position, &curve.oracle_by_position);
        panels.last_mut().expect("pushed").models.push((ci, line));
    }
    let title = format!("{experiment}: regret by position in context, bits − oracle");
    let axes = Axes {
        title: &title,
        x: "position t in the segment",
        y: "bits − oracle at t (bits)",
    };
    draw_panels(&panels, &compressors, &axes, path)
}
