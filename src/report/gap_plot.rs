//! Entropy gap against Markov order k, one line per compressor, log-scale y; published
//! figures (references.csv) as hollow markers in their compressor's colour.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::style::{color, legend, register_font, FONT, HEIGHT, WIDTH};
use crate::compressor_spec::packed_form;
use crate::record::Record;
use crate::record::Reference;
use generators::Source;

/// Gaps below this are drawn at it, so zero gaps still show on a log axis.
pub const GAP_FLOOR_BPS: f64 = 1e-4;

/// The k of a noiseless Markov source, from its typed parameters.
fn markov_k(row: &Record) -> Option<u64> {
    match Source::from_params(&row.source_params)? {
        Source::Markov(m) if m.noise() == 0.0 => Some(m.k() as u64),
        _ => None,
    }
}

/// Mean gap per (compressor, k), compressors in first-appearance order; a classical
/// compressor run in both encodings is one series at the better of the two for each k.
fn series(rows: &[Record]) -> Vec<(String, Vec<(u64, f64)>)> {
    let mut all = mean_series(rows);
    let bytes: Vec<usize> = (0..all.len())
        .filter(|&i| packed_form(&all[i].0).is_some())
        .collect();
    for i in bytes.into_iter().rev() {
        let packed = packed_form(&all[i].0).expect("filtered").to_string();
        let Some(j) = all.iter().position(|(name, _)| *name == packed) else {
            continue;
        };
        let (_, other) = all.remove(i);
        let j = if j > i { j - 1 } else { j };
        let (name, points) = &mut all[j];
        *name = format!("{packed} (best encoding)");
        for &(k, gap) in &other {
            match points.iter_mut().find(|p| p.0 == k) {
                Some(p) => p.1 = p.1.min(gap),
                None => points.push((k, gap)),
            }
        }
        points.sort_by_key(|p| p.0);
    }
    all
}

/// Mean gap per (compressor, k), compressors in first-appearance order.
fn mean_series(rows: &[Record]) -> Vec<(String, Vec<(u64, f64)>)> {
    let mut order: Vec<String> = Vec::new();
    let mut sums: BTreeMap<(String, u64), (f64, usize)> = BTreeMap::new();
    for r in rows {
        let (Some(k), Some(b), Some(h)) = (markov_k(r), r.bits_per_symbol, r.entropy_rate_bps)
        else {
            continue;
        };
        if !r.error.is_empty() {
            continue;
        }
        if !order.contains(&r.compressor) {
            order.push(r.compressor.clone());
        }
        let e = sums.entry((r.compressor.clone(), k)).or_insert((0.0, 0));
        e.0 += b - h;
        e.1 += 1;
    }
    order
        .into_iter()
        .map(|c| {
            let points = sums
                .iter()
                .filter(|((name, _), _)| *name == c)
                .map(|((_, k), (s, n))| (*k, (s / *n as f64).max(GAP_FLOOR_BPS)))
                .collect();
            (c, points)
        })
        .collect()
}

/// The published gaps per compressor of `series`, as (series index, k, gap).
fn reference_points(
    rows: &[Record],
    refs: &[Reference],
    series: &[(String, Vec<(u64, f64)>)],
) -> Vec<(usize, u64, f64)> {
    refs.iter()
        .filter_map(|r| {
            let packed = packed_form(&r.compressor).unwrap_or(&r.compressor);
            let best = format!("{packed} (best encoding)");
            let i = series
                .iter()
                .position(|(name, _)| *name == r.compressor || *name == best)?;
            let row = rows.iter().find(|row| row.source == r.source)?;
            let (k, h) = (markov_k(row)?, row.entropy_rate_bps?);
            Some((i, k, (r.bits_per_symbol - h).max(GAP_FLOOR_BPS)))
        })
        .collect()
}

/// Draws the plot; returns false (and draws nothing) when there are no Markov sources.
pub fn draw(
    rows: &[Record],
    refs: &[Reference],
    experiment: &str,
    path: &Path,
) -> anyhow::Result<bool> {
    let series = series(rows);
    if series.iter().all(|(_, p)| p.is_empty()) {
        return Ok(false);
    }
    let published = reference_points(rows, refs, &series);
    register_font();
    draw_png_and_svg!(path, (WIDTH, HEIGHT), |area| {
        render(area, &series, &published, experiment)
    })?;
    Ok(true)
}

type Series = [(String, Vec<(u64, f64)>)];

fn render<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    series: &Series,
    published: &[(usize, u64, f64)],
    experiment: &str,
) -> anyhow::Result<()> {
    let ks: Vec<u64> = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|x| x.0))
        .collect();
    let (Some(&kmin), Some(&kmax)) = (ks.iter().min(), ks.iter().max()) else {
        return Ok(());
    };
    let ymax = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|x| x.1))
        .chain(published.iter().map(|p| p.2))
        .fold(1.0f64, f64::max)
        * 2.0;
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{experiment}: entropy gap of Markov-k sources (M = 2)"),
            (FONT, 28),
        )
        .margin(20)
        .x_label_area_size(55)
        .y_label_area_size(90)
        .build_cartesian_2d(
            kmin.saturating_sub(5)..kmax + 5,
            (GAP_FLOOR_BPS / 2.0..ymax).log_scale(),
        )
        .map_err(|e| anyhow!("{e}"))?;
    chart
        .configure_mesh()
        .x_desc("Markov order k")
        .y_desc("gap to entropy rate (bits/symbol, log scale)")
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 20))
        .y_label_formatter(&|y| format!("{y:.0e}"))
        .draw()
        .map_err(|e| anyhow!("{e}"))?;
    for (i, (name, points)) in series.iter().enumerate() {
        let style = color(i).stroke_width(3);
        chart
            .draw_series(LineSeries::new(points.iter().copied(), style))
            .map_err(|e| anyhow!("{e}"))?
            .label(name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color(i).stroke_width(3))
            });
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 5, color(i).filled())))
            .map_err(|e| anyhow!("{e}"))?;
    }
    if !published.is_empty() {
        chart
            .draw_series(
                published
                    .iter()
                    .map(|&(i, k, gap)| Circle::new((k, gap), 8, color(i).stroke_width(2))),
            )
            .map_err(|e| anyhow!("{e}"))?
            .label("published (hollow)")
            .legend(|(x, y)| Circle::new((x + 10, y), 6, BLACK.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight, 16)?;
    root.present().map_err(|e| anyhow!("{e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: u64, compressor: &str, bps: f64) -> Record {
        Record {
            experiment: "t".into(),
            job: 0,
            source: format!("markov-{k}"),
            source_params: format!("M=2 k={k} noise=0"),
            alphabet: 2,
            length: 100,
            seed: 0,
            compressor: compressor.into(),
            compressor_params: String::new(),
            bits_per_symbol: Some(bps),
            entropy_rate_bps: Some(0.0),
            verified: true,
            ..Record::default()
        }
    }

    #[test]
    fn both_encodings_make_one_series_at_the_better() {
        let rows = [
            row(20, "xz-9", 1.0),
            row(20, "xz-9-bytes", 0.5),
            row(30, "xz-9", 0.8),
            row(30, "xz-9-bytes", 0.9),
            row(20, "order-2", 1.0),
            row(20, "zstd-19-bytes", 0.7),
        ];
        let s = series(&rows);
        let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["xz-9 (best encoding)", "order-2", "zstd-19-bytes"]);
        assert_eq!(s[0].1, [(20, 0.5), (30, 0.8)]);
    }
}
