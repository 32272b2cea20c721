//! What every figure shares: the embedded font (DejaVu Sans, so labels render on machines
//! without font packages), the palette and the canvas size.

use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::chart::{ChartContext, SeriesLabelPosition};
use plotters::coord::{CoordTranslate, Shift};
use plotters::element::{PathElement, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::{Color, FontStyle, RGBColor, ShapeStyle, BLACK, WHITE};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 750;
/// The family name the embedded font is registered under.
pub const FONT: &str = "sans-serif";

/// The SVG drawn beside a PNG: the same name with `.svg`.
pub fn svg_beside(png: &Path) -> PathBuf {
    png.with_extension("svg")
}

/// Draws one file of a figure through `draw`, which is given the path its backend writes:
/// a temporary name beside `target`, renamed into place only when the drawing is whole.
pub fn whole(target: &Path, draw: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let file = deepzip_core::atomic_file::AtomicFile::create(target, true)?;
    draw(file.path()).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", target.display()))?;
    file.commit()
}

/// Registers the embedded font with plotters once per process.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a known-good TTF shipped by the `dejavu` crate.
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
            .unwrap_or_else(|_| panic!("embedded DejaVu Sans is not a valid font"));
    });
}

/// A colour-blind-friendly palette (Okabe–Ito, then Tol), cycled.
pub fn color(i: usize) -> RGBColor {
    const PALETTE: [RGBColor; 12] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(110, 110, 110),
        RGBColor(240, 228, 66),
        RGBColor(136, 34, 85),
        RGBColor(68, 170, 153),
        RGBColor(153, 153, 51),
        RGBColor(170, 68, 153),
    ];
    PALETTE[i % PALETTE.len()]
}

/// The legend every figure draws: framed, on a translucent white box.
pub fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    font_size: u32,
) -> anyhow::Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, font_size))
        .draw()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Width of the legend column of a multi-panel figure, pixels.
pub const LEGEND_WIDTH: u32 = 380;

/// One entry of a figure's legend: a line's style, whether it is dashed, and its name.
pub struct Entry {
    pub style: ShapeStyle,
    pub dashed: bool,
    pub name: String,
}

impl Entry {
    pub fn line(style: ShapeStyle, name: &str) -> Entry {
        Entry {
            style,
            dashed: false,
            name: name.to_string(),
        }
    }

    pub fn dashed(style: ShapeStyle, name: &str) -> Entry {
        Entry {
            dashed: true,
            ..Entry::line(style, name)
        }
    }
}

/// A multi-panel figure's area split into its panels' part and, right of it, one legend
/// for every panel, so no legend covers a curve.
pub fn with_legend_column<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> anyhow::Result<DrawingArea<DB, Shift>> {
    let width = root.dim_in_pixel().0 as i32;
    let (panels, column) = root.split_horizontally(width - LEGEND_WIDTH as i32);
    let (x, line) = (12, 22);
    for (i, e) in entries.iter().enumerate() {
        let y = 40 + line * i as i32;
        let segments: Vec<(i32, i32)> = if e.dashed {
            vec![(x, x + 10), (x + 16, x + 26)]
        } else {
            vec![(x, x + 26)]
        };
        for (a, b) in segments {
            column
                .draw(&PathElement::new(vec![(a, y), (b, y)], e.style))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        column
            .draw(&Text::new(e.name.clone(), (x + 34, y - 8), (FONT, 14)))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(panels)
}

/// 0, 500, 20k, 1.5M: positions as people write them.
pub fn count_label(x: f64) -> String {
    match x.abs() {
        a if a >= 1e6 => format!("{}M", x / 1e6),
        a if a >= 1e3 => format!("{}k", x / 1e3),
        _ => format!("{x}"),
    }
}
