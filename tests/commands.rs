//! Command-line compressors in a grid (`kind: command`): results, errors, memory, cleanup.

mod common;

use common::{bench, column, write};

/// Command-line compressors in the grid: a working one is verified with its peak memory; a
/// hanging one, a lying one and a missing program are recorded errors while the rest of the
/// grid goes on; nothing is left in the temporary folder.
#[test]
fn command_compressors_run_fail_cleanly_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let exp = write(
        dir.path(),
        "c.yaml",
        r#"name: c
length: 3000
sources: [{kind: markov, k: 3}]
compressors:
  - {kind: order, k: 2}
  - {kind: xz}
  - {kind: command, name: xz-cli, compress: "xz -9 -c {in} > {out}", decompress: "xz -d -c {in} > {out}", encoding: packed}
  - {kind: command, name: gzip-cli, compress: "gzip -9 -c {in} > {out}", decompress: "gzip -d -c {in} > {out}", encoding: packed}
  - {kind: command, name: hangs, compress: "sleep 1000; cp {in} {out}", decompress: "cp {in} {out}", timeout: 2}
  - {kind: command, name: lies, compress: "cp {in} {out}", decompress: "head -c 100 {in} > {out}"}
  - {kind: command, name: missing, compress: "no-such-compressor {in} {out}", decompress: "cp {in} {out}"}
  - {kind: command, name: big, compress: "head -c 100000000 /dev/zero | sort > /dev/null; cp {in} {out}", decompress: "cp {in} {out}"}
"#,
    );
    let out = dir.path().join("out");
    bench()
        .arg("run")
        .arg(&exp)
        .arg("--out")
        .arg(&out)
        .env("TMPDIR", &tmp)
        .assert()
        .failure();
    let results = out.join("results.csv");
    let (names, errors) = (column(&results, "compressor"), column(&results, "error"));
    let error_of = |name: &str| &errors[names.iter().position(|n| n == name).unwrap()];
    assert_eq!(error_of("order-2"), "");
    assert_eq!(error_of("gzip-cli"), "");
    // The xz program and the xz crate write the same stream.
    let bytes = column(&results, "compressed_bytes");
    let bytes_of = |name: &str| &bytes[names.iter().position(|n| n == name).unwrap()];
    assert_eq!(bytes_of("xz-cli"), bytes_of("xz-9"));
    assert!(
        error_of("hangs").starts_with("compress: compress command timed out after 2 s"),
        "{errors:?}"
    );
    assert!(
        error_of("lies").starts_with("verification failed: decoded 100 symbols"),
        "{errors:?}"
    );
    assert!(
        error_of("missing").starts_with("compress: compress command exited with status 127: ")
            && error_of("missing").contains("no-such-compressor"),
        "{errors:?}"
    );
    // Peak memory is the command's own: sort holding a 100 MB line shows, and a plain copy does not
    // carry the harness's memory (Linux passes a parent's peak on through fork and exec).
    let rss = column(&results, "peak_rss_bytes");
    let rss_of = |name: &str| -> u64 {
        rss[names.iter().position(|n| n == name).unwrap()]
            .parse()
            .unwrap()
    };
    assert!(rss_of("big") > 90_000_000, "{rss:?}");
    assert!(
        rss_of("lies") < 8_000_000 && rss_of("lies") > 100_000,
        "{rss:?}"
    );
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "temp files left"
    );
}

/// Ctrl-C during a command compressor: its child (in a process group of its own) is killed,
/// its temporary folder removed, and the run ends as an interrupted process does.
#[test]
fn an_interrupt_kills_the_command_and_leaves_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let marker = dir.path().join("still-running");
    let exp = write(
        dir.path(),
        "i.yaml",
        &format!(
            "name: i\nlength: 1000\nsources: [{{kind: markov, k: 3}}]\ncompressors:\n  \
             - {{kind: command, name: slow, compress: \"sleep 5; touch {}; cp {{in}} {{out}}\", \
             decompress: \"cp {{in}} {{out}}\"}}\n",
            marker.display()
        ),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bench"))
        .arg("run")
        .arg(&exp)
        .arg("--out")
        .arg(dir.path().join("out"))
        .env("TMPDIR", &tmp)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Until the command's folder exists, then Ctrl-C.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&tmp).unwrap().count() == 0 {
        assert!(start.elapsed().as_secs() < 20, "the command never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "temp files left"
    );
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert!(
        !marker.exists(),
        "the command's child outlived the interrupt"
    );
}
