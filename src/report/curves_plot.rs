//! Learning curves: bits per symbol against position, one panel per source, one line per
//! model-based compressor, the entropy rate dashed.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::style::{
    color, count_label, register_font, with_legend_column, Entry, FONT, LEGEND_WIDTH,
};
use crate::record::Curve;
use crate::record::Record;

/// Draws the panels; returns false (and draws nothing) when no job has a curve.
pub fn draw(
    rows: &[Record],
    curves: &[Curve],
    experiment: &str,
    path: &Path,
) -> anyhow::Result<bool> {
    let by_job: BTreeMap<usize, &Record> = rows.iter().map(|r| (r.job, r)).collect();
    // (source, compressor) → points, first seed only, so panels stay readable.
    let mut lines: BTreeMap<(String, String), Vec<(f64, f64)>> = BTreeMap::new();
    let first_seed = rows.iter().map(|r| r.seed).min();
    for curve in curves {
        let Some(r) = by_job.get(&curve.job) else {
            continue;
        };
        if Some(r.seed) == first_seed && !curve.points.is_empty() {
            lines
                .entry((r.source.clone(), r.compressor.clone()))
                .or_default()
                .extend(curve.points.iter().map(|&(pos, bps)| (pos as f64, bps)));
        }
    }
    if lines.is_empty() {
        return Ok(false);
    }
    // Colours follow each compressor's place among all of them, as in the other figures.
    let mut sources: Vec<&String> = Vec::new();
    let mut compressors: Vec<&String> = Vec::new();
    for r in rows {
        if !compressors.contains(&&r.compressor) {
            compressors.push(&r.compressor);
        }
        if lines.contains_key(&(r.source.clone(), r.compressor.clone()))
            && !sources.contains(&&r.source)
        {
            sources.push(&r.source);
        }
    }
    let entropy: BTreeMap<&String, Option<f64>> = rows
        .iter()
        .map(|r| (&r.source, r.entropy_rate_bps))
        .collect();
    let cols = (sources.len() as f64).sqrt().ceil() as usize;
    let nrows = sources.len().div_ceil(cols);
    let panels = Panels {
        lines: &lines,
        sources: &sources,
        compressors: &compressors,
        entropy: &entropy,
        grid: (nrows, cols),
    };
    register_font();
    let size = (520 * cols as u32 + LEGEND_WIDTH, 60 + 380 * nrows as u32);
    draw_png_and_svg!(path, size, |area| render(area, &panels, experiment))?;
    Ok(true)
}

/// What the panels show: each source's lines, colours by compressor.
struct Panels<'a> {
    lines: &'a BTreeMap<(String, String), Vec<(f64, f64)>>,
    sources: &'a [&'a String],
    compressors: &'a [&'a String],
    entropy: &'a BTreeMap<&'a String, Option<f64>>,
    /// Rows and columns of panels.
    grid: (usize, usize),
}

fn render<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    p: &Panels,
    experiment: &str,
) -> anyhow::Result<()> {
    let Panels {
        lines,
        sources,
        compressors,
        entropy,
        grid,
    } = p;
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let root = root
        .titled(
            &format!("{experiment}: learning curves (bits per symbol over each window)"),
            (FONT, 26),
        )
        .map_err(|e| anyhow!("{e}"))?;
    let mut entries: Vec<Entry> = compressors
        .iter()
        .enumerate()
        .map(|(ci, name)| Entry::line(color(ci).stroke_width(2), name))
        .collect();
    if entropy.values().any(Option::is_some) {
        entries.push(Entry::dashed(BLACK.stroke_width(2), "entropy rate"));
    }
    let root = with_legend_column(&root, &entries)?;
    let panels = root.split_evenly(*grid);
    for (panel, source) in panels.iter().zip(sources.iter()) {
        let mine: Vec<(usize, &Vec<(f64, f64)>)> = compressors
            .iter()
            .enumerate()
            .filter_map(|(ci, c)| {
                lines
                    .get(&((*source).clone(), (*c).clone()))
                    .map(|l| (ci, l))
            })
            .collect();
        let xmax = mine
            .iter()
            .flat_map(|(_, l)| l.iter().map(|p| p.0))
            .fold(1.0f64, f64::max);
        let ymax = mine
            .iter()
            .flat_map(|(_, l)| l.iter().map(|p| p.1))
            .fold(0.1f64, f64::max)
            * 1.05;
        let mut chart = ChartBuilder::on(panel)
            .caption(source.as_str(), (FONT, 20))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(55)
            .build_cartesian_2d(0f64..xmax, 0f64..ymax)
            .map_err(|e| anyhow!("{e}"))?;
        chart
            .configure_mesh()
            .x_desc("position (symbols)")
            .y_desc("bits/symbol")
            .x_labels(5)
            .x_label_formatter(&|x| count_label(*x))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| anyhow!("{e}"))?;
        for (ci, line) in mine {
            chart
                .draw_series(LineSeries::new(
                    line.iter().copied(),
                    color(ci).stroke_width(2),
                ))
                .map_err(|e| anyhow!("{e}"))?;
        }
        if let Some(Some(h)) = entropy.get(source) {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, *h), (xmax, *h)],
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
