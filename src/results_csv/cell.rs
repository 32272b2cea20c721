//! How a table's field types become polars columns and are read back, with the file named in
//! every error (polars' own messages only repeat the column's name).

use std::path::Path;

use anyhow::Context;
use polars::prelude::{Column, DataFrame, DataType, NamedFrom, Series};

/// One read CSV, its columns looked up by name.
pub struct Columns<'a> {
    pub frame: &'a DataFrame,
    pub path: &'a Path,
}

/// Whether a column must be present, or was added after the first files were written (then
/// its cells are empty where it is absent).
#[derive(Clone, Copy, PartialEq)]
pub enum Since {
    First,
    Later,
}

impl Columns<'_> {
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    fn series(&self, name: &str, dtype: DataType) -> anyhow::Result<Series> {
        let col = self
            .frame
            .column(name)
            .map_err(|_| anyhow::anyhow!("{}: missing column `{name}`", self.path.display()))?;
        col.as_materialized_series()
            .strict_cast(&dtype)
            .with_context(|| format!("{}: column `{name}` is not {dtype}", self.path.display()))
    }

    fn present(&self, name: &str, since: Since) -> bool {
        since == Since::First || self.frame.column(name).is_ok()
    }
}

/// A field type that is one column of a table.
pub trait Cell: Sized {
    fn column(name: &str, values: Vec<Self>) -> Column;
    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>>;
}

impl Cell for String {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    fn read(c: &Columns, name: &str, _: Since) -> anyhow::Result<Vec<Self>> {
        let s = c.series(name, DataType::String)?;
        Ok(s.str()?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    }
}

impl Cell for bool {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        let texts = String::read(c, name, since)?;
        Ok(texts
            .iter()
            .map(|t| t.eq_ignore_ascii_case("true"))
            .collect())
    }
}

impl Cell for Option<bool> {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    /// `true`, `false`, or empty.
    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        if !c.present(name, since) {
            return Ok(vec![None; c.height()]);
        }
        String::read(c, name, since)?
            .iter()
            .enumerate()
            .map(|(i, t)| match t.to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => anyhow::bail!(
                    "{}: row {}: `{name}` is `{t}`, expected true, false or empty",
                    c.path.display(),
                    i + 1
                ),
            })
            .collect()
    }
}

impl Cell for Option<f64> {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        if !c.present(name, since) {
            return Ok(vec![None; c.height()]);
        }
        Ok(c.series(name, DataType::Float64)?.f64()?.iter().collect())
    }
}

impl Cell for Option<u64> {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        if !c.present(name, since) {
            return Ok(vec![None; c.height()]);
        }
        Ok(c.series(name, DataType::UInt64)?.u64()?.iter().collect())
    }
}

impl Cell for u64 {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    /// Every cell must hold a number.
    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        required(c, name, Option::<u64>::read(c, name, since)?)
    }
}

impl Cell for usize {
    fn column(name: &str, values: Vec<Self>) -> Column {
        u64::column(name, values.into_iter().map(|v| v as u64).collect())
    }

    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        Ok(u64::read(c, name, since)?
            .into_iter()
            .map(|v| v as usize)
            .collect())
    }
}

/// The values of a column whose every cell must be given, or the first empty one named.
fn required<T>(c: &Columns, name: &str, cells: Vec<Option<T>>) -> anyhow::Result<Vec<T>> {
    cells
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            v.with_context(|| format!("{}: row {}: `{name}` is empty", c.path.display(), i + 1))
        })
        .collect()
}

/// A table's columns, defined once: each a field of the row type, in file order, marked
/// `(later)` where older files lack it, with the visibility of what it defines: `$frame`
/// (rows to a frame) and `$load` (a CSV file back to rows).
macro_rules! table {
    ($vis:vis $row:ident, $frame:ident, $load:ident: $($field:ident $(($later:ident))?),+ $(,)?) => {
        /// The rows as a frame, one column per field.
        $vis fn $frame(rows: &[$row]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
            polars::prelude::DataFrame::new_infer_height(vec![$(
                $crate::results_csv::cell::Cell::column(
                    stringify!($field),
                    rows.iter().map(|r| r.$field.clone()).collect(),
                ),
            )+])
        }

        /// Every row of the CSV file at `path`.
        $vis fn $load(path: &std::path::Path) -> anyhow::Result<Vec<$row>> {
            let frame = $crate::results_csv::read_csv(path)?;
            let c = $crate::results_csv::cell::Columns { frame: &frame, path };
            $(
                let since = match stringify!($($later)?) {
                    "" => $crate::results_csv::cell::Since::First,
                    _ => $crate::results_csv::cell::Since::Later,
                };
                let mut $field = $crate::results_csv::cell::Cell::read(&c, stringify!($field), since)?
                    .into_iter();
            )+
            Ok((0..frame.height())
                .map(|_| $row {
                    $($field: $field.next().expect("one value per row"),)+
                })
                .collect())
        }
    };
}
pub(crate) use table;

impl Cell for f64 {
    fn column(name: &str, values: Vec<Self>) -> Column {
        Series::new(name.into(), values).into()
    }

    /// Every cell must hold a number.
    fn read(c: &Columns, name: &str, since: Since) -> anyhow::Result<Vec<Self>> {
        required(c, name, Option::<f64>::read(c, name, since)?)
    }
}
