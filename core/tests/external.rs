//! Outside predictors end to end: the compiled example round-trips through the in-memory codec
//! and through files, a file never decodes against another predictor, and a predictor that
//! cannot replay itself is named with the step and stream (the misbehaviours are in
//! external_errors.rs).

mod common;

use std::path::Path;

use common::{external, kt, misbehave, symbols};
use deepzip_core::atomic_file::AtomicFile;
use deepzip_core::codec::CodecError;
use deepzip_core::dzfile::{self, Settings};
use deepzip_core::model_spec::predictor::{ExternalSpec, Limits};
use deepzip_core::model_spec::ModelSpec;

#[test]
fn the_compiled_example_round_trips() {
    for streams in [1, 3] {
        let spec = external(&kt(), streams, 60);
        let data = symbols(1000, 5);
        let codec = spec.build(5, 7, 1);
        let encoded = codec.compress(&data).unwrap();
        assert_eq!(codec.decompress(&encoded.bytes).unwrap(), data);
        assert!(!encoded.curve.is_empty());
        // An adaptive order-0 model (KT) per stream: within a few bits per symbol kind and
        // stream (the cost of learning) plus the header of the empirical entropy.
        let mut counts = [0f64; 5];
        data.iter().for_each(|&s| counts[s as usize] += 1.0);
        let n = data.len() as f64;
        let entropy_bits: f64 = counts.iter().map(|&c| -c * (c / n).log2()).sum();
        let bits = 8.0 * encoded.bytes.len() as f64;
        let slack = 8.0 * 80.0 + 5.0 * 12.0 * streams as f64;
        assert!(
            bits > entropy_bits && bits < entropy_bits + slack,
            "{bits} bits, entropy {entropy_bits}"
        );
    }
}

fn compress_file(spec: &ModelSpec, input: &Path, output: &Path) -> anyhow::Result<()> {
    compress_checked(spec, input, output, false)
}

fn compress_checked(
    spec: &ModelSpec,
    input: &Path,
    output: &Path,
    verify: bool,
) -> anyhow::Result<()> {
    dzfile::compress(
        spec,
        0,
        false,
        input,
        AtomicFile::create(output, true)?,
        SETTINGS,
        verify,
    )
    .map(|_| ())
}

fn decompress_file(input: &Path, output: &Path, predictor: Option<&str>) -> anyhow::Result<()> {
    let predictor = predictor.map(|p| (p, Limits::default()));
    dzfile::decompress(
        input,
        AtomicFile::create(output, true)?,
        SETTINGS,
        predictor,
    )
    .map(|_| ())
}

const SETTINGS: Settings = Settings {
    quiet: true,
    threads: 1,
};

#[test]
fn files_record_the_announced_predictor_and_refuse_another() {
    let dir = tempfile::tempdir().unwrap();
    let (input, packed, out) = (
        dir.path().join("in.txt"),
        dir.path().join("in.dz"),
        dir.path().join("out.txt"),
    );
    std::fs::write(&input, b"abracadabra, abracadabra, abracadabra").unwrap();
    let spec = ModelSpec::External(
        ExternalSpec::from_command(
            &kt(),
            2,
            Some(r#"{"order": 1, "note": "a b"}"#),
            Limits::default(),
        )
        .unwrap(),
    );
    compress_file(&spec, &input, &packed).unwrap();
    let bytes = std::fs::read(&packed).unwrap();
    let header = String::from_utf8_lossy(&bytes[7..120]);
    assert!(
        header.starts_with(
            r#"predictor name="kt" version="1" streams=2 params={"note":"a\u0020b","order":1}"#
        ),
        "{header}"
    );
    decompress_file(&packed, &out, Some(&kt())).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&input).unwrap());
    // No command: the file names none to run.
    let e = decompress_file(&packed, &out, None).unwrap_err();
    assert!(format!("{e:#}").contains("give its command"), "{e:#}");
    // A process that announces another name.
    let e = decompress_file(&packed, &out, Some(&misbehave("good"))).unwrap_err();
    assert!(
        format!("{e:#}").contains(
            "announces `misbehave` version 1, but the file was written by `kt` version 1"
        ),
        "{e:#}"
    );
    // A built-in model's file does not take a predictor.
    let order = ModelSpec::Order { k: 1 };
    compress_file(&order, &input, &packed).unwrap();
    let e = decompress_file(&packed, &out, Some(&kt())).unwrap_err();
    assert!(format!("{e:#}").contains("leave out --predictor"), "{e:#}");
    assert!(!out.exists() || std::fs::read(&out).unwrap() == std::fs::read(&input).unwrap());
}

#[test]
fn a_predictor_that_cannot_replay_itself_is_named_with_the_step_and_stream() {
    let codec = external(&misbehave("noise"), 2, 60).build(3, 0, 1);
    let data = symbols(40, 3);
    let encoded = codec.compress(&data).unwrap();
    match codec.decompress_encoded(&encoded) {
        Err(CodecError::Predictor(message)) => assert_eq!(
            message,
            "the predictor is not replayable: its output at step 5 (stream 1) differs from the \
             compress run"
        ),
        other => panic!("{:?}", other.map(|d| d.len())),
    }
    // A replayable one passes the same check.
    let codec = external(&misbehave("good"), 2, 60).build(3, 0, 1);
    let encoded = codec.compress(&data).unwrap();
    assert_eq!(codec.decompress(&encoded.bytes).unwrap(), data);
}

/// A non-replayable predictor's file: `verify` finds it before the file takes its name, naming
/// the step; without it, decoding the intact file says what most likely went wrong.
#[test]
fn verify_stops_a_file_that_would_not_decode() {
    let dir = tempfile::tempdir().unwrap();
    let (input, packed, out) = (
        dir.path().join("in.txt"),
        dir.path().join("in.dz"),
        dir.path().join("out.txt"),
    );
    std::fs::write(&input, symbols(400, 3)).unwrap();
    let noisy = external(&misbehave("noise"), 2, 60);
    let e = compress_checked(&noisy, &input, &packed, true).unwrap_err();
    assert_eq!(
        format!("{e:#}"),
        format!(
            "verification failed: {} does not decode; nothing written: {}: cannot decode: the \
             predictor is not replayable: its output at step 5 (stream 1) differs from the \
             compress run",
            packed.display(),
            packed.display()
        )
    );
    assert!(!packed.exists());
    compress_checked(&noisy, &input, &packed, false).unwrap();
    let e = decompress_file(&packed, &out, Some(&misbehave("noise"))).unwrap_err();
    let said = format!("{e:#}");
    assert!(
        said.contains(
            "the file may well be intact: most likely the predictor, or its \
                       environment, computed other distributions than when it compressed"
        ),
        "{said}"
    );
    assert!(!out.exists());
    // A replayable predictor passes the check.
    let good = external(&misbehave("good"), 2, 60);
    compress_checked(&good, &input, &packed, true).unwrap();
    decompress_file(&packed, &out, Some(&misbehave("good"))).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&input).unwrap());
}
