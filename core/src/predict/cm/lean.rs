//! `engine: lean`: the fast level of `kind: cm` (`bench compress --fast`). The full engine's
//! inputs are general (any set of orders and kinds, a probability and a history per slot, two
//! mixer layers); this one fixes a small set and lays it out for speed, as lpaq does:
//! - orders 0 and 1 read probabilities from tables indexed directly (no hash, no miss);
//! - orders 2, 3, 4 and 6 and the word so far with the symbol before it (`past`'s hashes)
//!   keep, per group of up to 4 bits, a bucket of 16 bytes: a check and one bit history
//!   (`history`, a byte) per node of the group, so a group costs one cache line per context;
//!   2 ways, the one whose first history counted less taken over;
//! - each history is read through its context's adaptive map (`history::Histories`);
//! - the match model, one mixer whose weight set the match state and the bits so far select,
//!   and an APM under the previous symbol and the bits so far (`apm`).
//!
//! docs/cm.md measures each choice (the contexts kept, the APM's context). All in integers
//! with the full engine's parts, so encoder and decoder compute the same bits on every
//! machine. Hand-written: it must be deterministic and fast.

use super::apm::Apm;
use super::history::{counts, Histories};
use super::huge::{prefetch, table};
use super::logistic::stretch;
use super::matches::Matches;
use super::mixer::{Inputs, Mixer};
use super::neural_input::NeuralInput;
use super::past::{mix, Kinds, Past};
use super::slot::{slot_probability, train_slot};
use crate::predict::bits::{symbol_bits, BitPredictor, Tree};
use crate::predict::neural::OnlineModel;

/// The hashed contexts: orders 2, 3, 4 and 6 (`past`'s order hashes), then the word so far
/// with the symbol before it.
const ORDERS: [usize; 4] = [2, 3, 4, 6];
const N: usize = ORDERS.len() + 1;

/// Bits per group of a symbol's bits, and the bytes of a group's bucket (a check and a
/// history per node: 15 nodes for 4 bits).
const GROUP: u32 = 4;
const BUCKET: usize = 16;

/// A slot's count stops here in the direct tables (orders 0 and 1): they adapt faster than
/// the full engine's (127), which pays on each file of docs/cm.md by 0.03–0.3 %.
const LIMIT: u32 = 30;
/// The mixer's learning rate, 2^-SHIFT (the full engine's default).
const SHIFT: u32 = 12;

/// Each hashed context's hash for the next symbol.
fn hashes(past: &Past) -> [u32; N] {
    let mut hashes = [0; N];
    for (h, &k) in hashes.iter_mut().zip(&ORDERS) {
        *h = past.order(k);
    }
    hashes[N - 1] = past.word();
    hashes
}

pub struct Lean {
    bits: u32,
    past: Past,
    /// Each hashed context's hash at the current symbol.
    hashes: [u32; N],
    /// The hashed contexts' tables, 2^table_bits bytes each, side by side from `offset`.
    table: Vec<u8>,
    offset: usize,
    table_bits: u32,
    /// Each hashed context's first bucket for the current group, and the node's byte.
    buckets: [usize; N],
    /// Each hashed context's first bucket and check for the next group, after a 0 and a 1
    /// (`locate`).
    ahead: [[(usize, u8); 2]; N],
    slots: [usize; N],
    maps: Histories,
    /// Orders 0 (by the bits so far) and 1 (with the symbol before), and their slots read.
    order0: Vec<u32>,
    order1: Vec<u32>,
    direct: [usize; 2],
    /// The bits of the symbol so far behind a 1, over the symbol and over the group, and how
    /// many.
    prefix: u32,
    node: u32,
    seen: u32,
    matches: Matches,
    inputs: Inputs,
    mixer: Mixer,
    /// The APM under the previous symbol and the bits so far (order 1's slot).
    apm: Apm,
    neural: Option<NeuralInput>,
    calls: bool,
    tree: Tree,
}

impl Lean {
    /// For symbols coded by `tree`, tables of 2^`table_bits` bytes, the x86 call transform on
    /// bytes if `e8e9`, and `neural` (one coded stream) as an input if given.
    pub fn new(
        tree: Tree,
        table_bits: u32,
        e8e9: bool,
        neural: Option<Box<dyn OnlineModel>>,
    ) -> Lean {
        let bits = tree.bits();
        // Its contexts' hashes are asked of `past` one by one (`hashes`), not all of a kind.
        let past = Past::new(Kinds {
            order: 0,
            word: false,
            sparse: false,
            column: false,
        });
        let hashes = hashes(&past);
        let (table, offset) = table(N << table_bits);
        let n = N + 3 + neural.is_some() as usize;
        let mut lean = Lean {
            bits,
            past,
            hashes,
            table,
            offset,
            table_bits,
            buckets: [0; N],
            ahead: [[(0, 0); 2]; N],
            slots: [0; N],
            maps: Histories::new(N),
            order0: vec![0; 1 << bits],
            order1: vec![0; 1 << (2 * bits)],
            direct: [0; 2],
            prefix: 1,
            node: 1,
            seen: 0,
            matches: Matches::new(bits),
            inputs: Inputs::new(n),
            mixer: Mixer::new(n, 3 << bits, SHIFT),
            apm: Apm::new(1 << (2 * bits)),
            neural: neural.map(|model| NeuralInput::new(model, &tree)),
            calls: e8e9 && tree.alphabet() == 256,
            tree,
        };
        lean.locate(1, false);
        lean.start_group(0);
        lean.look_ahead();
        lean
    }

    /// Bytes its tables take for `alphabet` symbols with tables of 2^`table_bits` bytes.
    pub fn memory_bytes(alphabet: usize, table_bits: u32) -> u64 {
        let bits = symbol_bits(alphabet);
        let direct = 4 * ((1u64 << bits) + (1 << (2 * bits)));
        let mixer = 4 * (N as u64 + 4) * (3 << bits);
        ((N as u64) << table_bits) + direct + mixer + (66 << (2 * bits)) + Matches::BYTES
    }

    /// Order 1's slot (and the APM's row) for the next bit: the previous symbol and the bits
    /// so far.
    fn order1(&self) -> usize {
        self.past.symbol(1) << self.bits | self.prefix as usize
    }

    /// Where context `k`'s first bucket for the group after `prefix` lies (the second is
    /// its neighbour, `other`), and the check its bucket holds.
    fn first(&self, k: usize, prefix: u32) -> (usize, u8) {
        let h = mix(self.hashes[k] ^ prefix.wrapping_mul(0x2545_F491));
        let index = h as usize & ((1 << self.table_bits) - 1) & !(BUCKET - 1);
        (
            self.offset + (k << self.table_bits) + index,
            (h >> 24) as u8 | 1,
        )
    }

    /// The bucket beside `first` (found from the index, not the address, so the same on
    /// every machine).
    fn other(&self, first: usize) -> usize {
        self.offset + ((first - self.offset) ^ BUCKET)
    }

    /// The buckets the next group may take: after `prefix`, and with `both` after
    /// `prefix + 1` too (before a group's last bit, whichever it is), found and asked of the
    /// cache before they are read (`start_group`).
    fn locate(&mut self, prefix: u32, both: bool) {
        for k in 0..N {
            for i in 0..=both as usize {
                let (first, check) = self.first(k, prefix + i as u32);
                prefetch(&self.table[first]);
                self.ahead[k][i] = (first, check);
            }
        }
    }

    /// Before a group's last bit that is not the symbol's last: the next group's buckets.
    fn look_ahead(&mut self) {
        let left = self.bits - self.seen;
        if left % GROUP == 1 && left > 1 {
            self.locate(self.prefix * 2, true);
        }
    }

    /// A group of bits begins, after the bit `which` of those `locate` found it for: each
    /// hashed context's bucket for it, taken over if it holds another context's histories.
    fn start_group(&mut self, which: usize) {
        self.node = 1;
        // Every context's bucket pair is read before any is decided on: the reads miss the
        // cache together, not one after another behind each decision.
        let mut found = [(0u8, [0usize; 2], [0u8; 4]); N];
        for (k, found) in found.iter_mut().enumerate() {
            let (first, check) = self.ahead[k][which];
            let other = self.other(first);
            let t = &self.table;
            let read = [t[first], t[first + 1], t[other], t[other + 1]];
            *found = (check, [first, other], read);
        }
        let counted = |state: u8| {
            let (zeros, ones) = counts(state as u32);
            zeros + ones
        };
        for (k, &(check, [first, other], read)) in found.iter().enumerate() {
            let at = match read[0] == check
                || read[2] != check && counted(read[1]) <= counted(read[3])
            {
                true => first,
                false => other,
            };
            let bucket = &mut self.table[at..at + BUCKET];
            if bucket[0] != check {
                bucket.fill(0);
                bucket[0] = check;
            }
            self.buckets[k] = at;
        }
    }
}

impl BitPredictor for Lean {
    fn p1(&mut self) -> u32 {
        let prefix = self.prefix;
        self.direct = [prefix as usize, self.order1()];
        let inputs = self.inputs.fill();
        for (k, input) in inputs[..N].iter_mut().enumerate() {
            self.slots[k] = self.buckets[k] + self.node as usize;
            *input = self.maps.input(k, self.table[self.slots[k]] as u32);
        }
        inputs[N] = stretch(slot_probability(self.order0[self.direct[0]]) as i32);
        inputs[N + 1] = stretch(slot_probability(self.order1[self.direct[1]]) as i32);
        inputs[N + 2] = self.matches.input(&self.past.symbols, self.bits, prefix);
        if let Some(neural) = &mut self.neural {
            inputs[N + 3] = neural.input(prefix);
        }
        let set = self.matches.state() << self.bits | prefix as usize;
        let (p, x) = self.mixer.mix(&self.inputs, set);
        let p = (p + 3 * self.apm.refine(x, self.direct[1]) + 2) >> 2;
        ((p as u32) << 4 | 8).clamp(1, 65535)
    }

    fn update(&mut self, bit: u8) {
        self.mixer.update(&self.inputs, bit);
        self.apm.update(bit);
        self.matches.update_bit(bit);
        for k in 0..N {
            let state = &mut self.table[self.slots[k]];
            *state = self.maps.learn(k, *state, bit);
        }
        train_slot(&mut self.order0[self.direct[0]], bit, LIMIT);
        train_slot(&mut self.order1[self.direct[1]], bit, LIMIT);
        self.prefix = self.prefix * 2 + bit as u32;
        self.node = self.node * 2 + bit as u32;
        self.seen += 1;
        let left = self.bits - self.seen;
        if left == 0 {
            let code = self.prefix - (1 << self.bits);
            self.past.push(code as u8);
            self.matches.prefetch(&self.past.symbols);
            if let Some(neural) = &mut self.neural {
                neural.update(self.tree.symbol(code));
            }
            self.hashes = hashes(&self.past);
            (self.prefix, self.seen) = (1, 0);
            // The buckets are asked for before the match model reads its table: the misses
            // overlap.
            self.locate(1, false);
            self.matches.update_symbol(&self.past.symbols);
            self.start_group(0);
            self.look_ahead();
        } else if left.is_multiple_of(GROUP) {
            self.start_group(bit as usize);
        } else {
            self.look_ahead();
        }
        // The APM's row for the next bit (a miss each bit otherwise: 4 MB for bytes).
        let next = self.order1();
        self.apm.prefetch(next..next + 1);
    }

    fn calls(&self) -> bool {
        self.calls
    }

    fn tree(&self) -> &Tree {
        &self.tree
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::agree_on_text;
    use super::*;

    /// `lean` with its table moved `by` bytes further into a larger one: the same contexts at
    /// another place in memory.
    fn moved(mut lean: Lean, by: usize) -> Lean {
        let mut table = vec![0u8; lean.table.len() + by];
        table[by..].copy_from_slice(&lean.table);
        lean.table = table;
        lean.offset += by;
        lean.buckets.iter_mut().for_each(|b| *b += by);
        lean.ahead
            .iter_mut()
            .flatten()
            .for_each(|(first, _)| *first += by);
        lean
    }

    /// Where a table lies changes no probability: two engines whose tables start at offsets
    /// that differ in their low bits (as two allocators would place them) agree on every bit
    /// of a text, bucket neighbours and replacements included (small tables: many of both).
    #[test]
    fn where_the_tables_lie_changes_no_probability() {
        for by in [1, 8, 16, 48] {
            let mut there = moved(Lean::new(Tree::dense(256), 10, false, None), by);
            let what = format!("moved by {by}");
            let mut here = Lean::new(Tree::dense(256), 10, false, None);
            agree_on_text(&mut here, &mut there, &what);
        }
    }
}
