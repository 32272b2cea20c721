//! curves.csv: every job's learning curve, one row per window, with the oracle's and the
//! Bayes learner's bits over the same window where the source has them.

use super::cell::table;
use crate::record::Curve;

/// One window of one job's curve: a row of curves.csv.
struct Point {
    job: usize,
    position: u64,
    bits_per_symbol: Option<f64>,
    oracle_bps: Option<f64>,
    bayes_bps: Option<f64>,
}

table!(Point, points_frame, load_points:
    job,
    position,
    bits_per_symbol,
    oracle_bps (later),
    bayes_bps (later),
);

pub fn curves_frame(curves: &[Curve]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    let points: Vec<Point> = curves
        .iter()
        .flat_map(|c| {
            c.points
                .iter()
                .enumerate()
                .map(|(i, &(position, bps))| Point {
                    job: c.job,
                    position,
                    bits_per_symbol: Some(bps),
                    oracle_bps: c.oracle.get(i).copied(),
                    bayes_bps: c.bayes.get(i).copied(),
                })
        })
        .collect();
    points_frame(&points)
}

/// The learning curves of a curves.csv, one per job; empty when the file is absent.
pub fn load_curves(path: &std::path::Path) -> anyhow::Result<Vec<Curve>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut curves: Vec<Curve> = Vec::new();
    for p in load_points(path)? {
        let Some(bps) = p.bits_per_symbol else {
            continue;
        };
        if curves.last().is_none_or(|c| c.job != p.job) {
            curves.push(Curve {
                job: p.job,
                ..Curve::default()
            });
        }
        let c = curves.last_mut().expect("pushed");
        c.points.push((p.position, bps));
        c.oracle.extend(p.oracle_bps);
        c.bayes.extend(p.bayes_bps);
    }
    Ok(curves)
}
