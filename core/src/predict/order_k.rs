//! Adaptive order-k context model with the Krichevsky–Trofimov estimator: the report's
//! "Adaptive-AE" baseline. The context is the last k symbols; it indexes a count table
//! directly while M^k fits, and a hash of the window otherwise.

use super::{PredictError, Predictor};
use crate::coding::quantize::quantize_weights;

/// Count-table entries (contexts × alphabet) at most: 2^25 u32 = 128 MiB.
const MAX_TABLE_ENTRIES: u64 = 1 << 25;
/// Counts are halved past this so they stay far from overflow.
const COUNT_LIMIT: u32 = 1 << 30;
/// Base of the rolling hash over the context window.
const HASH_BASE: u64 = 0x100_0000_01b3;

pub struct OrderK {
    alphabet: usize,
    context: ContextIndex,
    counts: Vec<u32>,
    weights: Vec<u64>,
}

/// Where the last k symbols of a stream lead in a count table of `rows() × alphabet` entries:
/// a direct index while M^k rows fit, a hash of the window otherwise. The mixing experts keep
/// one per stream over a table they share.
pub struct ContextIndex {
    alphabet: usize,
    context: Context,
}

/// How the last k symbols become a row of the count table.
enum Context {
    Exact {
        modulus: u64,
        index: u64,
    },
    Hashed {
        window: Vec<u8>,
        next: usize,
        hash: u64,
        /// HASH_BASE^k, to remove the oldest symbol from the hash.
        drop_factor: u64,
        shift: u32,
    },
}

impl ContextIndex {
    pub fn new(alphabet: usize, k: usize) -> Self {
        let m = alphabet as u64;
        let exact_rows = (0..k).try_fold(1u64, |acc, _| acc.checked_mul(m));
        let context = match exact_rows {
            Some(rows) if rows * m <= MAX_TABLE_ENTRIES => Context::Exact {
                modulus: rows,
                index: 0,
            },
            _ => {
                let bits = (MAX_TABLE_ENTRIES / m.next_power_of_two()).trailing_zeros();
                // The window starts as k zero symbols; the hash must agree with it, or the
                // stale start would shift every later hash.
                let zero_window_hash =
                    (0..k).fold(0u64, |h, _| h.wrapping_mul(HASH_BASE).wrapping_add(1));
                Context::Hashed {
                    window: vec![0; k],
                    next: 0,
                    hash: zero_window_hash,
                    drop_factor: (0..k).fold(1u64, |acc, _| acc.wrapping_mul(HASH_BASE)),
                    shift: 64 - bits,
                }
            }
        };
        ContextIndex { alphabet, context }
    }

    /// Rows of the count table this index points into.
    pub fn rows(&self) -> usize {
        match &self.context {
            Context::Exact { modulus, .. } => *modulus as usize,
            Context::Hashed { shift, .. } => 1 << (64 - shift),
        }
    }

    /// The first entry of the current context's row.
    pub fn row(&self) -> usize {
        let r = match &self.context {
            Context::Exact { index, .. } => *index,
            Context::Hashed { hash, shift, .. } => {
                hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift
            }
        };
        r as usize * self.alphabet
    }

    /// Moves the context on by the symbol that came.
    pub fn push(&mut self, symbol: u8) {
        match &mut self.context {
            Context::Exact { modulus, index } => {
                *index = (*index * self.alphabet as u64 + symbol as u64) % *modulus;
            }
            Context::Hashed {
                window,
                next,
                hash,
                drop_factor,
                ..
            } => {
                let oldest = window[*next] as u64 + 1;
                *hash = hash
                    .wrapping_mul(HASH_BASE)
                    .wrapping_add(symbol as u64 + 1)
                    .wrapping_sub(oldest.wrapping_mul(*drop_factor));
                window[*next] = symbol;
                *next = (*next + 1) % window.len();
            }
        }
    }
}

/// Counts one more `symbol` in a context's row, halving the row near overflow.
pub fn count(row: &mut [u32], symbol: u8) {
    row[symbol as usize] += 1;
    if row[symbol as usize] >= COUNT_LIMIT {
        row.iter_mut().for_each(|c| *c /= 2);
    }
}

impl OrderK {
    pub fn new(alphabet: usize, k: usize) -> Self {
        let context = ContextIndex::new(alphabet, k);
        OrderK {
            alphabet,
            counts: vec![0; context.rows() * alphabet],
            context,
            weights: vec![0; alphabet],
        }
    }
}

impl Predictor for OrderK {
    fn predict(&mut self, _live: usize, freqs: &mut [u32]) -> Result<(), PredictError> {
        let row = self.context.row();
        // KT estimator: P(s) ∝ n_s + 1/2, scaled by two to stay in integers.
        for (w, &c) in self
            .weights
            .iter_mut()
            .zip(&self.counts[row..row + self.alphabet])
        {
            *w = 2 * c as u64 + 1;
        }
        quantize_weights(&self.weights, freqs);
        Ok(())
    }

    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError> {
        let row = self.context.row();
        count(&mut self.counts[row..row + self.alphabet], symbols[0]);
        self.context.push(symbols[0]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_orders_and_alphabets_go_through_the_hash() {
        // Order 30 over M = 2 does not fit a direct table, nor order 3 over M = 200.
        assert!(matches!(
            OrderK::new(2, 30).context.context,
            Context::Hashed { .. }
        ));
        assert!(matches!(
            OrderK::new(200, 3).context.context,
            Context::Hashed { .. }
        ));
    }
}
