//! Priors end to end (docs/priors.md): a model pretrained on its source's family codes a fresh
//! chain of it in fewer bits than the same model online; jobs that share a prior train it once;
//! the adjusted rate is the file and the prior's price; a file has no family.

mod common;

use common::{bench, column, write};
use predicates::str::contains;

/// LSTM-16 online and pretrained on 100 chains of 10,000 symbols (batch 64), each coding
/// fresh chains of `markov_chain M=2 k=1 alpha=1` (seeds 0-3).
const GRID: &str = "name: p\nlength: 10000\nseeds: [0, 1, 2, 3]\n\
    sources: [{kind: markov_chain, alphabet: 2, order: 1, alpha: 1}]\n\
    compressors:\n  - {kind: lstm, hidden: 16}\n  \
    - {kind: lstm, hidden: 16, pretrain: {sequences: 100, length: 10000, \
    bits_per_parameter: [16, 32]}}\n";

#[test]
fn a_prior_pays_and_is_trained_once_for_the_jobs_that_share_it() {
    let dir = tempfile::tempdir().unwrap();
    let exp = write(dir.path(), "p.yaml", GRID);
    let out = dir.path().join("out");
    bench()
        .args(["run", exp.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(contains(
            "trains prior of `lstm-16-pt100x10000` on the family of `chain-M2-k1-a1` \
             (1000000 symbols) once for 8 jobs",
        ));
    let results = out.join("results.csv");
    let number = |name: &str| -> Vec<f64> {
        column(&results, name)
            .iter()
            .map(|v| v.parse().unwrap_or(f64::NAN))
            .collect()
    };
    let (compressor, bytes, header) = (
        column(&results, "compressor"),
        number("compressed_bytes"),
        number("header_bytes"),
    );
    let (prior, seconds, adjusted) = (
        number("prior_bytes"),
        number("pretrain_s"),
        number("adjusted_bps"),
    );
    let rows: Vec<usize> = (0..compressor.len()).collect();
    let online: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| prior[r].is_nan())
        .collect();
    let pretrained: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| !prior[r].is_nan())
        .collect();
    assert_eq!((online.len(), pretrained.len()), (4, 8));
    // Over the same 10,000 symbols of each chain, the payload (the file without its header,
    // which names the prior) is shorter with the prior: the point of one.
    // Rows by seed: online, then the prior at 16 and 32 bits a parameter.
    for &p in &pretrained {
        let o = p - p % 3;
        assert!(online.contains(&o));
        assert!(
            bytes[p] - header[p] < bytes[o] - header[o],
            "{} {} vs {} {}",
            compressor[p],
            bytes[p] - header[p],
            compressor[o],
            bytes[o] - header[o]
        );
    }
    // One training for the 8 jobs: every row states the same seconds, the same symbols.
    assert!(pretrained
        .iter()
        .all(|&p| seconds[p] == seconds[pretrained[0]]));
    assert!(column(&results, "pretrain_symbols")
        .iter()
        .zip(&prior)
        .all(|(s, p)| p.is_nan() == s.is_empty() && (s.is_empty() || s == "1000000")));
    // The price: 32 bits a parameter is twice 16; the adjusted rate is exactly the file and
    // the price over the length.
    let price: Vec<f64> = pretrained.iter().map(|&p| prior[p]).collect();
    assert!(price.contains(&(2.0 * price[0])) || price.contains(&(price[0] / 2.0)));
    for &p in &pretrained {
        assert_eq!(adjusted[p], (bytes[p] + prior[p]) * 8.0 / 10000.0);
    }
    assert!(online.iter().all(|&o| adjusted[o].is_nan()));
}

#[test]
fn a_file_has_no_family_to_pretrain_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.bin", "abracadabra");
    let exp = write(
        dir.path(),
        "f.yaml",
        "name: f\nlength: 10\nsources: [{kind: file, path: x.bin}]\n\
         compressors: [{kind: chgru, pretrain: {sequences: 2}}]\n",
    );
    bench()
        .args(["run", exp.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains(
            "compressors: `chgru-128-pt2x1000` pretrains on its source's family (`pretrain:`), \
             and `file-x.bin` is a file, which has none",
        ));
}
