//! An order-k expert: the counts of the symbols that followed the last k symbols, one table
//! shared by all streams (each stream with its own context), as ln-probabilities. The
//! estimator adds α = min(1/2, 2/M) to every count: KT at M = 2, and at M = 256 a symbol seen
//! once in a context already gets a third of the belief, as text wants.

use crate::predict::order_k::{count, ContextIndex};
use neural::math::ln;

/// Counts below this have their ln(c + α) read from a table.
const TABLE: usize = 1024;

pub struct OrderExpert {
    alphabet: usize,
    alpha: f32,
    contexts: Vec<ContextIndex>,
    counts: Vec<u32>,
    /// Per row, the sum of its counts.
    totals: Vec<u64>,
    /// ln(c + α) for c < TABLE.
    ln_count: Vec<f32>,
}

impl OrderExpert {
    pub fn new(alphabet: usize, k: usize, streams: usize) -> Self {
        let alpha = (2.0 / alphabet as f32).min(0.5);
        let contexts: Vec<_> = (0..streams)
            .map(|_| ContextIndex::new(alphabet, k))
            .collect();
        OrderExpert {
            alphabet,
            alpha,
            counts: vec![0; contexts[0].rows() * alphabet],
            totals: vec![0; contexts[0].rows()],
            contexts,
            ln_count: (0..TABLE).map(|c| ln(c as f32 + alpha)).collect(),
        }
    }

    /// Bytes of its count table and row totals.
    pub fn memory_bytes(alphabet: usize, k: usize) -> u64 {
        (ContextIndex::new(alphabet, k).rows() * (alphabet * 4 + 8)) as u64
    }

    fn ln_of(&self, c: u32) -> f32 {
        match self.ln_count.get(c as usize) {
            Some(&l) => l,
            None => ln(c as f32 + self.alpha),
        }
    }

    /// ln P(s) of stream `b`'s next symbol, for every s.
    pub fn ln_probs(&self, b: usize, out: &mut [f32]) {
        let row = self.contexts[b].row();
        let counts = &self.counts[row..row + self.alphabet];
        let total = self.totals[row / self.alphabet];
        let ln_total = ln(total as f32 + self.alpha * self.alphabet as f32);
        for (o, &c) in out.iter_mut().zip(counts) {
            *o = self.ln_of(c) - ln_total;
        }
    }

    pub fn update(&mut self, b: usize, symbol: u8) {
        let row = self.contexts[b].row();
        let counts = &mut self.counts[row..row + self.alphabet];
        let before = counts[symbol as usize];
        count(counts, symbol);
        let total = &mut self.totals[row / self.alphabet];
        if counts[symbol as usize] == before + 1 {
            *total += 1;
        } else {
            // The row was halved.
            *total = counts.iter().map(|&c| c as u64).sum();
        }
        self.contexts[b].push(symbol);
        // The next step reads the new context's row: fetch it while the other experts and
        // the model work (a table of 2^25 counts is far larger than any cache).
        let row = self.contexts[b].row();
        prefetch(&self.counts[row..row + self.alphabet]);
        prefetch(&self.totals[row / self.alphabet..][..1]);
    }
}

/// Asks the CPU to bring `data` into its cache: a hint that changes no value, only when the
/// memory arrives (x86-64 only; elsewhere nothing).
fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    for line in data.chunks(64 / std::mem::size_of::<T>()) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch never faults and reads nothing the program sees.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}
