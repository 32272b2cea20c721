//! A results CSV as `bench check`, `merge` and `report` read it: rows, then the tables built
//! from them. Any bytes must give a clear error or rows.
#![no_main]

use deepzip_bench::results_csv::load_results;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.csv");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(rows) = load_results(&path) {
        let _ = deepzip_bench::report::tables::Table::build(&rows, false);
        let _ = deepzip_bench::report::tables::Table::build(&rows, true);
    }
});
