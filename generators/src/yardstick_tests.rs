//! The sources drawn from a prior and the PRNG ladder: exact entropy rates checked against
//! values computed by hand, the oracle against the entropy rate, the Bayes learner's
//! definition, pinned bytes and named errors.

use rand::SeedableRng;
use rand_pcg::Pcg64;

use super::markov_chain::Chain;
use super::prng::{Generator, Output};
use super::*;
use crate::entropy::binary_entropy_bits as h;

fn chain(alphabet: usize, order: usize, rows: &[f64]) -> Chain {
    Chain {
        alphabet,
        order,
        rows: rows.to_vec(),
    }
}

#[test]
fn entropy_rates_of_small_chains_are_the_hand_computed_ones() {
    // Order 1: π = (2/3, 1/3) solves π0 = 0.9 π0 + 0.2 π1.
    let c = chain(2, 1, &[0.9, 0.1, 0.2, 0.8]);
    let pi = c.stationary();
    assert!((pi[0] - 2.0 / 3.0).abs() < 1e-15 && (pi[1] - 1.0 / 3.0).abs() < 1e-15);
    let want = 2.0 / 3.0 * h(0.1) + 1.0 / 3.0 * h(0.2);
    assert!(
        (c.entropy_rate_bps() - want).abs() < 1e-12,
        "{}",
        c.entropy_rate_bps()
    );
    // Order 2 over contexts 00, 01, 10, 11: π = (5, 3, 3, 18)/29 by hand.
    let c = chain(2, 2, &[0.7, 0.3, 0.4, 0.6, 0.5, 0.5, 0.1, 0.9]);
    let pi = c.stationary();
    for (p, w) in pi.iter().zip([5.0, 3.0, 3.0, 18.0]) {
        assert!((p - w / 29.0).abs() < 1e-14, "{pi:?}");
    }
    let want = (5.0 * h(0.3) + 3.0 * h(0.4) + 3.0 * h(0.5) + 18.0 * h(0.1)) / 29.0;
    assert!((c.entropy_rate_bps() - want).abs() < 1e-12);
    // Order 0: the row's entropy.
    assert!((chain(3, 0, &[0.5, 0.25, 0.25]).entropy_rate_bps() - 1.5).abs() < 1e-15);
}

#[test]
fn the_linear_solve_and_the_iteration_agree() {
    let source = MarkovChain::new(4, 3, 0.1, None).unwrap();
    for seed in 0..3 {
        let chain = &source.generate(10, &mut Pcg64::seed_from_u64(seed)).chains[0].0;
        let solved = stationary::solve(4, &chain.rows).expect("a mixing chain");
        let iterated = stationary::iterate(4, &chain.rows);
        // A peaky prior mixes slowly: the iteration stops within 1e-10 (L1), so the rate
        // within 1e-10 × log2 M.
        let l1: f64 = solved
            .iter()
            .zip(&iterated)
            .map(|(a, b)| (a - b).abs())
            .sum();
        assert!(l1 < 1e-10, "seed {seed}: {l1}");
    }
}

#[test]
fn the_oracle_lies_within_four_standard_errors_of_the_entropy_rate() {
    let n = 1_000_000;
    for (m, k, alpha) in [(2, 3, 0.5), (4, 2, 0.5), (16, 1, 0.1)] {
        let source = Source::MarkovChain(MarkovChain::new(m, k, alpha, None).unwrap());
        let (_, y) = source.generate_measured(n, 7).unwrap();
        let oracle = y.oracle.unwrap();
        let rate = y.entropy_rate_bps.unwrap();
        let se = (oracle.variance / n as f64).sqrt();
        assert!(
            (oracle.bps - rate).abs() < 4.0 * se,
            "{m} {k}: {} vs {rate} (se {se})",
            oracle.bps
        );
        // The learner pays for learning: more than the oracle, less than uniform.
        let bayes = y.bayes.unwrap().bps;
        assert!(bayes > oracle.bps && bayes < (m as f64).log2(), "{bayes}");
    }
    // The report's sources too: noisy Markov-k and i.i.d.
    for source in [
        Source::Markov(Markov::new(2, 20, 0.1).unwrap()),
        Source::Iid(Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap()),
    ] {
        let (_, y) = source.generate_measured(n, 3).unwrap();
        let oracle = y.oracle.unwrap();
        let rate = source.entropy_rate_bps().unwrap();
        let se = (oracle.variance / n as f64).sqrt();
        assert!(
            (oracle.bps - rate).abs() < 4.0 * se,
            "{}: {} vs {rate}",
            source.label(),
            oracle.bps
        );
    }
}

#[test]
fn deterministic_sources_cost_the_oracle_their_start() {
    let n = 10_000;
    let bits = |s: Source| s.generate_measured(n, 1).unwrap().1.oracle.unwrap().bps * n as f64;
    assert!((bits(Source::Markov(Markov::new(2, 20, 0.0).unwrap())) - 20.0).abs() < 1e-9);
    let lf = Source::LaggedFibonacci(LaggedFibonacci::new(4, 13, 31).unwrap());
    assert!((bits(lf) - 62.0).abs() < 1e-9);
    assert_eq!(bits(Source::Counter(Counter::new(3).unwrap())), 0.0);
    for g in Generator::ALL {
        let p = Source::Prng(Prng::new(g, Output::Bit(0)).unwrap());
        assert!(
            (bits(p) - g.seed_bits() as f64).abs() < 1e-9,
            "{}",
            g.name()
        );
    }
}

#[test]
fn the_bayes_learner_restarts_at_each_resample_boundary() {
    // With L = 1 every symbol after the first k meets empty counts: uniform, log2 M each.
    let source = MarkovChain::new(4, 1, 0.5, Some(1)).unwrap();
    let g = source.generate(1000, &mut Pcg64::seed_from_u64(2));
    assert_eq!(g.chains.len(), 1000);
    assert!((g.yardsticks.bayes.unwrap().bps - 2.0).abs() < 1e-12);
    // The rate is the symbols' mean over the chains.
    let mean = g
        .chains
        .iter()
        .map(|(c, _)| c.entropy_rate_bps())
        .sum::<f64>()
        / 1000.0;
    assert!((g.yardsticks.entropy_rate_bps.unwrap() - mean).abs() < 1e-12);
}

#[test]
fn a_one_state_hmm_is_its_emission_row() {
    let hmm = Hmm::new(1, 4, 0.5, 1.0).unwrap();
    let (x, y, model) = hmm.generate(5000, &mut Pcg64::seed_from_u64(9));
    let want: f64 = x
        .iter()
        .map(|&s| -model.emissions[s as usize].log2())
        .sum::<f64>()
        / 5000.0;
    assert!((y.oracle.unwrap().bps - want).abs() < 1e-12);
    // More states: the forward algorithm's code length stays between the rows' extremes.
    let hmm = Hmm::new(4, 8, 0.2, 0.3).unwrap();
    let (_, y, _) = hmm.generate(100_000, &mut Pcg64::seed_from_u64(9));
    let bps = y.oracle.unwrap().bps;
    assert!(bps > 0.0 && bps < 3.0, "{bps}");
}

#[test]
fn the_prng_ladder_outputs_its_generators_bits() {
    // The LCG's bit 0 alternates (period 2); ChaCha8's bits are fair.
    let lcg = Source::Prng(Prng::new(Generator::Lcg, Output::Bit(0)).unwrap());
    let x = lcg.generate(1000, 5).unwrap();
    assert!(x.windows(2).all(|w| w[0] != w[1]));
    let chacha = Source::Prng(Prng::new(Generator::Chacha8, Output::Bit(7)).unwrap());
    let ones = chacha
        .generate(100_000, 5)
        .unwrap()
        .iter()
        .filter(|&&b| b == 1)
        .count();
    assert!((ones as f64 - 50_000.0).abs() < 4.0 * 158.2, "{ones}");
    let byte = Source::Prng(Prng::new(Generator::Pcg32, Output::LowByte).unwrap());
    assert_eq!(byte.alphabet(), 256);
    assert_eq!(byte.label(), "pcg32-byte");
}

#[test]
fn new_sources_give_pinned_bytes() {
    let cases: Vec<(Source, u64)> = vec![
        (
            Source::MarkovChain(MarkovChain::new(4, 2, 0.5, None).unwrap()),
            0xe674_b13d_b440_03a0,
        ),
        (
            Source::MarkovChain(MarkovChain::new(2, 3, 0.1, Some(1000)).unwrap()),
            0x6d44_7fc9_83d4_708e,
        ),
        (
            Source::Hmm(Hmm::new(4, 8, 0.5, 0.5).unwrap()),
            0xe621_ed28_4290_f10d,
        ),
        (
            Source::Prng(Prng::new(Generator::Lcg, Output::Bit(5)).unwrap()),
            0xca20_cb6f_8296_198a,
        ),
        (
            Source::Prng(Prng::new(Generator::Xorshift, Output::Bit(0)).unwrap()),
            0xd1c5_ac47_e5bb_b191,
        ),
        (
            Source::Prng(Prng::new(Generator::Mt19937, Output::Bit(0)).unwrap()),
            0x523f_48e5_a862_dcf9,
        ),
        (
            Source::Prng(Prng::new(Generator::Pcg32, Output::LowByte).unwrap()),
            0xeaa5_04c7_46bd_9baf,
        ),
        (
            Source::Prng(Prng::new(Generator::Chacha8, Output::Bit(0)).unwrap()),
            0xc733_7329_cd13_3e51,
        ),
    ];
    let mut found = Vec::new();
    for (src, golden) in cases {
        let a = src.generate(100_000, 42).unwrap();
        assert_eq!(a, src.generate(100_000, 42).unwrap());
        assert_ne!(a, src.generate(100_000, 43).unwrap());
        found.push((src.label(), fnv1a(&a), golden));
    }
    for (label, hash, golden) in &found {
        assert_eq!(hash, golden, "{label} changed: {hash:#x} ({found:x?})");
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn bad_specs_name_their_field() {
    let field = |e: SourceError| match e {
        SourceError::Invalid { field, .. } => field,
        other => panic!("unexpected {other}"),
    };
    assert_eq!(
        field(MarkovChain::new(16, 6, 0.5, None).unwrap_err()),
        "order"
    );
    assert_eq!(
        field(MarkovChain::new(4, 2, 0.0, None).unwrap_err()),
        "alpha"
    );
    assert_eq!(
        field(MarkovChain::new(4, 2, -1.0, None).unwrap_err()),
        "alpha"
    );
    assert_eq!(
        field(MarkovChain::new(4, 2, 0.5, Some(0)).unwrap_err()),
        "resample"
    );
    assert_eq!(
        field(Prng::new(Generator::Lcg, Output::Bit(32)).unwrap_err()),
        "bit"
    );
    assert_eq!(field(Prng::parse("rc4", None, 2).unwrap_err()), "generator");
    assert_eq!(
        field(Prng::parse("lcg", Some(3), 256).unwrap_err()),
        "alphabet"
    );
    assert_eq!(field(Hmm::new(0, 4, 0.5, 0.5).unwrap_err()), "states");
    assert_eq!(field(Hmm::new(2, 4, 0.5, 0.0).unwrap_err()), "beta");
}
