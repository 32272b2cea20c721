//! Helpers of the outside-predictor tests: the compiled example, the misbehaving script, and a
//! spec for either.
// Each test binary uses its own part of these.
#![allow(dead_code)]

use std::path::Path;

use deepzip_core::model_spec::predictor::ExternalSpec;
use deepzip_core::model_spec::ModelSpec;
use serde_json::json;

/// The compiled protocol example.
pub fn kt() -> String {
    env!("CARGO_BIN_EXE_kt-predictor").to_string()
}

/// The standard-library predictor that misbehaves as `fault` says.
pub fn misbehave(fault: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/predictors/misbehave.py");
    format!("python3 {} {fault}", script.display())
}

pub fn external(command: &str, streams: usize, timeout_s: u64) -> ModelSpec {
    ModelSpec::External(ExternalSpec {
        name: "test".into(),
        version: None,
        command: Some(command.into()),
        streams,
        params: json!({}),
        timeout_s,
        idle_timeout_s: 60,
        env: Vec::new(),
        experiment_dir: None,
    })
}

/// `n` symbols of an alphabet of `m`, unevenly spread.
pub fn symbols(n: usize, m: u8) -> Vec<u8> {
    (0..n)
        .map(|i| ((i * i + i / 3) % m as usize) as u8)
        .collect()
}
