//! The doors into a model end to end: the same model from `-m` and its flags, from a
//! header's words (`--spec`) and from `dz`; one answer to one mistake from every command; and
//! the one start both programs share (DEEPZIP_KERNELS).

mod common;

use common::{bench, fixture};
use predicates::str::contains;

/// `bench` and the core's `dz` read DEEPZIP_KERNELS the same way (one start for every
/// program): a bad value is refused, `baseline` decodes the same bytes.
#[test]
fn an_unknown_kernel_choice_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let dz = assert_cmd::cargo::cargo_bin("dz");
    assert!(dz.exists(), "run the tests with --workspace");
    for program in [assert_cmd::cargo::cargo_bin("bench"), dz] {
        let decompress = |kernels: &str| {
            let mut cmd = assert_cmd::Command::new(&program);
            cmd.env("DEEPZIP_KERNELS", kernels)
                .args(["decompress", "-q", "--force"])
                .arg(fixture("sample.chgru16.dz"))
                .arg(&out);
            cmd.assert()
        };
        decompress("sse9").failure().stderr(contains(
            "DEEPZIP_KERNELS=\"sse9\": expected `auto`, `baseline` or `avx2`",
        ));
        assert!(!out.exists());
        decompress("baseline").success();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(fixture("sample.txt")).unwrap()
        );
        std::fs::remove_file(&out).unwrap();
    }
}

/// The same mistake gets one answer from every door: `-m mixer` without experts.
#[test]
fn a_mixer_without_experts_gets_one_message_from_compress_and_speed() {
    let dir = tempfile::tempdir().unwrap();
    let said = "--experts: missing: the mixer codes with its experts alone: name them, e.g. \
                `experts: [match, order2]` (`--experts match,order2`)";
    bench()
        .args(["compress", "-m", "mixer"])
        .arg(fixture("sample.txt"))
        .arg(dir.path().join("s.dz"))
        .assert()
        .failure()
        .stderr(format!("error: {said}\n"));
    bench()
        .args(["speed", "-m", "mixer", "--len", "100"])
        .assert()
        .failure()
        .stderr(format!("error: {said}\n"));
}

/// `--spec` takes a header's words through the header's parser: the same bytes as `-m` and
/// its flags, and as `dz`.
#[test]
fn spec_words_and_flags_write_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |args: &[&str], name: &str| {
        let out = dir.path().join(name);
        bench()
            .args(["compress", "-q"])
            .args(args)
            .arg(fixture("sample.txt"))
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    assert_eq!(
        write(&["--spec", "chgru hidden=8 experts=[match,order2]"], "a.dz"),
        write(
            &["-m", "chgru", "--hidden", "8", "--experts", "match,order2"],
            "b.dz"
        )
    );
    assert_eq!(
        write(&["--spec", "order k=3"], "c.dz"),
        write(&["-m", "order-3"], "d.dz")
    );
    // The core's `dz` takes the same words (its command line is clap's too).
    let by_dz = dir.path().join("f.dz");
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("dz"))
        .args(["compress", "-q"])
        .arg(fixture("sample.txt"))
        .arg(&by_dz)
        .args(["chgru", "hidden=8", "experts=[match,order2]"])
        .assert()
        .success();
    let by_bench = std::fs::read(dir.path().join("a.dz")).unwrap();
    assert_eq!(std::fs::read(&by_dz).unwrap(), by_bench);
    bench()
        .args(["compress", "--spec", "chgru hidden=0"])
        .arg(fixture("sample.txt"))
        .arg(dir.path().join("e.dz"))
        .assert()
        .failure()
        .stderr(contains("--spec: "));
}
