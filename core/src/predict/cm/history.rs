//! Bit histories (indirect context models): in each slot of a context's table, below its
//! probability (18 bits) and count (7 bits), 7 bits that sum up the bits seen in that slot's
//! context: how many zeros and ones (each up to 7) and the last bit. A bit adds to its own
//! count and, when the other count is above 2, halves it (plus one), so a history forgets
//! when its context changes its mind, where the slot's probability keeps the long run. What a
//! history predicts is learned, per context, by an adaptive map from the 128 histories to a
//! probability (slots as in `slot`, the rate falling to 1/1024.5): a context seen once is then
//! read by what contexts seen once went on to do, not by a fixed rule. Kept in the slot, a
//! history costs no memory access of its own.

use super::slot::{rate, slot_of, slot_probability, train_slot, MAX_LIMIT};

/// Bits of each count of a history: zeros and ones up to 2^COUNT - 1.
const COUNT: u32 = 3;
/// A count at which a history's counts stop.
const MOST: u32 = (1 << COUNT) - 1;
/// Histories told apart: the two counts and the last bit.
const STATES: usize = 1 << (2 * COUNT + 1);

/// The zeros and ones a history counts.
pub fn counts(state: u32) -> (u32, u32) {
    (state >> (COUNT + 1), (state >> 1) & MOST)
}

/// The history after `bit`.
fn next(state: u32, bit: u8) -> u32 {
    NEXT[(state as usize) << 1 | bit as usize] as u32
}

/// The history after each history and bit (a table: the rule below costs branches per bit).
static NEXT: [u8; 2 * STATES] = {
    let mut table = [0; 2 * STATES];
    let mut i = 0;
    while i < table.len() {
        let (state, bit) = ((i >> 1) as u32, (i & 1) as u32);
        let (zeros, ones) = (state >> (COUNT + 1), (state >> 1) & MOST);
        let (mut same, mut other) = if bit == 1 {
            (ones, zeros)
        } else {
            (zeros, ones)
        };
        same = if same < MOST { same + 1 } else { MOST };
        if other > 2 {
            other = other / 2 + 1;
        }
        let (zeros, ones) = if bit == 1 {
            (other, same)
        } else {
            (same, other)
        };
        table[i] = (zeros << (COUNT + 1) | ones << 1 | bit) as u8;
        i += 1;
    }
    table
};

/// A map's slot for a history, before it has learned: the Krichevsky–Trofimov estimate of its
/// counts, (ones + 1/2) / (zeros + ones + 1), with a count of 0.
fn prior(state: u32) -> u32 {
    let (zeros, ones) = counts(state);
    let p = ((2 * ones as u64 + 1) << 22) / (2 * (zeros + ones) as u64 + 2);
    slot_of(p.min((1 << 22) - 1) as u32)
}

/// The history a slot holds (its low bits).
fn state(slot: u32) -> u32 {
    slot & (STATES as u32 - 1)
}

/// A slot with a history holds, above it, a 7-bit count and an 18-bit probability (stored as
/// an offset from 1/2, so a fresh slot is 1/2): 18 bits still keep a count of 127's steps.
const COUNT_SHIFT: u32 = 2 * COUNT + 1;
const MOST_COUNT: u32 = 127;
const P_SHIFT: u32 = COUNT_SHIFT + 7;
const HALF: u32 = 1 << 17;

/// The 12-bit probability of a 1 a slot with a history holds.
pub fn probability(slot: u32) -> u32 {
    ((slot >> P_SHIFT) ^ HALF) >> 6
}

/// The count a slot with a history holds.
pub fn count(slot: u32) -> u32 {
    (slot >> COUNT_SHIFT) & MOST_COUNT
}

pub struct Histories {
    /// Each context's map from histories to probabilities.
    maps: Vec<[u32; STATES]>,
}

impl Histories {
    /// For `contexts` contexts.
    pub fn new(contexts: usize) -> Histories {
        let map: [u32; STATES] = std::array::from_fn(|s| prior(s as u32));
        Histories {
            maps: vec![map; contexts],
        }
    }

    /// Context `k`'s stretched probability from the history in its slot `slot`.
    #[inline]
    pub fn input(&self, k: usize, slot: u32) -> i32 {
        let p = slot_probability(self.maps[k][state(slot) as usize]);
        super::logistic::stretch(p as i32)
    }

    /// Context `k`'s history `state` (a slot of the lean engine, `lean`) saw `bit`: its map
    /// learns; the history after it.
    #[inline]
    pub fn learn(&mut self, k: usize, state: u8, bit: u8) -> u8 {
        train_slot(&mut self.maps[k][state as usize], bit, MAX_LIMIT);
        next(state as u32, bit) as u8
    }

    /// Context `k`'s slot `slot` saw `bit`: its map learns, its probability moves by
    /// 1/(n + 1.5) of its error and its count n on (up to `limit`, at most 127), and its
    /// history moves on.
    pub fn update(&mut self, k: usize, slot: &mut u32, bit: u8, limit: u32) {
        let state = state(*slot);
        train_slot(&mut self.maps[k][state as usize], bit, MAX_LIMIT);
        let n = count(*slot);
        let target: i64 = if bit == 1 { (1 << 18) - 1 } else { 0 };
        let p = ((*slot >> P_SHIFT) ^ HALF) as i64;
        let p = p + (((target - p) * rate(n) + (1 << 15)) >> 16);
        let n = (n + 1).min(limit).min(MOST_COUNT);
        *slot = ((p as u32) ^ HALF) << P_SHIFT | n << COUNT_SHIFT | next(state, bit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_count_to_the_most_and_forget_the_other_side() {
        let mut s = 0;
        for _ in 0..20 {
            s = next(s, 1);
        }
        assert_eq!((counts(s), s & 1), ((0, MOST), 1));
        s = next(s, 0);
        assert_eq!((counts(s), s & 1), ((1, MOST / 2 + 1), 0));
        assert_eq!(counts(next(next(0, 0), 0)), (2, 0));
        assert!((0..STATES as u32).all(|s| (next(s, 0) as usize) < STATES));
        assert!((0..STATES as u32).all(|s| (next(s, 1) as usize) < STATES));
        // Before learning, 7 ones read as 15/16; nothing seen as 1/2.
        assert_eq!(slot_probability(prior(MOST << 1 | 1)), 3840);
        assert_eq!(slot_probability(prior(0)), 2048);
    }
}
