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
Rnn window=1 2d6c5b4bed2258f0
Gru window=1 406cd305f99cde2f
Lstm window=1 e6c08a8f77bf51d9
Gru window=20 45ed3fe8b4b8c79d
";

#[test]
fn probabilities_are_identical_across_cpu_levels() {
    let baseline = trace("xcpu-baseline", "");
    let native = trace("xcpu-native", "-C target-cpu=native");
    assert_eq!(baseline, native, "builds for different CPU levels disagree");
    assert_eq!(baseline.trim(), GOLDEN.trim(), "model numerics changed");
}
