//! Helpers shared by the end-to-end test files (each uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn bench() -> Command {
    Command::cargo_bin("bench").unwrap()
}

/// A committed file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A column of a CSV written by the tool, each cell as text.
pub fn column(path: &Path, name: &str) -> Vec<String> {
    let frame = deepzip_bench::results_csv::read_csv(path).unwrap();
    let col = frame
        .column(name)
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    col.str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect()
}
