//! Reports from a results folder: tables (CSV, Markdown) and PNG figures, rendered from
//! results.csv and curves.csv alone, so `bench report` can redo them any time.

/// Draws a figure twice through `$render` (an expression of the drawing area `$area`): as PNG
/// at `$path` and as SVG beside it, each written whole (`style::whole`).
macro_rules! draw_png_and_svg {
    ($path:expr, $size:expr, |$area:ident| $render:expr) => {{
        $crate::report::style::whole($path, |p| {
            let $area = plotters::prelude::BitMapBackend::new(p, $size).into_drawing_area();
            $render
        })?;
        $crate::report::style::whole(&$crate::report::style::svg_beside($path), |p| {
            let $area = plotters::prelude::SVGBackend::new(p, $size).into_drawing_area();
            $render
        })
    }};
}

mod bps_plot;
mod curves_plot;
mod gap_plot;
mod icl_plot;
mod pareto_plot;
mod regret_plot;
mod style;
pub mod tables;

use std::path::{Path, PathBuf};

use deepzip_core::atomic_file::write_whole;

use crate::results_csv::{load_curves, load_icl, load_references, load_results};
use crate::runner::{CURVES, ICL, REFERENCES, RESULTS};
use tables::Table;

pub const TABLE_MD: &str = "table.md";
pub const TABLE_CSV: &str = "table.csv";
pub const GAP_MD: &str = "gap.md";
pub const GAP_CSV: &str = "gap.csv";
pub const REGRET_CSV: &str = "regret.csv";
pub const REGRET_PLOT: &str = "regret.png";
pub const GAP_PLOT: &str = "gap_vs_k.png";
pub const BPS_PLOT: &str = "bits_per_symbol.png";
pub const CURVES_PLOT: &str = "learning_curves.png";
pub const ICL_PLOT: &str = "icl.png";
pub const PARETO_PLOT: &str = "pareto.png";

fn write(path: PathBuf, text: &str) -> anyhow::Result<PathBuf> {
    write_whole(&path, text.as_bytes(), true)?;
    Ok(path)
}

/// Renders every table and figure of `dir`; returns the files written.
pub fn render(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let rows = load_results(&dir.join(RESULTS))?;
    anyhow::ensure!(
        !rows.is_empty(),
        "{} has no rows",
        dir.join(RESULTS).display()
    );
    let experiment = rows[0].experiment.clone();
    let refs = load_references(&dir.join(REFERENCES))?;
    let bps = Table::build(&rows, false).with_references(&refs, false);
    let gap = Table::build(&rows, true).with_references(&refs, true);
    let regret = Table::regret(&rows);
    let regret_md = regret.as_ref().map_or(String::new(), |t| {
        format!(
            "\n{}",
            t.markdown(&format!(
                "{experiment}: regret against the oracle (bits/symbol − oracle_bps)"
            ))
        )
    });
    let mut curves = load_curves(&dir.join(CURVES))?;
    load_icl(&dir.join(ICL), &mut curves)?;
    let priced = tables::priced::priced(&rows, &curves);
    let priced_md = match priced.is_empty() {
        true => String::new(),
        false => format!(
            "\n{}",
            tables::priced::markdown(&priced, &format!("{experiment}: priors, raw and adjusted"))
        ),
    };
    let mut written = vec![
        write(
            dir.join(TABLE_MD),
            &format!(
                "{}\n{}{regret_md}{priced_md}",
                bps.markdown(&format!("{experiment}: bits per symbol")),
                gap.markdown(&format!(
                    "{experiment}: gap to the entropy rate (bits/symbol)"
                ))
            ),
        )?,
        write(dir.join(TABLE_CSV), &bps.csv()?)?,
        write(
            dir.join(GAP_MD),
            &gap.markdown(&format!(
                "{experiment}: gap to the entropy rate (bits/symbol)"
            )),
        )?,
        write(dir.join(GAP_CSV), &gap.csv()?)?,
    ];
    if let Some(t) = &regret {
        written.push(write(dir.join(REGRET_CSV), &t.csv()?)?);
    }
    let figure = |name: &str| [dir.join(name), style::svg_beside(&dir.join(name))];
    bps_plot::draw(&rows, &experiment, &dir.join(BPS_PLOT))?;
    written.extend(figure(BPS_PLOT));
    if gap_plot::draw(&rows, &refs, &experiment, &dir.join(GAP_PLOT))? {
        written.extend(figure(GAP_PLOT));
    }
    if curves_plot::draw(&rows, &curves, &experiment, &dir.join(CURVES_PLOT))? {
        written.extend(figure(CURVES_PLOT));
    }
    if regret_plot::draw(&rows, &curves, &experiment, &dir.join(REGRET_PLOT))? {
        written.extend(figure(REGRET_PLOT));
    }
    if icl_plot::draw(&rows, &curves, &experiment, &dir.join(ICL_PLOT))? {
        written.extend(figure(ICL_PLOT));
    }
    if pareto_plot::draw(&rows, &experiment, &dir.join(PARETO_PLOT))? {
        written.extend(figure(PARETO_PLOT));
    }
    Ok(written)
}
