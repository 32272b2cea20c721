//! The context models of the binary mixer: each context's hash at the symbol's start (`past`:
//! the last k symbols of each order k = 0…K, words, sparse symbols, columns), with the bits of
//! the current symbol seen so far, selects an adaptive probability in a table of 2^table_bits
//! slots. A symbol's bits are taken in groups of up to 4 (most significant
//! first); a group's slots lie side by side after one hash per context at the group's start,
//! so the bits of a group touch one cache line per context rather than one each.
//! Each slot is an adaptive probability (`slot`) with its count, or its bit history
//! (`history`).

use super::history::Histories;
use super::slot::{slot_probability, train_slot, MAX_LIMIT};

/// Bits per group of a symbol's bits.
const GROUP: u32 = 4;

/// Slots per cache line: a bucket of up to 16 slots lies in one line.
const LINE: usize = 16;

/// A table of 2^`table_bits` zero slots whose slot `offset` starts a cache line, and that
/// offset (the layout only: slots are indexed from it the same on every machine).
fn aligned_table(table_bits: u32) -> (Vec<u32>, u32) {
    let table = vec![0u32; (1 << table_bits) + LINE];
    let misaligned = (table.as_ptr() as usize / 4) % LINE;
    (table, ((LINE - misaligned) % LINE) as u32)
}

pub struct Contexts {
    /// Bits per symbol, and the current one's: the bits so far behind a 1 over the symbol
    /// (`prefix`) and over the group (`node`), and how many.
    bits: u32,
    prefix: u32,
    node: u32,
    seen: u32,
    limit: u32,
    mask: u32,
    /// One table per context, 2^table_bits slots from its offset: the probability (22 bits,
    /// stored as an offset from 1/2 so a fresh slot is 1/2) and the count (10 bits), or with
    /// `histories` the probability (18 bits), the count (7) and a bit history (7).
    tables: Vec<Vec<u32>>,
    offsets: Vec<u32>,
    /// The maps that read the slots' bit histories, if kept.
    histories: Option<Histories>,
    /// Each context's hash at the current symbol.
    hashes: Vec<u32>,
    /// Each context's slot base for the current group, and the slot last read.
    bases: Vec<u32>,
    slots: Vec<usize>,
}

impl Contexts {
    /// `contexts` contexts over symbols of `bits` bits, in tables of 2^`table_bits` slots
    /// whose counts stop at `limit`, with their bit `histories` or not; the first symbol
    /// starts with `hashes`.
    pub fn new(
        bits: u32,
        hashes: Vec<u32>,
        table_bits: u32,
        limit: u32,
        histories: bool,
    ) -> Contexts {
        let contexts = hashes.len();
        let (tables, offsets) = (0..contexts).map(|_| aligned_table(table_bits)).unzip();
        let mut c = Contexts {
            bits,
            prefix: 1,
            node: 1,
            seen: 0,
            limit,
            mask: (1u32 << table_bits) - 1,
            tables,
            offsets,
            histories: histories.then(|| Histories::new(contexts)),
            hashes,
            bases: vec![0; contexts],
            slots: vec![0; contexts],
        };
        c.start_symbol();
        c
    }

    /// Contexts, and so inputs to the mixer.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// The bits of the current symbol so far, behind a 1 (1 at its start).
    pub fn prefix(&self) -> u32 {
        self.prefix
    }

    /// Each context's hash, to set for the next symbol when `update` ends one.
    pub fn hashes(&mut self) -> &mut [u32] {
        &mut self.hashes
    }

    /// A new symbol begins (its contexts' `hashes` set): its first group.
    pub fn start_symbol(&mut self) {
        (self.prefix, self.seen) = (1, 0);
        self.start_group();
    }

    /// A group of bits begins: each context's slots for it.
    fn start_group(&mut self) {
        self.node = 1;
        // The group's bits, and a bucket of as many slots as it has nodes, behind a check.
        let size = 1u32 << ((self.bits - self.seen - 1) % GROUP + 1);
        for k in 0..self.hashes.len() {
            let h = super::past::mix(self.hashes[k] ^ self.prefix.wrapping_mul(0x2545_F491));
            let base = self.offsets[k] + (h & self.mask & !(size - 1));
            let check = (h >> 20) | 1;
            let bucket = &mut self.tables[k][base as usize..(base + size) as usize];
            if bucket[0] != check {
                bucket.fill(0);
                bucket[0] = check;
            }
            self.bases[k] = base;
        }
    }

    /// Inputs each context gives, with `linear` inputs or not.
    pub fn inputs_each(&self, linear: bool) -> usize {
        1 + linear as usize + self.histories.is_some() as usize
    }

    /// Each context's stretched probability that the next bit is a 1, into `inputs`; with
    /// `linear`, each followed by the probability itself less 1/2 (±1024 as 12 bits halved;
    /// 0 in a slot never seen), which lets the mixer trust a context that is nearly certain
    /// more than its stretch alone says; then what its bit history predicts, if kept.
    pub fn predict(&mut self, inputs: &mut [i32], linear: bool) {
        let each = self.inputs_each(linear);
        let contexts = self.tables.iter().zip(&self.bases).zip(&mut self.slots);
        for (k, (((table, base), slot), input)) in contexts.zip(inputs.chunks_mut(each)).enumerate()
        {
            *slot = (base + self.node) as usize;
            let p = match &self.histories {
                Some(_) => super::history::probability(table[*slot]),
                None => slot_probability(table[*slot]),
            };
            input[0] = super::logistic::stretch(p as i32);
            if linear {
                let seen = table[*slot] & MAX_LIMIT != 0;
                input[1] = if seen { (p as i32 - 2048) >> 1 } else { 0 };
            }
            if let Some(histories) = &self.histories {
                input[each - 1] = histories.input(k, table[*slot]);
            }
        }
    }

    /// Moves each context's slot read by `predict` towards `bit`, then moves on a bit: the
    /// symbol, when this was its last bit (then set the `hashes` and `start_symbol`).
    pub fn update(&mut self, bit: u8) -> Option<u8> {
        for k in 0..self.hashes.len() {
            let slot = &mut self.tables[k][self.slots[k]];
            match &mut self.histories {
                Some(histories) => histories.update(k, slot, bit, self.limit),
                None => train_slot(slot, bit, self.limit),
            }
        }
        self.prefix = self.prefix * 2 + bit as u32;
        self.node = self.node * 2 + bit as u32;
        self.seen += 1;
        if self.seen == self.bits {
            return Some((self.prefix - (1 << self.bits)) as u8);
        }
        if (self.bits - self.seen).is_multiple_of(GROUP) {
            self.start_group();
        }
        None
    }
}
