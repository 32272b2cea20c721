//! The match model of the binary mixer: the longest earlier occurrence of the recent symbols
//! (found by a hash of the last `min` symbols, checked, then followed while it holds)
//! predicts the next symbol, and so each of its bits while the bits so far agree. Its input
//! is the stretched probability, learned per match length, that the predicted bit is right,
//! signed by the bit. Integers only.

use super::logistic::stretch;

/// Slots of the hash table of positions.
const TABLE_BITS: u32 = 20;
/// Lengths told apart by the learned probabilities (longer ones share the last).
const LENGTHS: usize = 32;
/// The longest check of a candidate, in symbols.
const CHECK: usize = 64;

impl Matches {
    /// Bytes its table takes.
    pub const BYTES: u64 = 4 << TABLE_BITS;
}

pub struct Matches {
    /// Where each hash of `min` symbols last ended, from `offset` (`huge`).
    table: Vec<u32>,
    offset: usize,
    min: usize,
    /// The position the match predicts, and its length (0: none).
    at: usize,
    length: usize,
    /// The probability (16 bits) that the predicted bit is right, by length.
    right: [i32; LENGTHS],
    /// The bit it predicted last, if any.
    expected: Option<u8>,
}

impl Matches {
    /// Over symbols of `bits` bits: a match starts after `min` symbols agree (about 40 bits).
    pub fn new(bits: u32) -> Matches {
        let (table, offset) = super::huge::table(1 << TABLE_BITS);
        Matches {
            table,
            offset,
            min: (40 / bits as usize).clamp(4, 40),
            at: 0,
            length: 0,
            right: [49152; LENGTHS],
            expected: None,
        }
    }

    /// Whether a match is on, and a long one (for the mixer's weight set: 0, 1, 2).
    pub fn state(&self) -> usize {
        match self.length {
            0 => 0,
            1..16 => 1,
            _ => 2,
        }
    }

    /// The input for the next bit of a symbol of `bits` bits after `prefix` (its bits so far
    /// behind a 1), the symbols so far being `history`: ± the stretched probability that the
    /// predicted bit is right, or 0.
    pub fn input(&mut self, history: &[u8], bits: u32, prefix: u32) -> i32 {
        self.expected = None;
        if self.length == 0 {
            return 0;
        }
        let seen = 31 - prefix.leading_zeros();
        let predicted = history[self.at] as u32;
        if (predicted >> (bits - seen)) | (1 << seen) != prefix {
            return 0;
        }
        let bit = ((predicted >> (bits - seen - 1)) & 1) as u8;
        self.expected = Some(bit);
        let st = stretch(self.right[self.length.min(LENGTHS - 1)] >> 4);
        if bit == 1 {
            st
        } else {
            -st
        }
    }

    /// Learns whether the predicted bit was right.
    pub fn update_bit(&mut self, bit: u8) {
        if let Some(expected) = self.expected {
            let p = &mut self.right[self.length.min(LENGTHS - 1)];
            let target = if bit == expected { 65535 } else { 0 };
            *p += (target - *p) >> 6;
        }
    }

    /// The symbol that came, last of `history`: the match goes on or ends, and one is looked
    /// for.
    pub fn update_symbol(&mut self, history: &[u8]) {
        let n = history.len();
        if self.length > 0 && history[self.at] == history[n - 1] {
            (self.at, self.length) = (self.at + 1, self.length + 1);
        } else {
            self.length = 0;
        }
        if n < self.min {
            return;
        }
        let slot = self.offset + self.hash(history) as usize;
        if self.length == 0 {
            let candidate = self.table[slot] as usize;
            let same = (1..=CHECK.min(candidate))
                .take_while(|&i| history[candidate - i] == history[n - i])
                .count();
            if candidate > 0 && same >= self.min {
                (self.at, self.length) = (candidate, same);
            }
        }
        self.table[slot] = n as u32;
    }

    /// Asks the cache for the slot `update_symbol` reads after `history` (the symbols so far,
    /// the last just come), so that its miss overlaps the caller's work in between.
    pub fn prefetch(&self, history: &[u8]) {
        if history.len() >= self.min {
            super::huge::prefetch(&self.table[self.offset + self.hash(history) as usize]);
        }
    }

    /// A hash of the last `min` symbols of `history`.
    fn hash(&self, history: &[u8]) -> u32 {
        let h = history[history.len() - self.min..]
            .iter()
            .fold(0x811C_9DC5u32, |h, &s| {
                (h ^ s as u32).wrapping_mul(0x0100_0193)
            });
        h >> (32 - TABLE_BITS)
    }
}
