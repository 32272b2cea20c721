//! `bench compress` / `bench decompress` end to end: round trips, bad input, the default
//! model (files of earlier versions: tests/old_versions.rs).

mod common;

use std::path::Path;

use common::{bench, fixture};
use predicates::str::contains;

/// A FASTA-like test file: a header line, then lines of ACGT from a small LCG.
fn fasta(len: usize) -> Vec<u8> {
    let mut out = b">chr1 synthetic\n".to_vec();
    let mut s = 12345u32;
    while out.len() < len {
        for _ in 0..60 {
            s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
            out.push(b"ACGT"[(s >> 16) as usize % 4]);
        }
        out.push(b'\n');
    }
    out.truncate(len);
    out
}

fn roundtrip(dir: &Path, data: &[u8], args: &[&str]) -> u64 {
    let input = dir.join("in.bin");
    std::fs::write(&input, data).unwrap();
    let dz = dir.join("out.dz");
    let back = dir.join("back.bin");
    bench()
        .arg("compress")
        .args(args)
        .arg(&input)
        .arg(&dz)
        .arg("--force")
        .arg("-q")
        .assert()
        .success();
    bench()
        .arg("decompress")
        .arg(&dz)
        .arg(&back)
        .arg("--force")
        .arg("-q")
        .assert()
        .success();
    assert_eq!(std::fs::read(&back).unwrap(), data, "{args:?}");
    std::fs::metadata(&dz).unwrap().len()
}

#[test]
fn every_model_roundtrips_files_of_any_shape() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(fixture("sample.txt")).unwrap();
    let binary: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let transformer = [
        "-m",
        "transformer",
        "--d-model",
        "8",
        "--heads",
        "2",
        "--context",
        "40",
    ];
    let cases: Vec<(&[u8], Vec<&str>)> = vec![
        (&text, vec!["-m", "order-2"]),
        (&text, vec!["-m", "chgru", "--hidden", "16"]),
        (
            &text,
            vec!["-m", "chrnn", "--hidden", "16", "--full-alphabet"],
        ),
        (&text, vec!["-m", "lstm", "--hidden", "8", "--streams", "3"]),
        (&text, vec!["-m", "feat", "--hidden", "8", "--window", "4"]),
        (&text, transformer.to_vec()),
        (
            b"abcab",
            vec![
                "-m",
                "transformer",
                "--d-model",
                "8",
                "--streams",
                "3",
                "--segment",
                "2",
            ],
        ),
        (&binary, vec!["-m", "order-1"]),
        (b"", vec!["-m", "order-0"]),
        (b"aaaaaaaa", vec!["-m", "chgru", "--hidden", "4"]),
        (b"x", vec!["-m", "lstm", "--hidden", "4", "--streams", "4"]),
        (
            &text,
            vec!["-m", "mixer", "--experts", "match,order0,order3"],
        ),
        (&binary, vec!["-m", "mixer", "--experts", "match"]),
        (b"", vec!["-m", "mixer", "--experts", "match,order1"]),
        (b"ab", vec!["-m", "mixer", "--experts", "order24"]),
        (
            &text,
            vec!["-m", "chrnn", "--hidden", "8", "--experts", "match,order2"],
        ),
        (&text, [&transformer[..], &["--experts", "order1"]].concat()),
        (
            b"x",
            vec![
                "-m",
                "chgru",
                "--hidden",
                "4",
                "--streams",
                "4",
                "--experts",
                "match",
            ],
        ),
    ];
    for (data, args) in cases {
        roundtrip(dir.path(), data, &args);
    }
    // A FASTA-like file: the order-2 model must find its 2 bits per base.
    let dna = fasta(50_000);
    let size = roundtrip(dir.path(), &dna, &["-m", "order-2"]);
    assert!((size as f64) < 0.27 * dna.len() as f64, "{size} bytes");
}

/// Threads change no byte: a file compressed on 1 and on 3 threads is the same file, and it
/// decodes on 2. (Streams 5 over 3 threads: groups of unequal size.)
#[test]
fn thread_count_changes_no_byte() {
    for experts in ["", "match,order2"] {
        thread_count_changes_no_byte_with(experts);
    }
}

/// The model alone (`experts` empty) or mixed with `experts`.
fn thread_count_changes_no_byte_with(experts: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("sample.txt");
    let original = std::fs::read(&input).unwrap();
    let mut files = Vec::new();
    for threads in ["1", "3"] {
        let out = dir.path().join(format!("t{threads}.dz"));
        let mut cmd = bench();
        cmd.args([
            "compress",
            "-q",
            "-m",
            "chgru",
            "--hidden",
            "16",
            "--streams",
            "5",
        ]);
        if !experts.is_empty() {
            cmd.args(["--experts", experts]);
        }
        cmd.args(["--threads", threads])
            .arg(&input)
            .arg(&out)
            .assert()
            .success();
        files.push(std::fs::read(&out).unwrap());
    }
    assert!(
        files[0] == files[1],
        "1 and 3 threads wrote different files ({experts})"
    );
    let back = dir.path().join("back.txt");
    bench()
        .args(["decompress", "-q", "--threads", "2"])
        .arg(dir.path().join("t3.dz"))
        .arg(&back)
        .assert()
        .success();
    assert_eq!(std::fs::read(&back).unwrap(), original, "{experts}");
}

#[test]
fn stdin_to_stdout_roundtrips() {
    let data = fasta(5000);
    let dz = bench()
        .args(["compress", "-m", "order-3", "-", "-"])
        .write_stdin(data.clone())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let back = bench()
        .args(["decompress", "-", "-"])
        .write_stdin(dz)
        .assert()
        .success();
    assert_eq!(back.get_output().stdout, data);
}

/// Runs decompress on `bytes`, expects a clean failure mentioning `message` and no output.
fn rejects(dir: &Path, bytes: &[u8], message: &str) {
    let bad = dir.join("bad.dz");
    std::fs::write(&bad, bytes).unwrap();
    let out = dir.join("never.bin");
    let assert = bench()
        .arg("decompress")
        .arg(&bad)
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(message),
        "expected `{message}` in: {stderr}"
    );
    assert!(!out.exists(), "a failed decompress left {}", out.display());
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dz-partial"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn bad_streams_fail_cleanly_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("sample.chgru16.dz")).unwrap();
    rejects(dir.path(), b"", "truncated");
    rejects(dir.path(), b"PK\x03\x04 not ours", "bad magic");
    let mut v = good.clone();
    v[4] = 14;
    rejects(dir.path(), &v, "unsupported .dz format version 14");
    // The length field sits after magic, version, spec and seed, alphabet.
    let spec_len = u16::from_le_bytes([good[5], good[6]]) as usize;
    let alphabet_at = 7 + spec_len + 8;
    let m = u16::from_le_bytes([good[alphabet_at], good[alphabet_at + 1]]) as usize;
    assert_eq!(good[alphabet_at + 2], 1, "the fixture lists its alphabet");
    let length_at = alphabet_at + 3 + m;
    let mut v = good.clone();
    v[length_at + 7] = 0x40;
    rejects(dir.path(), &v, "cannot fit");
    let mut v = good.clone();
    v[alphabet_at] = 1;
    v[alphabet_at + 1] = 0;
    rejects(dir.path(), &v, "alphabet");
    let mut v = good.clone();
    v[7] = b'Z';
    rejects(dir.path(), &v, "unknown compressor");
    // A header asking for a model within each setting's limit but terabytes in all.
    let huge = b"chgru hidden=4096 layers=8 bptt=100000 streams=4096";
    let mut v = good[..5].to_vec();
    v.extend_from_slice(&(huge.len() as u16).to_le_bytes());
    v.extend_from_slice(huge);
    v.extend_from_slice(&good[7 + spec_len..]);
    rejects(dir.path(), &v, "GiB for its weights and TBPTT records");
    for cut in [
        length_at + 12,
        length_at + 20,
        good.len() / 2,
        good.len() - 1,
    ] {
        rejects(dir.path(), &good[..cut], "cannot decode");
    }
    // Flipped payload bits: detected by the checksum or by running off the end.
    for at in [length_at + 14, good.len() / 2, good.len() - 3] {
        let mut v = good.clone();
        v[at] ^= 0x10;
        let out = dir.path().join("flip.bin");
        std::fs::write(dir.path().join("x"), &v).unwrap();
        bench()
            .arg("decompress")
            .arg(dir.path().join("x"))
            .arg(&out)
            .assert()
            .code(1);
        assert!(!out.exists());
    }
}

#[test]
fn existing_outputs_are_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exists.txt");
    std::fs::write(&out, "precious").unwrap();
    bench()
        .arg("decompress")
        .arg(fixture("sample.order2.dz"))
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    bench()
        .arg("compress")
        .arg(fixture("sample.txt"))
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    bench()
        .args(["compress", "-m", "gzip"])
        .arg(fixture("sample.txt"))
        .arg(dir.path().join("g.dz"))
        .assert()
        .code(1)
        .stderr(contains("model-based"));
    bench()
        .args(["compress", "-m", "order-2", "--hidden", "8"])
        .arg(fixture("sample.txt"))
        .arg(dir.path().join("h.dz"))
        .assert()
        .code(1)
        .stderr(contains("--hidden"));
}

/// Without `-m`, cm with a ChGRU input (recipe tuned) is the model, its flags reaching either
/// part; `--neural none` leaves cm alone, `--fast` takes its lean engine. Each decodes back.
#[test]
fn the_default_is_cm_with_a_chgru_input() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("sample.txt")).unwrap();
    let spec_of = |args: &[&str]| {
        let out = dir.path().join("out.dz");
        let back = dir.path().join("back.txt");
        bench()
            .args(["compress", "-q", "--force"])
            .args(args)
            .arg(fixture("sample.txt"))
            .arg(&out)
            .assert()
            .success();
        bench()
            .args(["decompress", "-q", "--force"])
            .arg(&out)
            .arg(&back)
            .assert()
            .success();
        assert_eq!(std::fs::read(&back).unwrap(), original, "{args:?}");
        let bytes = std::fs::read(&out).unwrap();
        let (header, _) = deepzip_core::coding::container::Header::parse(&bytes).unwrap();
        (header.version, header.spec)
    };
    assert_eq!(
        spec_of(&[]),
        (13, "cm neural=chgru hidden=128 recipe=tuned".into())
    );
    assert_eq!(
        spec_of(&["--order", "3", "--hidden", "16"]),
        (13, "cm order=3 neural=chgru hidden=16 recipe=tuned".into())
    );
    assert_eq!(spec_of(&["--neural", "none"]), (13, "cm".into()));
    assert_eq!(
        spec_of(&["--fast"]),
        (13, "cm bytes=off engine=lean".into())
    );
    assert_eq!(
        spec_of(&["--fast", "--table-bits", "16"]),
        (13, "cm table_bits=16 bytes=off engine=lean".into())
    );
    assert_eq!(
        spec_of(&["--fast", "--bytes", "on"]),
        (13, "cm engine=lean".into())
    );
}
