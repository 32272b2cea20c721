//! The context models of the binary mixer: for each order k = 0…K, the last k symbols hashed,
//! with the bits of the current symbol seen so far, select an adaptive probability in a table
//! of 2^table_bits slots. A symbol's bits are taken in groups of up to 4 (most significant
//! first); a group's slots lie side by side after one hash per order at the group's start, so
//! the bits of a group touch one cache line per order rather than one each.
//!
//! A slot holds a 22-bit probability of a 1 and a 10-bit count n: each bit moves the
//! probability by 1/(n + 1.5) of its error, rounded to nearest, n growing to `limit`
//! (1/(n + 1.5) is the Krichevsky–Trofimov rate while n grows; the limit keeps it adaptive).
//! 22 bits keep the small steps of a high count from rounding away. Integers only.

/// Bits per group of a symbol's bits.
const GROUP: u32 = 4;

/// 65536 / (n + 1.5) for each count n: the step of a slot's update.
fn rate(n: u32) -> i64 {
    (131_072 / (2 * n + 3)) as i64
}

/// Bits of a slot's count (the rest is its probability).
const COUNT_BITS: u32 = 10;
/// The most a count can hold.
pub const MAX_LIMIT: u32 = (1 << COUNT_BITS) - 1;
/// A probability of 1/2, as stored: a fresh (zero) slot reads as 1/2.
const HALF: u32 = 1 << 21;

pub struct Contexts {
    /// Bits per symbol, and the current one's: the bits so far behind a 1 over the symbol
    /// (`prefix`) and over the group (`node`), and how many.
    bits: u32,
    prefix: u32,
    node: u32,
    seen: u32,
    /// The symbols seen, most recent last (at least the K longest needed).
    history: Vec<u8>,
    order: usize,
    limit: u32,
    mask: u32,
    /// One table per order, 2^table_bits slots: the probability (22 bits, stored as an offset
    /// from 1/2 so a fresh slot is 1/2) and the count (10 bits).
    tables: Vec<Vec<u32>>,
    /// Each order's hash of its last k symbols, at the current symbol.
    hashes: Vec<u32>,
    /// Each order's slot base for the current group, and the slot last read.
    bases: Vec<u32>,
    slots: Vec<usize>,
}

/// A 32-bit multiplicative mix.
fn mix(x: u32) -> u32 {
    let x = x.wrapping_mul(0x9E37_79B1);
    (x ^ (x >> 15)).wrapping_mul(0x85EB_CA77)
}

impl Contexts {
    /// Orders 0…`order` over symbols of `bits` bits, in tables of 2^`table_bits` slots whose
    /// counts stop at `limit`.
    pub fn new(bits: u32, order: usize, table_bits: u32, limit: u32) -> Contexts {
        let mut c = Contexts {
            bits,
            prefix: 1,
            node: 1,
            seen: 0,
            history: Vec::new(),
            order,
            limit,
            mask: (1u32 << table_bits) - 1,
            tables: (0..=order).map(|_| vec![0u32; 1 << table_bits]).collect(),
            hashes: vec![0; order + 1],
            bases: vec![0; order + 1],
            slots: vec![0; order + 1],
        };
        c.start_symbol();
        c
    }

    /// Orders, and so inputs to the mixer.
    pub fn len(&self) -> usize {
        self.order + 1
    }

    /// The bits of the current symbol so far, behind a 1 (1 at its start).
    pub fn prefix(&self) -> u32 {
        self.prefix
    }

    /// The symbol before the current one (0 at the start).
    pub fn last(&self) -> u8 {
        self.history.last().copied().unwrap_or(0)
    }

    /// A new symbol begins: each order's hash of its last k symbols, and its first group.
    fn start_symbol(&mut self) {
        let n = self.history.len();
        for k in 0..=self.order {
            let mut h = mix(k as u32 + 1);
            for &s in &self.history[n.saturating_sub(k)..] {
                h = mix(h ^ s as u32);
            }
            self.hashes[k] = h;
        }
        (self.prefix, self.seen) = (1, 0);
        self.start_group();
    }

    /// A group of bits begins: each order's slots for it.
    fn start_group(&mut self) {
        self.node = 1;
        // The group's bits, and a bucket of as many slots as it has nodes, behind a check.
        let size = 1u32 << ((self.bits - self.seen - 1) % GROUP + 1);
        for k in 0..=self.order {
            let h = mix(self.hashes[k] ^ self.prefix.wrapping_mul(0x2545_F491));
            let base = h & self.mask & !(size - 1);
            let check = (h >> 20) | 1;
            let bucket = &mut self.tables[k][base as usize..(base + size) as usize];
            if bucket[0] != check {
                bucket.fill(0);
                bucket[0] = check;
            }
            self.bases[k] = base;
        }
    }

    /// Each order's stretched probability that the next bit is a 1, into `inputs`.
    pub fn predict(&mut self, inputs: &mut [i32]) {
        let orders = self.tables.iter().zip(&self.bases).zip(&mut self.slots);
        for (((table, base), slot), input) in orders.zip(inputs) {
            *slot = (base + self.node) as usize;
            let p = (table[*slot] >> COUNT_BITS) ^ HALF;
            *input = super::logistic::stretch((p >> 10) as i32);
        }
    }

    /// Moves each order's slot read by `predict` towards `bit`, then moves on a bit.
    pub fn update(&mut self, bit: u8) {
        let target: i64 = if bit == 1 { (1 << 22) - 1 } else { 0 };
        for k in 0..=self.order {
            let entry = &mut self.tables[k][self.slots[k]];
            let (p, n) = (((*entry >> COUNT_BITS) ^ HALF) as i64, *entry & MAX_LIMIT);
            let p = p + (((target - p) * rate(n) + (1 << 15)) >> 16);
            *entry = (((p as u32) ^ HALF) << COUNT_BITS) | (n + 1).min(self.limit);
        }
        self.prefix = self.prefix * 2 + bit as u32;
        self.node = self.node * 2 + bit as u32;
        self.seen += 1;
        if self.seen == self.bits {
            self.history.push((self.prefix - (1 << self.bits)) as u8);
            if self.history.len() > 2 * self.order + 64 {
                self.history.drain(..self.history.len() - self.order);
            }
            self.start_symbol();
        } else if (self.bits - self.seen).is_multiple_of(GROUP) {
            self.start_group();
        }
    }
}
