//! The context models of the binary mixer: each context's hash at the symbol's start (`past`:
//! the last k symbols of each order k = 0…K, words, sparse symbols, columns), with the bits of
//! the current symbol seen so far, selects an adaptive probability in a table of 2^table_bits
//! slots. A symbol's bits are taken in groups of up to 4 (most significant
//! first); a group's slots lie side by side after one hash per context at the group's start,
//! so the bits of a group touch one cache line per context rather than one each. With 2
//! `ways`, a context's bucket is the one of two neighbours that holds its check, or else the
//! one whose first slot has counted less is taken over: two contexts that hash to one bucket
//! then keep their slots rather than clearing each other's in turn.
//! Each slot is an adaptive probability (`slot`) with its count, or its bit history
//! (`history`). With `kt`, one context (the highest order) also keeps in a table of its own,
//! beside each slot, the zeros and ones seen there (16 bits each, halved when one is full).

use super::history::Histories;
use super::slot::{slot_count, slot_probability, train_slot, MAX_LIMIT};

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
    /// Buckets a context's hash may take: 1 or 2.
    ways: u32,
    /// One table per context, 2^table_bits slots from its offset: the probability (22 bits,
    /// stored as an offset from 1/2 so a fresh slot is 1/2) and the count (10 bits), or with
    /// `histories` the probability (18 bits), the count (7) and a bit history (7).
    tables: Vec<Vec<u32>>,
    offsets: Vec<u32>,
    /// The maps that read the slots' bit histories, if kept.
    histories: Option<Histories>,
    /// The counted context, with its counts' table and that table's offset.
    counted: Option<Counted>,
    /// Each context's hash at the current symbol.
    hashes: Vec<u32>,
    /// Each context's slot base for the current group, and the slot last read.
    bases: Vec<u32>,
    slots: Vec<usize>,
}

/// The zeros and ones one context's slots have seen (`kt`).
struct Counted {
    context: usize,
    table: Vec<u32>,
    offset: u32,
}

impl Counted {
    /// Where the counts of the context's slot `slot` (of a table starting at `offset`) lie.
    fn at(&self, slot: usize, offset: u32) -> usize {
        slot - offset as usize + self.offset as usize
    }
}

/// A count's bits in a slot of counts.
const HALF_BITS: u32 = 16;

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
        counted: Option<usize>,
        ways: u32,
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
            ways,
            tables,
            offsets,
            histories: histories.then(|| Histories::new(contexts)),
            counted: counted.map(|context| {
                let (table, offset) = aligned_table(table_bits);
                Counted {
                    context,
                    table,
                    offset,
                }
            }),
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
            let index = h & self.mask & !(size - 1);
            let first = self.offsets[k] + index;
            let check = (h >> 20) | 1;
            let table = &self.tables[k];
            let base = match self.ways {
                2 if table[first as usize] != check => {
                    let other = self.offsets[k] + (index ^ size);
                    let counted = |base: u32| match self.histories {
                        Some(_) => super::history::count(table[base as usize + 1]),
                        None => slot_count(table[base as usize + 1]),
                    };
                    match table[other as usize] == check || counted(other) < counted(first) {
                        true => other,
                        false => first,
                    }
                }
                _ => first,
            };
            let bucket = &mut self.tables[k][base as usize..(base + size) as usize];
            if bucket[0] != check {
                bucket.fill(0);
                bucket[0] = check;
                if let Some(c) = self.counted.as_mut().filter(|c| c.context == k) {
                    let at = c.at(base as usize, self.offsets[k]);
                    c.table[at..at + size as usize].fill(0);
                }
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

    /// The zeros and ones the counted context has seen in the slot read by `predict`.
    pub fn counts(&self) -> Option<(u32, u32)> {
        self.counted.as_ref().map(|c| {
            let slot = c.table[c.at(self.slots[c.context], self.offsets[c.context])];
            (slot >> HALF_BITS, slot & ((1 << HALF_BITS) - 1))
        })
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
        if let Some(c) = &mut self.counted {
            let at = c.at(self.slots[c.context], self.offsets[c.context]);
            let slot = &mut c.table[at];
            *slot += 1 << (HALF_BITS * (1 - bit as u32));
            if (*slot >> HALF_BITS) == 0xFFFF || *slot & 0xFFFF == 0xFFFF {
                *slot = (*slot >> 1) & !(1 << (HALF_BITS - 1));
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

#[cfg(test)]
impl Contexts {
    /// The same contexts with every table moved `by` slots further into a larger one: the
    /// same slots at another place in memory (`cm`'s tests).
    pub fn moved(mut self, by: u32) -> Contexts {
        let shift = |table: &mut Vec<u32>| {
            let mut moved = vec![0; by as usize];
            moved.extend_from_slice(table);
            *table = moved;
        };
        for k in 0..self.tables.len() {
            shift(&mut self.tables[k]);
            self.offsets[k] += by;
            self.bases[k] += by;
            self.slots[k] += by as usize;
        }
        if let Some(c) = &mut self.counted {
            shift(&mut c.table);
            c.offset += by;
        }
        self
    }
}
