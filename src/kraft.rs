//! The Kraft check: no row may beat the source's own code length by more than chance allows.
//!
//! A compressor fixed before the sequence is drawn is a one-to-one code; Kraft's inequality
//! bounds its lengths L(x), and Markov's inequality the chance that it comes out c bits below
//! the oracle's −log2 P(x): P(L(x) ≤ −log2 P(x) − c) ≤ 2^−c · Σ_x 2^−L(x) ≤ 2^−c for a
//! self-delimiting code (docs/yardsticks.md has the argument in full). So a row whose
//! compressed size is more than `KRAFT_SLACK_BITS` below the oracle's total is not luck but
//! a bug: a predictor that sees the future, a wrong oracle or a wrong decode check. The row
//! is failed where it is made (`runner::execute`) and again by `bench check`, through this
//! one function, so the two agree on files written by any version.

use crate::record::Record;

/// How far below the oracle a row may come, in bits: chance allows it with probability at
/// most 2^−32.
pub const KRAFT_SLACK_BITS: f64 = 32.0;

/// Why `record` fails the Kraft check, or `None` where it passes or has no oracle.
pub fn violation(record: &Record) -> Option<String> {
    let (bytes, oracle_bps) = (record.compressed_bytes?, record.oracle_bps?);
    let bits = 8.0 * bytes as f64;
    let oracle_bits = oracle_bps * record.length as f64;
    (bits < oracle_bits - KRAFT_SLACK_BITS).then(|| {
        format!(
            "Kraft check failed: {bits} bits coded, {:.1} bits below the oracle's code length \
             of this very sequence ({oracle_bits:.1} bits); a compressor fixed before the \
             sequence was drawn does that with probability below 2^-{KRAFT_SLACK_BITS}, so \
             the predictor sees the future, the oracle is wrong or the decode check is \
             (docs/yardsticks.md, the Kraft check)",
            oracle_bits - bits
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(compressed_bytes: u64, oracle_bps: Option<f64>) -> Record {
        Record {
            length: 10_000,
            compressed_bytes: Some(compressed_bytes),
            oracle_bps,
            ..Record::default()
        }
    }

    #[test]
    fn a_row_more_than_32_bits_below_the_oracle_fails_and_one_at_the_edge_passes() {
        // The oracle says 1 bit/symbol: 10,000 bits, 1,250 bytes.
        assert_eq!(violation(&row(1250, Some(1.0))), None);
        // 1246 bytes = 9968 bits: exactly 32 below, still chance.
        assert_eq!(violation(&row(1246, Some(1.0))), None);
        // 1245 bytes = 9960 bits: 40 below.
        let why = violation(&row(1245, Some(1.0))).expect("fails");
        assert!(why.contains("40.0 bits below"), "{why}");
        // An oracle that is off (it claims 2 bits/symbol for a sequence coded at 1) fails an
        // honest row the same way.
        assert!(violation(&row(1250, Some(2.0))).is_some());
        // No oracle (a file), nothing to check.
        assert_eq!(violation(&row(1, None)), None);
    }
}
