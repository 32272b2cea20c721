//! Block-repeat sources: where copying from a place that must be looked up wins, LZ's home
//! ground. The stream is blocks of L symbols. The first K blocks are fresh; after them each
//! block is, with probability q, an exact copy of one of the last K fresh blocks (chosen
//! uniformly), otherwise a fresh block of L i.i.d. uniform symbols over M. Entropy rate
//! [h(q) + q·log2 K + (1 − q)·L·log2 M] / L bits per symbol: exact but for coincidences (a
//! fresh block equal to a remembered one, or two remembered blocks equal), whose probability
//! is at most K·M^−L per block; they can only lower the rate.

use std::collections::VecDeque;

use rand::Rng;

use crate::entropy::binary_entropy_bits;
use crate::error::{check_alphabet, SourceError};

#[derive(Debug, Clone, PartialEq)]
pub struct Repeats {
    alphabet: usize,
    block: usize,
    recall: usize,
    copy: f64,
}

impl Repeats {
    pub fn new(
        alphabet: usize,
        block: usize,
        recall: usize,
        copy: f64,
    ) -> Result<Self, SourceError> {
        check_alphabet(alphabet)?;
        if block == 0 {
            return Err(SourceError::invalid(
                "block",
                "expected a block length >= 1, got 0",
            ));
        }
        if recall == 0 {
            return Err(SourceError::invalid(
                "recall",
                "expected at least 1 remembered block, got 0",
            ));
        }
        if !(0.0..=1.0).contains(&copy) {
            return Err(SourceError::invalid(
                "copy",
                format!("expected a probability in [0, 1], got {copy}"),
            ));
        }
        Ok(Repeats {
            alphabet,
            block,
            recall,
            copy,
        })
    }

    pub fn alphabet(&self) -> usize {
        self.alphabet
    }

    /// L, symbols per block.
    pub fn block(&self) -> usize {
        self.block
    }

    /// K, fresh blocks a copy may come from.
    pub fn recall(&self) -> usize {
        self.recall
    }

    /// q, the probability that a block is a copy.
    pub fn copy(&self) -> f64 {
        self.copy
    }

    /// Symbols before the copies start: the K fresh blocks.
    pub fn warmup(&self) -> usize {
        self.recall * self.block
    }

    pub fn entropy_rate_bps(&self) -> f64 {
        let (q, l) = (self.copy, self.block as f64);
        let per_block = binary_entropy_bits(q)
            + q * (self.recall as f64).log2()
            + (1.0 - q) * l * (self.alphabet as f64).log2();
        per_block / l
    }

    pub fn generate(&self, len: usize, rng: &mut impl Rng) -> Vec<u8> {
        self.generate_blocks(len, rng).0
    }

    /// The symbols, and for each block whether it is a copy.
    pub(crate) fn generate_blocks(&self, len: usize, rng: &mut impl Rng) -> (Vec<u8>, Vec<bool>) {
        let (l, k) = (self.block, self.recall);
        let mut out = Vec::with_capacity(len + l);
        let mut copies = Vec::with_capacity(len / l + 1);
        // Start offsets of the last K fresh blocks, oldest first.
        let mut fresh: VecDeque<usize> = VecDeque::with_capacity(k + 1);
        for b in 0..len.div_ceil(l) {
            let start = out.len();
            let copy = b >= k && rng.random::<f64>() < self.copy;
            if copy {
                let from = fresh[rng.random_range(0..k)];
                out.extend_from_within(from..from + l);
            } else {
                out.extend((0..l).map(|_| rng.random_range(0..self.alphabet) as u8));
                fresh.push_back(start);
                if fresh.len() > k {
                    fresh.pop_front();
                }
            }
            copies.push(copy);
        }
        out.truncate(len);
        (out, copies)
    }
}
