//! Regret against the oracle as the in-context-learning papers draw it: for each source with
//! yardsticks, each model's cumulative regret per symbol, R(n)/n = Σ_{t≤n} (model − oracle)
//! bits / n, against n on log axes, beside the Bayes-optimal learner's and, for a random
//! order-k chain, the reference (M − 1)·M^k/2 · log2 n / n. Computed from curves.csv's windows
//! (first seed only); values below 1e-4 are drawn at 1e-4.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::style::{
    color, count_label, register_font, with_legend_column, Entry, FONT, LEGEND_WIDTH,
};
use crate::record::Curve;
use crate::record::Record;
use generators::Source;

/// The floor of the log axis of regret.
pub(super) const FLOOR: f64 = 1e-4;

/// One panel: the lines of the models (by compressor index), the Bayes learner's, and the
/// reference's parameter count (M − 1)·M^k where known.
pub(super) struct Panel {
    pub source: String,
    pub models: Vec<(usize, Vec<(f64, f64)>)>,
    pub bayes: Vec<(f64, f64)>,
    pub parameters: Option<f64>,
}

/// What a figure of regret panels says: its title and its axes.
pub(super) struct Axes<'a> {
    pub title: &'a str,
    pub x: &'a str,
    pub y: &'a str,
}

/// (n, R(n)/n) from windows of (end position, bits per symbol) and the oracle's bits per
/// symbol over the same windows.
fn cumulative(points: &[(u64, f64)], minus: &[f64]) -> Vec<(f64, f64)> {
    let (mut start, mut total) = (0u64, 0.0);
    points
        .iter()
        .zip(minus)
        .map(|(&(end, bps), &o)| {
            total += (bps - o) * (end - start) as f64;
            start = end;
            (end as f64, (total / end as f64).max(FLOOR))
        })
        .collect()
}

/// A random chain without resampling (read from its typed parameters): (M − 1)·M^k.
fn chain_parameters(params: &str) -> Option<f64> {
    match Source::from_params(params)? {
        Source::MarkovChain(c) if c.resample().is_none() => {
            let m = c.alphabet() as f64;
            Some((m - 1.0) * m.powi(c.order() as i32))
        }
        _ => None,
    }
}

/// Draws the panels; returns false (and draws nothing) when no curve has an oracle.
pub fn draw(
    rows: &[Record],
    curves: &[Curve],
    experiment: &str,
    path: &Path,
) -> anyhow::Result<bool> {
    let (panels, compressors) = panels(rows, curves, |r, curve| {
        if curve.oracle.len() != curve.points.len() {
            return None;
        }
        let bayes = match curve.bayes.len() == curve.points.len() {
            true => {
                let windows: Vec<(u64, f64)> = curve
                    .points
                    .iter()
                    .zip(&curve.bayes)
                    .map(|(&(end, _), &b)| (end, b))
                    .collect();
                cumulative(&windows, &curve.oracle)
            }
            false => Vec::new(),
        };
        Some(Lines {
            model: cumulative(&curve.points, &curve.oracle),
            bayes,
            parameters: chain_parameters(&r.source_params),
        })
    });
    let title = format!("{experiment}: regret per symbol against the oracle, R(n)/n");
    let axes = Axes {
        title: &title,
        x: "symbols n",
        y: "R(n)/n (bits/symbol)",
    };
    draw_panels(&panels, &compressors, &axes, path)
}

/// What one job's curve gives a panel: its model's line; and the Bayes learner's line and the
/// reference's parameter count, which the first job of each source gives.
pub(super) struct Lines {
    pub model: Vec<(f64, f64)>,
    pub bayes: Vec<(f64, f64)>,
    pub parameters: Option<f64>,
}

/// One panel per source, in the curves' order, from each curve of the first seed that `lines`
/// reads (`None`: the curve has nothing to draw); and the compressors (each one's colour).
pub(super) fn panels<'r>(
    rows: &'r [Record],
    curves: &[Curve],
    lines: impl Fn(&Record, &Curve) -> Option<Lines>,
) -> (Vec<Panel>, Vec<&'r String>) {
    let by_job: BTreeMap<usize, &Record> = rows.iter().map(|r| (r.job, r)).collect();
    let compressors = compressors(rows);
    let first_seed = rows.iter().map(|r| r.seed).min();
    let mut panels: Vec<Panel> = Vec::new();
    for curve in curves {
        let Some(r) = by_job
            .get(&curve.job)
            .filter(|r| Some(r.seed) == first_seed)
        else {
            continue;
        };
        let Some(lines) = lines(r, curve) else {
            continue;
        };
        if panels.last().is_none_or(|p| p.source != r.source) {
            panels.push(Panel {
                source: r.source.clone(),
                models: Vec::new(),
                bayes: lines.bayes,
                parameters: lines.parameters,
            });
        }
        let ci = compressors
            .iter()
            .position(|c| **c == r.compressor)
            .unwrap_or(0);
        panels
            .last_mut()
            .expect("pushed")
            .models
            .push((ci, lines.model));
    }
    (panels, compressors)
}

/// The compressors of `rows` in order of first appearance (each one's colour index).
fn compressors(rows: &[Record]) -> Vec<&String> {
    rows.iter().fold(Vec::new(), |mut seen, r| {
        if !seen.contains(&&r.compressor) {
            seen.push(&r.compressor);
        }
        seen
    })
}

/// Draws `panels` in a grid with one legend beside them; false (nothing drawn) without
/// panels.
pub(super) fn draw_panels(
    panels: &[Panel],
    compressors: &[&String],
    axes: &Axes,
    path: &Path,
) -> anyhow::Result<bool> {
    if panels.is_empty() {
        return Ok(false);
    }
    let cols = (panels.len() as f64).sqrt().ceil() as usize;
    let grid = (panels.len().div_ceil(cols), cols);
    register_font();
    let size = (560 * cols as u32 + LEGEND_WIDTH, 60 + 420 * grid.0 as u32);
    let names: Vec<&str> = compressors.iter().map(|c| c.as_str()).collect();
    draw_png_and_svg!(path, size, |area| render(area, panels, &names, grid, axes))?;
    Ok(true)
}

fn render<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    panels: &[Panel],
    compressors: &[&str],
    grid: (usize, usize),
    axes: &Axes,
) -> anyhow::Result<()> {
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let root = root
        .titled(axes.title, (FONT, 24))
        .map_err(|e| anyhow!("{e}"))?;
    let mut entries: Vec<Entry> = compressors
        .iter()
        .enumerate()
        .map(|(ci, name)| Entry::line(color(ci).stroke_width(2), name))
        .collect();
    if panels.iter().any(|p| !p.bayes.is_empty()) {
        entries.push(Entry::line(BLACK.stroke_width(3), "Bayes learner"));
    }
    if panels.iter().any(|p| p.parameters.is_some()) {
        entries.push(Entry::dashed(
            BLACK.stroke_width(2),
            "(M−1)·M^k/2 · log2 n / n",
        ));
    }
    let root = with_legend_column(&root, &entries)?;
    for (area, panel) in root.split_evenly(grid).iter().zip(panels) {
        let all = panel.models.iter().flat_map(|(_, l)| l).chain(&panel.bayes);
        let (xmax, ymax) = all.fold((10.0f64, FLOOR * 10.0), |(x, y), p| {
            (x.max(p.0), y.max(p.1))
        });
        let xmin = panel
            .models
            .iter()
            .flat_map(|(_, l)| l.first())
            .map(|p| p.0)
            .fold(xmax, f64::min);
        let mut chart = ChartBuilder::on(area)
            .caption(&panel.source, (FONT, 20))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d((xmin..xmax).log_scale(), (FLOOR..ymax * 1.5).log_scale())
            .map_err(|e| anyhow!("{e}"))?;
        chart
            .configure_mesh()
            .x_desc(axes.x)
            .x_label_formatter(&|x| count_label(*x))
            .y_desc(axes.y)
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| anyhow!("{e}"))?;
        for (ci, line) in &panel.models {
            let ci = *ci;
            chart
                .draw_series(LineSeries::new(
                    line.iter().copied(),
                    color(ci).stroke_width(2),
                ))
                .map_err(|e| anyhow!("{e}"))?;
        }
        if !panel.bayes.is_empty() {
            chart
                .draw_series(LineSeries::new(
                    panel.bayes.iter().copied(),
                    BLACK.stroke_width(3),
                ))
                .map_err(|e| anyhow!("{e}"))?;
        }
        if let Some(d) = panel.parameters {
            let reference = (0..=40).map(|i| {
                let n = xmin * (xmax / xmin).powf(i as f64 / 40.0);
                (n, (d / 2.0 * n.log2() / n).max(FLOOR))
            });
            chart
                .draw_series(DashedLineSeries::new(
                    reference,
                    8,
                    6,
                    BLACK.stroke_width(2),
                ))
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    root.present().map_err(|e| anyhow!("{e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_drawn_for_a_chain_without_resampling_only() {
        assert_eq!(chain_parameters("M=4 order=2 alpha=0.5"), Some(48.0));
        assert_eq!(chain_parameters("M=2 order=3 alpha=1e-3"), Some(8.0));
        assert_eq!(chain_parameters("M=4 order=2 alpha=0.5 resample=100"), None);
        assert_eq!(chain_parameters("M=2 k=20 noise=0"), None);
    }
}
