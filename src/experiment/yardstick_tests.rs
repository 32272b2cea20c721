//! The yardsticks through a grid job: `kind: order` with k = K is the KT estimator, the Bayes
//! learner of an order-K chain under Dirichlet(½), so on every `markov_chain` of order K and
//! α = 0.5 the two independent computations must agree to within what the coder adds: the
//! header, the range coder's last bytes and the quantisation of each table to 16 bits.

use std::path::Path;

use super::Experiment;
use crate::runner::execute;

#[test]
fn kt_codes_a_random_chain_at_the_bayes_learners_length() {
    let n = 50_000;
    for (m, k) in [(2, 1), (2, 3), (4, 2), (16, 1)] {
        let yaml = format!(
            "name: t\nlength: {n}\nsources: [{{kind: markov_chain, alphabet: {m}, order: {k}}}]\n\
             compressors: [{{kind: order, k: {k}}}]\n"
        );
        let e = Experiment::parse(&yaml, Path::new("e.yaml")).unwrap();
        let (record, curve) = execute("t", &e.jobs()[0], true, 1);
        assert!(record.verified, "{}", record.error);
        let coded = 8.0 * (record.compressed_bytes.unwrap() - record.header_bytes.unwrap()) as f64;
        let bayes = record.bayes_bps.unwrap() * n as f64;
        // The quantised tables' ideal code length (the curve) against the learner's, and the
        // coded payload against it.
        let ideal: f64 = curve.points.iter().map(|&(_, b)| b).sum::<f64>() * (n / 100) as f64;
        // Measured at n = 50,000: 1–7 bits apart (the first k symbols, coded in context 0
        // against uniform, and the 16-bit tables), and 57–64 bits of coder ending.
        assert!(
            (ideal - bayes).abs() < 12.0 + 2e-4 * n as f64,
            "M {m} k {k}: {ideal} vs {bayes}"
        );
        assert!(
            (0.0..80.0).contains(&(coded - ideal)),
            "M {m} k {k}: {coded} vs {ideal}"
        );
        // The oracle is below both.
        assert!(record.oracle_bps.unwrap() < record.bayes_bps.unwrap());
        assert_eq!(curve.oracle.len(), curve.points.len());
    }
}

/// ChaCha8's bits are the control: a compressor below 0.999 bits/symbol there has a bug (a
/// coder that loses symbols, a model that sees the future), whatever it does elsewhere.
#[test]
fn nothing_compresses_the_chacha8_control() {
    let yaml = "name: t\nlength: 100000\nsources: [{kind: prng, generator: chacha8, bit: [0, 31]}]\n\
                compressors:\n  - {kind: order, k: [0, 3, 12]}\n  - {kind: gzip, pack: [true, false]}\n  \
                - {kind: xz}\n  - {kind: zstd}\n  - {kind: bzip2}\n  - {kind: chgru, hidden: 16, recipe: tuned}\n  \
                - {kind: mixer, experts: [match, order1, order2, order4]}\n";
    let e = Experiment::parse(yaml, Path::new("e.yaml")).unwrap();
    for job in e.jobs() {
        let (record, _) = execute("t", &job, true, 1);
        assert!(record.verified, "{}", record.error);
        let bps = record.bits_per_symbol.unwrap();
        assert!(
            bps >= 0.999,
            "{} × {}: {bps}",
            record.source,
            record.compressor
        );
        assert!(record.oracle_bps.unwrap() < 0.01);
    }
}
