//! A `.dz` file as `bench decompress` reads it: header, compressor spec, memory check, and
//! for the count models the whole decode (which must fail cleanly or give data whose CRC32
//! matches). Neural specs stop after the checks: decoding them costs milliseconds per input,
//! a thousand times the budget of a million-run campaign; core/tests/fuzz_container.rs mutates
//! neural streams.
#![no_main]

use deepzip_core::coding::container::Header;
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::dzfile::{decompress, Settings};
use deepzip_core::model_spec::ModelSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok((header, _)) = Header::parse(bytes) else {
        return;
    };
    let words: Vec<String> = header.spec.split_whitespace().map(String::from).collect();
    let Ok(spec) = ModelSpec::from_words(&words) else {
        return;
    };
    if spec.check_memory(header.alphabet()).is_err() || matches!(spec, ModelSpec::Neural(_))
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.dz");
    let output = dir.path().join("out");
    std::fs::write(&input, bytes).unwrap();
    let out = AtomicFile::create(&output, false).unwrap();
    let settings = Settings {
        quiet: true,
        threads: 1,
    };
    if decompress(&input, out, settings, None).is_err() {
        assert!(!output.exists(), "a failed decompress left its output");
    }
});
