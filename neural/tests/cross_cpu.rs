//! The same probabilities from a build for the baseline CPU and one for this machine's CPU
//! (`-C target-cpu=native`, which enables AVX2/FMA/AVX-512 where present), pinned to golden
//! hashes so any change in numerics is noticed.

use std::process::Command;

fn trace(target_dir: &str, rustflags: &str) -> String {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let target = format!("{}/../target/{target_dir}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--release",
            "--example",
            "trace",
            "--manifest-path",
        ])
        .arg(manifest)
        .arg("--target-dir")
        .arg(target)
        .env("RUSTFLAGS", rustflags)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const GOLDEN: &str = "\
Rnn window=1 tuned fan_in off 6c772979e61b2e96
Gru window=1 tuned fan_in off 2bc0b334191760f8
Lstm window=1 tuned fan_in off 677def89992734fb
Gru window=20 tuned fan_in off 3f25a5ff0f0b6d70
Rnn window=1 deepzip glorot off cbb35dbdc2a8b1b2
GruResetBefore window=1 deepzip glorot off fab90d7b6c53a475
GruResetBefore window=20 deepzip orthogonal off 5529753f709ab5d9
Gru window=1 deepzip glorot order0 eaea5edae4233f27
GruResetBefore window=20 deepzip streams=5 threads=1,3 8f825946314c2cf0
Transformer d_model=16 context=40 streams=2 4c84a8438dd4c53e
";

#[test]
fn probabilities_are_identical_across_cpu_levels() {
    let baseline = trace("xcpu-baseline", "");
    let native = trace("xcpu-native", "-C target-cpu=native");
    assert_eq!(baseline, native, "builds for different CPU levels disagree");
    assert_eq!(baseline.trim(), GOLDEN.trim(), "model numerics changed");
}
