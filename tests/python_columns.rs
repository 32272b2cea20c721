//! The Python package's results.csv column lists (python/deepzip_bench/results.py) against
//! the Rust table that defines the columns (src/results_csv/results.rs): every column in
//! exactly one list, and in the list of its type, so a column added on one side fails here.

use std::collections::BTreeMap;
use std::path::Path;

use deepzip_bench::record::Record;
use deepzip_bench::results_csv::records_frame;
use polars::prelude::DataType;

/// The Python lists `NAME = [...]` of results.py, by name.
fn python_lists() -> BTreeMap<String, Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/deepzip_bench/results.py");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lists = BTreeMap::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find(" = [") {
        let name = rest[..open].rsplit('\n').next().unwrap().trim().to_string();
        let close = rest[open..].find(']').unwrap() + open;
        let items = rest[open + 4..close]
            .split(',')
            .map(|w| w.trim().trim_matches('"').to_string())
            .filter(|w| !w.is_empty())
            .collect();
        lists.insert(name, items);
        rest = &rest[close..];
    }
    lists
}

#[test]
fn python_lists_every_results_column_under_its_type() {
    // A default row: every optional column is empty, every required one is not.
    let frame = records_frame(&[Record::default()]).unwrap();
    let mut want: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for column in frame.columns() {
        let optional = column.null_count() > 0;
        let list = match (column.dtype(), optional) {
            (DataType::UInt64, false) => "INTEGERS",
            (DataType::UInt64, true) => "OPTIONAL_INTEGERS",
            (DataType::Float64, _) => "FLOATS",
            (DataType::String, _) => "TEXTS",
            (DataType::Boolean, false) => "BOOLEANS",
            (DataType::Boolean, true) => "OPTIONAL_BOOLEANS",
            (other, _) => panic!("{}: a {other} column has no Python list", column.name()),
        };
        want.entry(list)
            .or_default()
            .push(column.name().to_string());
    }
    let python = python_lists();
    for (list, columns) in &want {
        let mut columns = columns.clone();
        let mut theirs = python.get(*list).cloned().unwrap_or_default();
        columns.sort();
        theirs.sort();
        assert_eq!(theirs, columns, "results.py's {list}");
    }
}
