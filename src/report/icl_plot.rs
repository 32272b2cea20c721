//! Regret by position in context (icl.png), the in-context papers' figure: for each source
//! redrawn every L symbols, each model's bits minus the oracle's at position t of a segment,
//! averaged over the segments and over log-spaced bins of positions, against t on log axes,
//! beside the Bayes learner's (first seed only; values below 1e-4 drawn at 1e-4). From
//! icl.csv, which has every position.

use std::path::Path;

use super::regret_plot::{draw_panels, panels, Axes, Lines, FLOOR};
use crate::record::{Curve, Record};

/// Bins of positions per factor of 10 (each bin's width grows with its position, so every
/// bin averages enough segments to be read).
const BINS_PER_DECADE: f64 = 12.0;

/// (t, bits − oracle) for t = 1..=L, averaged over log-spaced bins of positions (each drawn
/// at its last position).
fn regret(bits: &[f64], oracle: &[f64]) -> Vec<(f64, f64)> {
    let mut line = Vec::new();
    let (mut sum, mut n) = (0.0, 0usize);
    let mut edge = 1.0f64;
    for (i, (b, o)) in bits.iter().zip(oracle).enumerate() {
        let t = (i + 1) as f64;
        sum += b - o;
        n += 1;
        if t >= edge.floor() || i + 1 == bits.len().min(oracle.len()) {
            line.push((t, (sum / n as f64).max(FLOOR)));
            (sum, n) = (0.0, 0);
            while edge.floor() <= t {
                edge *= 10f64.powf(1.0 / BINS_PER_DECADE);
            }
        }
    }
    line
}

/// Draws the panels; returns false (and draws nothing) when no curve has positions with an
/// oracle.
pub fn draw(
    rows: &[Record],
    curves: &[Curve],
    experiment: &str,
    path: &Path,
) -> anyhow::Result<bool> {
    let (panels, compressors) = panels(rows, curves, |_, curve| {
        let (bits, oracle) = (&curve.by_position, &curve.oracle_by_position);
        if bits.is_empty() || oracle.len() != bits.len() {
            return None;
        }
        let bayes = match curve.bayes_by_position.len() == bits.len() {
            true => regret(&curve.bayes_by_position, oracle),
            false => Vec::new(),
        };
        Some(Lines {
            model: regret(bits, oracle),
            bayes,
            parameters: None,
        })
    });
    let title = format!("{experiment}: regret by position in context, bits − oracle");
    let axes = Axes {
        title: &title,
        x: "position t in the segment",
        y: "bits − oracle at t (bits)",
    };
    draw_panels(&panels, &compressors, &axes, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_averaged_over_log_spaced_bins() {
        let line = regret(&[3.0; 100], &[1.0; 100]);
        assert_eq!(line[0], (1.0, 2.0));
        assert_eq!(line.last().unwrap().0, 100.0);
        assert!(line.len() > 15 && line.len() < 30, "{}", line.len());
        assert!(line.iter().all(|&(_, r)| r == 2.0));
        // Below the floor: drawn at it.
        assert_eq!(regret(&[1.0], &[2.0]), [(1.0, FLOOR)]);
    }
}
