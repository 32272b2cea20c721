//! `bench report` and `bench check` on a small hand-made results folder.

use std::path::Path;

use assert_cmd::Command;

const HEADER: &str = "experiment,job,source,source_params,alphabet,length,seed,compressor,compressor_params,compressed_bytes,bits_per_symbol,entropy_rate_bps,gap_bps,compress_s,decompress_s,symbols_per_s,verified,error";

/// (source, params, entropy, compressor, seed, bps)
const ROWS: &[(&str, &str, &str, &str, u64, f64)] = &[
    ("markov-10", "M=2 k=10 noise=0", "0.0", "gzip-9", 0, 0.04),
    (
        "markov-10",
        "M=2 k=10 noise=0",
        "0.0",
        "chgru-128",
        0,
        0.002,
    ),
    ("markov-20", "M=2 k=20 noise=0", "0.0", "gzip-9", 0, 1.2),
    ("markov-20", "M=2 k=20 noise=0", "0.0", "chgru-128", 0, 0.0),
    (
        "iid-M4",
        "probs=[0.5 0.25 0.125 0.125]",
        "1.75",
        "gzip-9",
        0,
        2.0,
    ),
    (
        "iid-M4",
        "probs=[0.5 0.25 0.125 0.125]",
        "1.75",
        "chgru-128",
        0,
        1.76,
    ),
    (
        "iid-M4",
        "probs=[0.5 0.25 0.125 0.125]",
        "1.75",
        "gzip-9",
        1,
        2.2,
    ),
    (
        "iid-M4",
        "probs=[0.5 0.25 0.125 0.125]",
        "1.75",
        "chgru-128",
        1,
        1.78,
    ),
];

fn results_csv(worsen: Option<usize>, drop: Option<usize>, unverified: Option<usize>) -> String {
    let mut out = format!("{HEADER}\n");
    for (i, &(source, params, h, compressor, seed, bps)) in ROWS.iter().enumerate() {
        if drop == Some(i) {
            continue;
        }
        let bps = if worsen == Some(i) { bps + 0.02 } else { bps };
        let verified = unverified != Some(i);
        let bytes = (bps * 1000.0 / 8.0).round();
        out.push_str(&format!(
            "toy,{i},{source},\"{params}\",2,1000,{seed},{compressor},level=9,{bytes},{bps},{h},{},0.1,0.1,10000,{verified},\n",
            bps - h.parse::<f64>().unwrap()
        ));
    }
    out
}

fn curves_csv() -> String {
    let mut out = String::from("job,position,bits_per_symbol\n");
    for job in [1, 3, 5] {
        for w in 1..=10 {
            out.push_str(&format!("{job},{},{}\n", w * 100, 1.0 / w as f64));
        }
    }
    out
}

fn bench() -> Command {
    Command::cargo_bin("bench").unwrap()
}

/// Decodes a PNG and returns (width, height, share of non-white pixels, distinct colours).
fn inspect(path: &Path) -> (u32, u32, f64, usize) {
    let img = image::open(path).unwrap().to_rgb8();
    let (w, h) = img.dimensions();
    let ink = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    let colours: std::collections::BTreeSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    (w, h, ink as f64 / (w * h) as f64, colours.len())
}

#[test]
fn report_writes_right_tables_and_nonblank_plots() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("results.csv"),
        results_csv(None, None, None),
    )
    .unwrap();
    std::fs::write(dir.path().join("curves.csv"), curves_csv()).unwrap();
    bench().arg("report").arg(dir.path()).assert().success();
    let table = std::fs::read_to_string(dir.path().join("table.md")).unwrap();
    assert!(
        table.contains("| source | entropy rate (bits/symbol) | gzip-9 | chgru-128 |"),
        "{table}"
    );
    assert!(
        table.contains("| markov-10 | 0.0000 | 0.0400 | 0.0020 |"),
        "{table}"
    );
    assert!(
        table.contains("| iid-M4 | 1.7500 | 2.1000 ± 0.1414 | 1.7700 ± 0.0141 |"),
        "{table}"
    );
    let gap = std::fs::read_to_string(dir.path().join("gap.md")).unwrap();
    assert!(
        gap.contains("| iid-M4 | 1.7500 | 0.3500 ± 0.1414 | 0.0200 ± 0.0141 |"),
        "{gap}"
    );
    let gap_csv = std::fs::read_to_string(dir.path().join("gap.csv")).unwrap();
    assert!(
        gap_csv.starts_with("source,entropy_rate_bps,gzip-9,gzip-9_sd,chgru-128,chgru-128_sd\n")
    );
    for (file, width, height) in [
        ("bits_per_symbol.png", 1000, 750),
        ("gap_vs_k.png", 1200, 750),
        ("learning_curves.png", 1040 + 380, 60 + 2 * 380),
    ] {
        let (w, h, ink, colours) = inspect(&dir.path().join(file));
        assert_eq!((w, h), (width, height), "{file}");
        assert!(ink > 0.02, "{file} is almost blank ({ink})");
        assert!(colours > 5, "{file} has only {colours} colours");
        // The same figure as SVG beside it, with its text in a standard family.
        let svg = std::fs::read_to_string(dir.path().join(file).with_extension("svg")).unwrap();
        assert!(
            svg.starts_with(&format!("<svg width=\"{width}\" height=\"{height}\"")),
            "{file}"
        );
        assert!(svg.matches("<text").count() > 10 && svg.contains("font-family=\"sans-serif\""));
    }
    // The speed/size view: a point and a label per compressor and source.
    let pareto = std::fs::read_to_string(dir.path().join("pareto.svg")).unwrap();
    assert!(pareto.contains("\nchgru-128\n</text>") && pareto.contains("\ngzip-9\n</text>"));
    assert!(inspect(&dir.path().join("pareto.png")).2 > 0.02);
}

#[test]
fn check_fails_on_worse_missing_or_unverified_rows() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline.csv");
    std::fs::write(&base, results_csv(None, None, None)).unwrap();
    let run = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut cmd = bench();
        cmd.arg("check").arg(&path).arg("--baseline").arg(&base);
        cmd.assert()
    };
    run("same.csv", results_csv(None, None, None))
        .success()
        .stdout(predicates::str::contains("PASS"));
    run("worse.csv", results_csv(Some(5), None, None))
        .code(1)
        .stdout(predicates::str::contains("WORSE than baseline:\n  iid-M4"))
        .stdout(predicates::str::contains("1 worse"));
    run("missing.csv", results_csv(None, Some(2), None))
        .code(1)
        .stdout(predicates::str::contains(
            "MISSING from results:\n  markov-20",
        ));
    run("unverified.csv", results_csv(None, None, Some(0)))
        .code(1)
        .stdout(predicates::str::contains(
            "UNVERIFIED or failed:\n  markov-10",
        ));
    // A better row passes and is reported, and --update takes it as the new baseline.
    let better = results_csv(None, None, None).replace(",1.2,", ",1.1,");
    run("better.csv", better.clone())
        .success()
        .stdout(predicates::str::contains("1 better"));
    bench()
        .arg("check")
        .arg(dir.path().join("better.csv"))
        .arg("--baseline")
        .arg(&base)
        .arg("--update")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&base).unwrap(), better);
}
