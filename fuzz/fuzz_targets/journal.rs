//! A run's journal as `--resume` reads it: every line an entry or a damaged line, never a
//! panic.
#![no_main]

use deepzip_bench::runner::journal::load;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(loaded) = load(&path) {
        assert!(loaded.entries.len() + loaded.damaged.len() <= bytes.len() + 1);
    }
});
