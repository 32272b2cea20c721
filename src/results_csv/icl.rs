//! icl.csv: the regret by position in context (the in-context papers' picture). For a job on
//! a source redrawn every L symbols (`resample: L`), its bits per symbol at each position
//! 1..=L of a segment, averaged over the segments, beside the oracle's and the Bayes
//! learner's at the same position.

use super::cell::table;
use crate::record::Curve;

/// One position of one job: a row of icl.csv.
struct Position {
    job: usize,
    position: u64,
    bits_per_symbol: Option<f64>,
    oracle_bps: Option<f64>,
    bayes_bps: Option<f64>,
}

table!(Position, positions_frame, load_positions:
    job,
    position,
    bits_per_symbol,
    oracle_bps,
    bayes_bps,
);

/// The positions of every curve that has them.
pub fn icl_frame(curves: &[Curve]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    let rows: Vec<Position> = curves
        .iter()
        .flat_map(|c| {
            c.by_position.iter().enumerate().map(|(i, &bps)| Position {
                job: c.job,
                position: i as u64 + 1,
                bits_per_symbol: Some(bps),
                oracle_bps: c.oracle_by_position.get(i).copied(),
                bayes_bps: c.bayes_by_position.get(i).copied(),
            })
        })
        .collect();
    positions_frame(&rows)
}

/// Gives each curve its positions from an icl.csv (absent: none).
pub fn load_icl(path: &std::path::Path, curves: &mut [Curve]) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    for p in load_positions(path)? {
        let (Some(curve), Some(bps)) = (
            curves.iter_mut().find(|c| c.job == p.job),
            p.bits_per_symbol,
        ) else {
            continue;
        };
        curve.by_position.push(bps);
        curve.oracle_by_position.extend(p.oracle_bps);
        curve.bayes_by_position.extend(p.bayes_bps);
    }
    Ok(())
}
