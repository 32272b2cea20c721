//! The cm model's last stage (`kt`): a Bayes mixture of two predictions of each bit, the
//! network's (after its maps) and the Krichevsky–Trofimov estimate of the counts the highest
//! order's context has seen. Each bit's estimate gives each side half a count per symbol
//! below it, (ones + n1/2) / (zeros + ones + (n0 + n1)/2) with n0 and n1 the symbols under
//! the 0 and the 1 branch: a Dirichlet(1/2) prior split along the tree, so the bits' estimates
//! multiply to exactly the symbol's (ones + 1/2) / (seen + M/2), the `order-k` model's.
//! Each is weighted by 2^−(the bits it
//! would have cost so far): the mixture then costs at most the better one's bits plus one
//! (the prior of 1/2 each) on any input. On a stationary chain of order k the counts at order
//! k are the right estimator, which a network of many inputs only approaches while its
//! weights learn; on real files the network wins within a few hundred bits and the mixture is
//! then the network's probability exactly. The evidence is held within ±32 bits, so that
//! either side can win back after a change, at a cost of at most 32 bits each time.
//!
//! Integers only: the costs and the weights are tables computed once with the harness's own
//! log2 and exp (`generators::math`), the same numbers on every machine.

use std::sync::LazyLock;

use generators::math::{exp, log2};

/// Evidence is in 2^-16 bits; the weight changes every 1/16 bit of it.
const UNIT: i64 = 1 << 16;
const WEIGHT_STEP: i64 = UNIT / 16;
/// The evidence is held within ±MOST bits.
const MOST: i64 = 32 * UNIT;

/// −log2(i/4096) in 2^-16 bits, for i in 1..4096 (0 reads as 1).
static COST: LazyLock<Vec<u32>> = LazyLock::new(|| {
    (0..4096u32)
        .map(|i| ((12.0 - log2(i.max(1) as f64)) * UNIT as f64).round() as u32)
        .collect()
});

/// 65536 / (1 + 2^−e) for evidence e = j/16 bits, j = −512…512.
static WEIGHT: LazyLock<Vec<u32>> = LazyLock::new(|| {
    (-512..=512)
        .map(|j| {
            let odds = exp(-(j as f64 / 16.0) * std::f64::consts::LN_2);
            (65536.0 / (1.0 + odds)).round() as u32
        })
        .collect()
});

/// The cost in 2^-16 bits of `bit` under the 16-bit probability of a 1 `p1`.
fn cost(p1: u32, bit: u8) -> i64 {
    let p = if bit == 1 { p1 } else { 65536 - p1 };
    COST[(p >> 4) as usize] as i64
}

/// The 16-bit probability of a 1 that KT gives after `zeros` and `ones`, with `under`
/// symbols below the 0 and the 1 branch.
pub fn kt(zeros: u32, ones: u32, under: (u32, u32)) -> u32 {
    let (n0, n1) = (under.0 as u64, under.1 as u64);
    let p = ((2 * ones as u64 + n1) << 16) / (2 * (zeros + ones) as u64 + n0 + n1);
    (p as u32).clamp(1, 65535)
}

#[derive(Default)]
pub struct Switch {
    /// The bits the counts have cost so far less the network's (2^-16 bits, within ±MOST).
    evidence: i64,
    /// The two predictions of the last bit.
    network: u32,
    counts: u32,
}

impl Switch {
    /// The 16-bit probability of a 1 from the `network`'s and the `counts`' (both 16-bit).
    pub fn mix(&mut self, network: u32, counts: u32) -> u32 {
        (self.network, self.counts) = (network, counts);
        let j = ((self.evidence / WEIGHT_STEP).clamp(-512, 512) + 512) as usize;
        let w = WEIGHT[j] as i64;
        let p = counts as i64 + ((w * (network as i64 - counts as i64)) >> 16);
        p.clamp(1, 65535) as u32
    }

    /// The bit that came: the evidence moves by what each prediction cost.
    pub fn update(&mut self, bit: u8) {
        let gain = cost(self.counts, bit) - cost(self.network, bit);
        self.evidence = (self.evidence + gain).clamp(-MOST, MOST);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::predict::bits::{Tree, Values};

    #[test]
    fn the_tables_hold_costs_and_weights() {
        assert_eq!(COST[2048], UNIT as u32, "1/2 costs one bit");
        assert_eq!(COST[1024], 2 * UNIT as u32);
        assert_eq!(COST[4095], 23);
        assert_eq!((WEIGHT[512], WEIGHT[0], WEIGHT[1024]), (32768, 0, 65536));
        assert_eq!(WEIGHT[512 + 16], 43691, "1 bit of evidence: 2/3");
        assert_eq!(kt(0, 0, (1, 1)), 32768);
        assert_eq!(kt(1, 0, (1, 1)), 16384);
        assert_eq!(kt(0, 3, (1, 1)), 57344);
        // The first bit of a symbol of 16: 8 symbols each side, (0 + 4) / (1 + 8).
        assert_eq!(kt(1, 0, (8, 8)), 29127);
    }

    /// Multiplied along the tree, the bits' estimates are the symbol's KT estimate, on
    /// alphabets that fill their bits and those that do not, coded as indices or as bytes
    /// (gaps, bits forced to 0 and to 1).
    #[test]
    fn the_bits_multiply_to_the_symbols_estimate() {
        let trees = [2, 4, 5, 16].map(Tree::dense).into_iter().chain(
            [&[1u8, 4, 6][..], &[3, 7, 8, 200, 201]].map(|v| Tree::new(Values::of(v), true)),
        );
        for tree in trees {
            let (alphabet, bits) = (tree.alphabet() as u8, tree.bits());
            // Counts at each node after symbols 0, 0, 1 and 3 (where below M).
            let seen: Vec<u32> = [0u8, 0, 1, 3]
                .into_iter()
                .filter(|&s| s < alphabet)
                .map(|s| tree.code(s))
                .collect();
            for symbol in 0..alphabet {
                let code = tree.code(symbol);
                let mut p = 1.0;
                for depth in 0..bits {
                    let prefix = (code >> (bits - depth)) | 1 << depth;
                    let bit = (code >> (bits - depth - 1)) & 1;
                    let at = |b: u32| {
                        let node = (prefix << 1 | b) as usize;
                        let under = |c: u32| (c >> (bits - depth - 1)) | 1 << (depth + 1);
                        seen.iter().filter(|&&c| under(c) as usize == node).count() as u32
                    };
                    if tree.forced(prefix).is_some() {
                        continue;
                    }
                    let p1 = kt(at(0), at(1), tree.under(prefix)) as f64 / 65536.0;
                    p *= if bit == 1 { p1 } else { 1.0 - p1 };
                }
                let count = seen.iter().filter(|&&c| c == code).count() as f64;
                let want = (count + 0.5) / (seen.len() as f64 + alphabet as f64 / 2.0);
                assert!(
                    (p - want).abs() < 1e-4,
                    "{tree:?} symbol {symbol}: {p} {want}"
                );
            }
        }
    }

    /// Against a prediction that is always right, and one that knows nothing, the mixture
    /// costs at most the better one's bits plus one; then the other one becomes the better.
    #[test]
    fn the_mixture_follows_the_better_prediction_within_a_bit() {
        let mut s = Switch::default();
        let (mut total, mut bits) = (0i64, 0);
        for t in 0..2000 {
            let bit = (t % 3 == 0) as u8;
            let right = if bit == 1 { 60000 } else { 5536 };
            let (network, counts) = if t < 1000 {
                (right, 32768)
            } else {
                (32768, right)
            };
            let p = s.mix(network, counts);
            total += cost(p, bit);
            s.update(bit);
            bits += 1;
            if t == 999 {
                let best = 1000 * cost(60000, 1);
                // One bit for the prior, and a little for weights held to 1/16 bit of evidence.
                assert!(total <= best + UNIT + UNIT / 8, "{total} vs {best}");
            }
        }
        // The switch back costs the 32 bits of evidence held, and a little on the way.
        let best = 2000 * cost(60000, 1);
        assert!(total <= best + 40 * UNIT, "{total} vs {best}, {bits} bits");
        assert!(s.evidence == -MOST);
    }
}
