//! Peaky chains (α ≤ 0.01, rows with zero and denormal probabilities): the entropy rate is
//! never NaN or negative by either method, a chain that has not mixed over its length is
//! named (`Yardsticks::mixed`) and a well-mixed one is not, and labels print numbers short.

use super::markov_chain::Chain;
use super::*;
use crate::stationary::{iterate, solve, ROUNDING_BOUND};

/// A distribution over contexts: finite, non-negative, summing to 1.
fn assert_distribution(pi: &[f64], what: &str) {
    assert!(
        pi.iter().all(|&p| p.is_finite() && p >= 0.0),
        "{what}: {pi:?}"
    );
    let total: f64 = pi.iter().sum();
    assert!((total - 1.0).abs() < 1e-9, "{what}: sums to {total}");
}

fn drawn(m: usize, k: usize, alpha: f64, seed: u64) -> Chain {
    let source = Source::MarkovChain(MarkovChain::new(m, k, alpha, None).unwrap());
    match source.generate_described(k + 1, seed).unwrap().2 {
        Drawn::Chains(mut chains) => chains.remove(0).0,
        other => panic!("{other:?}"),
    }
}

#[test]
fn peaky_chains_have_a_finite_non_negative_rate_by_the_solve_and_by_the_iteration() {
    // 16 and 8 contexts (solved), 256 (solved, the largest), 512 (iterated).
    for alpha in [1e-3, 1e-5] {
        for (m, k) in [(16, 1), (2, 3), (4, 4), (2, 9)] {
            for seed in 0..4 {
                let c = drawn(m, k, alpha, seed);
                let what = format!("M={m} k={k} α={alpha} seed {seed}");
                // Rows do hold zeros and denormals at these α.
                let rate = c.entropy_rate_bps();
                assert!(
                    rate.is_finite() && rate >= 0.0 && rate <= (m as f64).log2(),
                    "{what}: rate {rate}"
                );
                assert_distribution(&iterate(m, &c.rows), &what);
                if m.pow(k as u32) <= stationary::SOLVE_MAX {
                    // The solve either gives a distribution or hands over to the iteration.
                    if let Some(pi) = solve(m, &c.rows) {
                        assert_distribution(&pi, &what);
                    }
                }
                assert_distribution(&c.stationary(), &what);
            }
        }
    }
    // The cases: NaN at α = 1e-5, −6.9e-98 at α = 1e-3.
    for alpha in [1e-5, 1e-3] {
        let rate = drawn(16, 1, alpha, 0).entropy_rate_bps();
        assert!(rate.is_finite() && rate >= 0.0, "α={alpha}: {rate}");
    }
}

#[test]
fn a_one_hot_row_rounded_above_one_has_entropy_zero_not_below() {
    let one = 1.0 + f64::EPSILON;
    let c = Chain {
        alphabet: 2,
        order: 1,
        rows: vec![0.0, one, one, 0.0],
    };
    assert_eq!(c.entropy_rate_bps(), 0.0);
    const { assert!(ROUNDING_BOUND > 0.0) };
}

#[test]
fn a_chain_that_has_not_mixed_is_named_and_a_mixed_one_is_not() {
    let n = 100_000;
    let describe = |m, k, alpha| {
        let source = Source::MarkovChain(MarkovChain::new(m, k, alpha, None).unwrap());
        let (_, y) = source.generate_measured(n, 0).unwrap();
        (source.mixed(&y), y)
    };
    // The chain: rows hold probabilities of 1e-254, its rate is 6.8e-6 bits/symbol
    // but this sequence's oracle is 0.1476.
    let (mixed, y) = describe(16, 1, 0.01);
    let oracle = y.oracle.as_ref().unwrap();
    assert!((oracle.bps - 0.1476).abs() < 5e-4, "{}", oracle.bps);
    assert!(y.entropy_rate_bps.unwrap() < 1e-4);
    assert_eq!(mixed, Some(false));
    // A chain of the default prior mixes within a few symbols.
    for (m, k) in [(4, 2), (2, 3), (16, 1)] {
        let (mixed, y) = describe(m, k, 0.5);
        assert_eq!(mixed, Some(true), "M={m} k={k}: {y:?}");
    }
}

#[test]
fn the_report_sources_are_mixed_at_the_ci_length_warmup_included() {
    // Markov-100 spends 100 uniform bits on 40,000 symbols of rate 0: the warmup, not an
    // unmixed chain.
    let n = 40_000;
    for source in [
        Source::Markov(Markov::new(2, 100, 0.0).unwrap()),
        Source::Markov(Markov::new(2, 8, 0.05).unwrap()),
        Source::LaggedFibonacci(LaggedFibonacci::new(2, 13, 31).unwrap()),
        Source::Counter(Counter::new(3).unwrap()),
        Source::Iid(Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap()),
        Source::Repeats(Repeats::new(4, 16, 8, 0.5).unwrap()),
        Source::Prng(Prng::new(prng::Generator::Chacha8, prng::Output::Bit(0)).unwrap()),
    ] {
        let (_, y) = source.generate_measured(n, 1).unwrap();
        assert_eq!(source.mixed(&y), Some(true), "{}", source.label());
    }
    // No rate (an HMM), no flag.
    let hmm = Source::Hmm(Hmm::new(2, 4, 0.5, 0.5).unwrap());
    let (_, y) = hmm.generate_measured(1000, 1).unwrap();
    assert_eq!(hmm.mixed(&y), None);
}

#[test]
fn labels_print_numbers_in_their_shortest_round_trip_form() {
    let chain = |alpha| Source::MarkovChain(MarkovChain::new(4, 2, alpha, None).unwrap());
    assert_eq!(chain(1e-300).label(), "chain-M4-k2-a1e-300");
    assert_eq!(chain(0.5).label(), "chain-M4-k2");
    assert_eq!(chain(0.1).label(), "chain-M4-k2-a0.1");
    assert_eq!(chain(1e-3).params(), "M=4 order=2 alpha=1e-3");
    let noisy = Source::Markov(Markov::new(2, 20, 0.01).unwrap());
    assert_eq!(noisy.label(), "markov-20-p0.01");
    for x in [0.5, 0.01, 1e-3, 1e-300, 123456.0, 1e22, 0.1 + 0.2] {
        assert_eq!(number(x).parse::<f64>().unwrap(), x, "{}", number(x));
    }
    assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(number(1e22), "1e22");
}
