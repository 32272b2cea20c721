//! Bits per symbol for each source, one bar per compressor in each source's group, the
//! entropy rate marked as a black line across the group.

use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::style::{color, legend, register_font, FONT, HEIGHT};
use super::tables::Table;
use crate::record::Record;

/// Draws the figure as PNG at `path` and as SVG beside it.
pub fn draw(rows: &[Record], experiment: &str, path: &Path) -> anyhow::Result<()> {
    let table = Table::build(rows, false);
    register_font();
    let size = ((160 * table.sources.len() as u32).clamp(1000, 4000), HEIGHT);
    draw_png_and_svg!(path, size, |area| render(area, &table, experiment))
}

fn render<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    table: &Table,
    experiment: &str,
) -> anyhow::Result<()> {
    let n = table.sources.len();
    let m = table.compressors.len().max(1);
    // Head room above the tallest bar for the legend, one line per compressor.
    let ymax =
        table.cells.values().map(|c| c.mean).fold(1.0f64, f64::max) * (1.1 + 0.05 * m as f64);
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{experiment}: bits per symbol by source (black line: entropy rate)"),
            (FONT, 28),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..ymax)
        .map_err(|e| anyhow!("{e}"))?;
    let names = table.sources.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.max(2))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_desc("source")
        .y_desc("bits per symbol")
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 20))
        .draw()
        .map_err(|e| anyhow!("{e}"))?;
    let bar = 0.8 / m as f64;
    for (ci, compressor) in table.compressors.iter().enumerate() {
        let bars: Vec<Rectangle<(f64, f64)>> = table
            .sources
            .iter()
            .enumerate()
            .filter_map(|(si, s)| {
                let c = table.cells.get(&(s.clone(), compressor.clone()))?;
                let x0 = si as f64 - 0.4 + ci as f64 * bar;
                Some(Rectangle::new(
                    [(x0, 0.0), (x0 + bar * 0.9, c.mean)],
                    color(ci).filled(),
                ))
            })
            .collect();
        chart
            .draw_series(bars)
            .map_err(|e| anyhow!("{e}"))?
            .label(compressor.clone())
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 6), (x + 14, y + 6)], color(ci).filled())
            });
    }
    for (si, s) in table.sources.iter().enumerate() {
        if let Some(Some(h)) = table.entropy.get(s) {
            let x = si as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x - 0.45, *h), (x + 0.45, *h)],
                    BLACK.stroke_width(3),
                )))
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, 15)?;
    root.present().map_err(|e| anyhow!("{e}"))?;
    Ok(())
}
