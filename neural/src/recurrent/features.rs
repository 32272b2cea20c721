//! Context-count features for Feat: for each context order o = 1..=K, the Krichevsky–Trofimov
//! estimate of the next symbol given the last o symbols, from counts of what followed that
//! context so far. Computed causally (a step's features see only earlier symbols); the counts
//! are shared by all streams and updated in stream order, so encoder and decoder agree.

/// Counts per order above which contexts are hashed (4 MiB of counts per order).
const MAX_ENTRIES_LOG2: u32 = 20;

/// log2 of the context slots of a hashed table.
fn hash_bits(alphabet: usize) -> u32 {
    MAX_ENTRIES_LOG2 - alphabet.next_power_of_two().trailing_zeros()
}

/// Context slots of order `o`'s table, and whether every context has its own (else hashed).
fn slots(alphabet: usize, o: usize) -> (usize, bool) {
    let contexts = ((alphabet + 1) as f64).powi(o as i32);
    let hashed_slots = 1usize << hash_bits(alphabet);
    if contexts <= hashed_slots as f64 {
        (contexts as usize, true)
    } else {
        (hashed_slots, false)
    }
}

pub struct ContextCounts {
    alphabet: usize,
    /// Per order: counts, `alphabet` per context slot.
    tables: Vec<Vec<u32>>,
    /// Per order: whether the context id is hashed into the table.
    hashed: Vec<bool>,
    /// log2 of the context slots of a hashed table.
    hash_bits: u32,
}

impl ContextCounts {
    /// Orders 1..=`orders` over an alphabet of `alphabet` symbols.
    pub fn new(alphabet: usize, orders: usize) -> ContextCounts {
        let (mut tables, mut hashed) = (Vec::new(), Vec::new());
        for o in 1..=orders {
            let (slots, exact) = slots(alphabet, o);
            tables.push(vec![0; slots * alphabet]);
            hashed.push(!exact);
        }
        ContextCounts {
            alphabet,
            tables,
            hashed,
            hash_bits: hash_bits(alphabet),
        }
    }

    /// Bytes `new(alphabet, orders)` allocates for its tables.
    pub fn table_bytes(alphabet: usize, orders: usize) -> f64 {
        let per_order = |o| (slots(alphabet, o).0 * alphabet * 4) as f64;
        (1..=orders).map(per_order).sum()
    }

    /// Features per stream: one distribution of `alphabet` values per order.
    pub fn len(&self) -> usize {
        self.tables.len() * self.alphabet
    }

    /// The features of the context `history` ends in, into `out` (`len()` values).
    pub fn features(&self, history: &[u8], out: &mut [f32]) {
        let m = self.alphabet;
        let mut id = ContextId::new(m);
        for (((table, &hashed), &s), out) in self
            .tables
            .iter()
            .zip(&self.hashed)
            .zip(history)
            .zip(out.chunks_exact_mut(m))
        {
            let at = id.extend(s, hashed, self.hash_bits);
            let counts = &table[at..at + m];
            let total: u32 = counts.iter().sum();
            let denom = total as f32 + 0.5 * m as f32;
            for (o, &c) in out.iter_mut().zip(counts) {
                *o = (c as f32 + 0.5) / denom;
            }
        }
    }

    /// Counts `symbol` after the context `history` ends in.
    pub fn update(&mut self, history: &[u8], symbol: u8) {
        let mut id = ContextId::new(self.alphabet);
        for ((table, &hashed), &s) in self.tables.iter_mut().zip(&self.hashed).zip(history) {
            let count = &mut table[id.extend(s, hashed, self.hash_bits) + symbol as usize];
            *count = count.saturating_add(1);
        }
    }
}

/// The context id of orders 1, 2, … in turn: each order's id extends the previous one by one
/// more symbol of the history (most recent first, `alphabet` marking "before the start").
struct ContextId {
    id: u64,
    alphabet: usize,
}

impl ContextId {
    fn new(alphabet: usize) -> ContextId {
        ContextId { id: 0, alphabet }
    }

    /// Extends the context by the next older symbol `s`; returns where that order's counts
    /// start in its table.
    fn extend(&mut self, s: u8, hashed: bool, hash_bits: u32) -> usize {
        let base = self.alphabet as u64 + 1;
        self.id = self.id.wrapping_mul(base).wrapping_add(s as u64);
        let slot = if hashed {
            (self.id.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - hash_bits)) as usize
        } else {
            self.id as usize
        };
        slot * self.alphabet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_kt_estimates_of_what_followed_each_context() {
        let mut cc = ContextCounts::new(2, 2);
        assert_eq!(cc.len(), 4);
        // Histories are most recent first; 2 marks "before the start".
        let seq = [0u8, 1, 0, 1, 0, 1];
        let mut hist = vec![2u8; 2];
        for &s in &seq {
            cc.update(&hist, s);
            hist.rotate_right(1);
            hist[0] = s;
        }
        let mut f = [0.0; 4];
        // After ... 0 1: order 1 context "1" was followed by 0 twice; order 2 context "0 1"
        // was followed by 0 twice.
        cc.features(&[1, 0], &mut f);
        assert_eq!(f, [2.5 / 3.0, 0.5 / 3.0, 2.5 / 3.0, 0.5 / 3.0]);
        // A context never seen gives the uniform distribution.
        cc.features(&[1, 1], &mut f);
        assert_eq!(&f[2..], &[0.5, 0.5]);
    }

    #[test]
    fn long_orders_hash_into_a_bounded_table() {
        for (m, orders) in [(4, 12), (256, 3)] {
            let cc = ContextCounts::new(m, orders);
            assert!(cc.hashed[orders - 1] && !cc.hashed[0]);
            assert!(cc.tables.iter().all(|t| t.len() <= 1 << MAX_ENTRIES_LOG2));
        }
    }
}
