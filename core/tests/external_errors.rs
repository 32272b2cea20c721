//! Every way an outside predictor can misbehave is one clear error that names what went
//! wrong (the step, the stream, its last stderr lines), with nothing left behind. One test in
//! its own binary: it points TMPDIR at a private folder to see that every process's folder
//! goes.

mod common;

use std::path::PathBuf;

use common::{external, misbehave, symbols};
use deepzip_core::codec::CodecError;
use deepzip_core::model_spec::ModelSpec;

/// Every misbehaviour of §3 of the protocol chapter, one by one, in a private TMPDIR that must
/// be empty afterwards (each process's folder removed on every way out).
#[test]
fn every_misbehaviour_is_a_clear_error_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // The only test of this binary, so no other thread reads the environment meanwhile.
    std::env::set_var("TMPDIR", tmp.path());
    let cases: &[(&str, &str)] = &[
        ("/nonexistent/predictor", "its command was not found (exit status 127)"),
        ("not-json", "its first line is not JSON"),
        ("protocol-2", "it speaks protocol 2, this harness 1"),
        ("nan", "step 3, stream 0: the value for symbol 0 is NaN"),
        ("inf", "step 3, stream 1: the value for symbol 0 is inf"),
        ("negative", "step 3, stream 0: the value for symbol 1 is -0.5"),
        ("zeros", "step 3, stream 0: the values sum to 0"),
        ("short", "it exited with status 0 at step 3, before sending its 2 distribution(s): misbehave: started | misbehave: gave up at step 3"),
        ("no-flush", "sent nothing for 1 s while the harness waited for step 3's 2 distribution(s): 0 of 24 bytes came, and was killed: does it flush its stdout after each step, and send M float32 values per live stream? (`idle_timeout` sets the limit): misbehave: started"),
        ("too-few", "sent nothing for 1 s while the harness waited for step 3's 2 distribution(s): 20 of 24 bytes came"),
        ("print", "it wrote 14 bytes more than the 240 bytes of its 10 steps' distributions, beginning (hex) "),
        ("print", "; the bytes of step 0 held the text \"debug: step 0\\n\": a print to stdout? (print to stderr; `deepzip_bench.serve()` sends Python's stdout there)"),
        ("float64", "it wrote 240 bytes more than the 240 bytes of its 10 steps' distributions, beginning (hex) 00 00 00 00 00 00 f0 3f"),
        ("float64", "as many bytes again as the distributions took: float64 values instead of float32?"),
        ("early-exit", "it exited with status 0 at step 3, before sending its 2 distribution(s): misbehave: started | misbehave: out of memory, say"),
        ("trailing", "it wrote 4 bytes more than the 240 bytes of its 10 steps' distributions, beginning \"bye\\n\": a print to stdout (print to stderr), float64 values instead of float32, or more than M values per live stream?"),
        ("exit-3", "it exited with status 3 after the last step: misbehave: started | misbehave: failing on purpose"),
        ("hang", "timed out after 1 s and was killed (at step 3, before sending its 2 distribution(s))"),
    ];
    let data = symbols(20, 3);
    for (fault, says) in cases {
        let command = if fault.starts_with('/') {
            fault.to_string()
        } else {
            misbehave(fault)
        };
        let timeout = if *fault == "hang" { 1 } else { 60 };
        let mut spec = external(&command, 2, timeout);
        if let ModelSpec::External(e) = &mut spec {
            // The hang is the run's timeout's to catch.
            e.idle_timeout_s = if *fault == "hang" { 60 } else { 1 };
        }
        let codec = spec.build(3, 0, 1);
        match codec.compress(&data) {
            Err(CodecError::Predictor(message)) => {
                assert!(message.contains(says), "{fault}: {message}")
            }
            Err(other) => panic!("{fault}: another error: {other}"),
            Ok(_) => panic!("{fault}: compressed"),
        }
    }
    let left: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
