//! The Kraft check end to end (docs/yardsticks.md): a predictor that reads the symbols it
//! predicts from a side file decodes bit for bit, and `bench run` fails its row all the same;
//! `bench check` fails it, and fails an honest row whose oracle is off.

mod common;

use std::path::Path;

use common::{bench, column, write};
use deepzip_bench::results_csv::{load_results, records_frame, write_csv};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn a_predictor_that_sees_the_future_and_an_oracle_that_is_off_both_fail() {
    let dir = tempfile::tempdir().unwrap();
    // Noise 0.5 makes every symbol after the 4 start symbols a fair coin: the oracle codes
    // this sequence at exactly 1 bit/symbol, 20,000 bits.
    let side = dir.path().join("future.bin");
    bench()
        .args([
            "gen",
            "markov",
            "k=4",
            "noise=0.5",
            "--len",
            "20000",
            "--seed",
            "3",
        ])
        .arg("--output")
        .arg(&side)
        .assert()
        .success();
    let misbehave =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/predictors/misbehave.py");
    let exp = write(
        dir.path(),
        "k.yaml",
        &format!(
            "name: k\nlength: 20000\nseeds: [3]\nsources: [{{kind: markov, k: 4, noise: 0.5}}]\n\
             compressors:\n  - {{kind: order, k: 0}}\n  \
             - {{kind: predictor, name: cheat, command: 'python3 {} cheat {}'}}\n",
            misbehave.display(),
            side.display()
        ),
    );
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains("FAILED markov-4-p0.5 × cheat").and(contains("Kraft check failed")));
    let results = out.join("results.csv");
    assert_eq!(column(&results, "oracle_bps"), ["1.0", "1.0"]);
    // It decoded: only the check catches it.
    assert_eq!(column(&results, "verified"), ["true", "true"]);
    let errors = column(&results, "error");
    assert_eq!(errors[0], "");
    assert!(errors[1].starts_with("Kraft check failed: "), "{errors:?}");
    let bps: f64 = column(&results, "bits_per_symbol")[1].parse().unwrap();
    assert!(bps < 0.05, "the cheat coded at {bps} bits/symbol");

    let check = |results: &Path, baseline: &Path| {
        let mut cmd = bench();
        cmd.arg("check")
            .arg(results)
            .arg("--baseline")
            .arg(baseline);
        cmd.assert()
    };
    check(&results, &results)
        .code(1)
        .stdout(contains("cheat").and(contains("Kraft check failed")));

    // The honest row alone passes, and fails once its oracle is planted a bit too high: 1.01
    // bits/symbol is 200 bits above what order-0 coded near 1.0.
    let mut rows = load_results(&results).unwrap();
    rows.truncate(1);
    let honest = dir.path().join("honest.csv");
    write_csv(&mut records_frame(&rows).unwrap(), &honest).unwrap();
    check(&honest, &honest).success().stdout(contains("PASS"));
    let order0_bps = rows[0].bits_per_symbol.unwrap();
    rows[0].oracle_bps = Some(order0_bps + 0.01);
    let off = dir.path().join("off.csv");
    write_csv(&mut records_frame(&rows).unwrap(), &off).unwrap();
    check(&off, &honest)
        .code(1)
        .stdout(contains("Kraft check failed").and(contains("FAIL")));
}
