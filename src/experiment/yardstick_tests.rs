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
