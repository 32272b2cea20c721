//! The speed/size trade-off, lzbench-style: one panel per source, compress speed (symbols/s,
//! log scale) against bits per symbol, one labelled point per compressor, the entropy rate
//! dashed.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::style::{color, register_font, FONT};
use crate::record::Record;

/// Per source, in first-appearance order: (compressor index, speed, bits/symbol), means over
/// seeds of the rows without error.
type Points = Vec<(String, Vec<(usize, f64, f64)>)>;

fn points(rows: &[Record]) -> (Points, Vec<String>) {
    let (mut sources, mut compressors) = (Vec::<String>::new(), Vec::<String>::new());
    let mut sums: BTreeMap<(usize, usize), (f64, f64, usize)> = BTreeMap::new();
    for r in rows {
        let (Some(speed), Some(bps), true) =
            (r.symbols_per_s, r.bits_per_symbol, r.error.is_empty())
        else {
            continue;
        };
        let index =
            |names: &mut Vec<String>, name: &String| match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.clone());
                    names.len() - 1
                }
            };
        let (s, c) = (
            index(&mut sources, &r.source),
            index(&mut compressors, &r.compressor),
        );
        let e = sums.entry((s, c)).or_insert((0.0, 0.0, 0));
        (e.0, e.1, e.2) = (e.0 + speed, e.1 + bps, e.2 + 1);
    }
    let per_source = sources
        .iter()
        .enumerate()
        .map(|(s, name)| {
            let mine = sums
                .iter()
                .filter(|((si, _), _)| *si == s)
                .map(|((_, c), (speed, bps, n))| (*c, speed / *n as f64, bps / *n as f64))
                .collect();
            (name.clone(), mine)
        })
        .collect();
    (per_source, compressors)
}

/// Draws the panels as PNG at `path` and SVG beside it; false (nothing drawn) without rows.
pub fn draw(rows: &[Record], experiment: &str, path: &Path) -> anyhow::Result<bool> {
    let (per_source, compressors) = points(rows);
    if per_source.is_empty() {
        return Ok(false);
    }
    let entropy: BTreeMap<&String, Option<f64>> = rows
        .iter()
        .map(|r| (&r.source, r.entropy_rate_bps))
        .collect();
    let entropy: Vec<Option<f64>> = per_source
        .iter()
        .map(|(s, _)| entropy.get(s).copied().flatten())
        .collect();
    let cols = (per_source.len() as f64).sqrt().ceil() as usize;
    let grid = (per_source.len().div_ceil(cols), cols);
    let size = (560 * cols as u32, 60 + 420 * grid.0 as u32);
    let figure = Figure {
        per_source: &per_source,
        compressors: &compressors,
        entropy: &entropy,
        grid,
        experiment,
    };
    register_font();
    draw_png_and_svg!(path, size, |area| figure.render(area))?;
    Ok(true)
}

struct Figure<'a> {
    per_source: &'a Points,
    compressors: &'a [String],
    entropy: &'a [Option<f64>],
    grid: (usize, usize),
    experiment: &'a str,
}

impl Figure<'_> {
    fn render<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> anyhow::Result<()> {
        root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
        let title = format!(
            "{}: speed against size (compress symbols/s, log; dashed: entropy rate)",
            self.experiment
        );
        let root = root
            .titled(&title, (FONT, 26))
            .map_err(|e| anyhow!("{e}"))?;
        let panels = root.split_evenly(self.grid);
        for ((panel, (source, points)), h) in panels.iter().zip(self.per_source).zip(self.entropy) {
            let speeds = points.iter().map(|p| p.1);
            let (lo, hi) = speeds.fold((f64::MAX, 1.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let ymax = points.iter().map(|p| p.2).fold(0.1f64, f64::max) * 1.15;
            let mut chart = ChartBuilder::on(panel)
                .caption(source.as_str(), (FONT, 20))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(55)
                .build_cartesian_2d((lo / 3.0..hi * 3.0).log_scale(), 0f64..ymax)
                .map_err(|e| anyhow!("{e}"))?;
            chart
                .configure_mesh()
                .x_desc("compress symbols/s")
                .y_desc("bits/symbol")
                .x_label_formatter(&|x| format!("{x:.0e}"))
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .map_err(|e| anyhow!("{e}"))?;
            if let Some(h) = h {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(lo / 3.0, *h), (hi * 3.0, *h)],
                        8,
                        6,
                        BLACK.stroke_width(2),
                    ))
                    .map_err(|e| anyhow!("{e}"))?;
            }
            chart
                .draw_series(points.iter().map(|&(c, speed, bps)| {
                    EmptyElement::at((speed, bps))
                        + Circle::new((0, 0), 5, color(c).filled())
                        + Text::new(self.compressors[c].clone(), (7, -14), (FONT, 12))
                }))
                .map_err(|e| anyhow!("{e}"))?;
        }
        root.present().map_err(|e| anyhow!("{e}"))?;
        Ok(())
    }
}
