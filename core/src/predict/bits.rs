//! Models that predict a symbol bit by bit: the bits of its code (`Tree`), most significant
//! first, each a binary decision the coder codes under the model's probability
//! (`bit_driver`). A bit that only one branch's symbols take is forced and not coded.

/// A model of the next bit.
pub trait BitPredictor {
    /// P(the next bit is 1), in 1..=65535 of 65536.
    fn p1(&mut self) -> u32;
    /// The bit that came; called after each `p1`, forced bits included.
    fn update(&mut self, bit: u8);
    /// Whether the coder codes the bytes through the x86 call transform
    /// (`coding::calls`): the model then sees the transformed bytes.
    fn calls(&self) -> bool {
        false
    }
    /// How it codes each symbol as bits.
    fn tree(&self) -> &Tree;
}

/// Bits per symbol of an alphabet of `m` symbols: ⌈log2 m⌉.
pub fn symbol_bits(m: usize) -> u32 {
    usize::BITS - (m - 1).leading_zeros()
}

/// The byte values a run's symbols stand for (a `.dz` header's alphabet map), as a set:
/// symbol s stands for the s-th smallest. A grid source's symbols stand for themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Values([u64; 4]);

impl Values {
    /// Symbols 0..m standing for themselves.
    pub fn first(m: usize) -> Values {
        Values::of(&(0..m.min(256)).map(|s| s as u8).collect::<Vec<_>>())
    }

    /// The values of `map` (symbol s stands for `map[s]`, strictly increasing).
    pub fn of(map: &[u8]) -> Values {
        let mut set = [0u64; 4];
        for &b in map {
            set[b as usize / 64] |= 1 << (b % 64);
        }
        Values(set)
    }

    /// The values, smallest first: the byte of each symbol.
    pub fn list(&self) -> Vec<u8> {
        (0..=255u8)
            .filter(|&b| self.0[b as usize / 64] >> (b % 64) & 1 == 1)
            .collect()
    }
}

/// How a model codes each symbol as bits: the code of symbol s is its index s (⌈log2 M⌉ bits),
/// or the byte value it stands for (`bytes`: the bits of the highest value), so that a model's
/// contexts see a file's bytes as they are (ASCII's letters, its newline) whatever values
/// occur. A bit that only one branch's symbols take is forced and not coded.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    bits: u32,
    /// Whether the coder splits the range at its exact product with each bit's probability
    /// (`coding::range_coder::Encoder::encode_bit`), not through a 16-bit table.
    exact: bool,
    /// The code of each symbol, increasing with it.
    codes: Vec<u8>,
    /// The symbols whose code is below c, for c in 0..=2^bits.
    below: Vec<u32>,
}

impl Tree {
    /// Codes for the symbols of `values`: their values with `bytes`, else their indices.
    pub fn new(values: Values, bytes: bool) -> Tree {
        let listed = values.list();
        let codes: Vec<u8> = match bytes {
            true => listed,
            false => (0..listed.len()).map(|s| s as u8).collect(),
        };
        let top = *codes.last().expect("an alphabet of at least 2 symbols") as usize;
        let bits = symbol_bits(top + 1);
        let mut below = vec![0u32; (1 << bits) + 1];
        for &c in &codes {
            below[c as usize + 1] += 1;
        }
        for c in 1..below.len() {
            below[c] += below[c - 1];
        }
        Tree {
            bits,
            exact: false,
            codes,
            below,
        }
    }

    /// The same codes, the coder splitting each decision's range exactly if `exact`.
    pub fn split_exactly(self, exact: bool) -> Tree {
        Tree { exact, ..self }
    }

    /// Whether the coder splits each decision's range exactly.
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Symbols 0..m coded as their indices.
    pub fn dense(m: usize) -> Tree {
        Tree::new(Values::first(m), false)
    }

    /// Symbols M.
    pub fn alphabet(&self) -> usize {
        self.codes.len()
    }

    /// Bits per code.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The code of `symbol`.
    pub fn code(&self, symbol: u8) -> u32 {
        self.codes[symbol as usize] as u32
    }

    /// The symbol of `code` (a code of some symbol).
    pub fn symbol(&self, code: u32) -> u8 {
        self.below[code as usize] as u8
    }

    /// The symbols whose code is below `code` (at most 2^bits).
    pub fn rank(&self, code: usize) -> u64 {
        self.below[code] as u64
    }

    /// The symbols under the node after the bits so far `prefix` (behind a 1), as a run
    /// (the codes increase with the symbols): its first, the first under its 1 branch, and
    /// the end.
    pub fn runs(&self, prefix: u32) -> [usize; 3] {
        let depth = 31 - prefix.leading_zeros();
        let rest = self.bits - depth - 1;
        let node = (prefix - (1 << depth)) as usize;
        [
            node << (rest + 1),
            (2 * node + 1) << rest,
            (node + 1) << (rest + 1),
        ]
        .map(|code| self.below[code] as usize)
    }

    /// The symbols under the 0 and the 1 branch after the bits so far `prefix` (behind a 1).
    pub fn under(&self, prefix: u32) -> (u32, u32) {
        let [first, ones, end] = self.runs(prefix);
        ((ones - first) as u32, (end - ones) as u32)
    }

    /// The bit after `prefix` that every symbol there takes, where only one branch has any.
    pub fn forced(&self, prefix: u32) -> Option<u8> {
        match self.under(prefix) {
            (_, 0) => Some(0),
            (0, _) => Some(1),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_take_their_bits_and_only_impossible_ones_are_forced() {
        let bits: Vec<u32> = [2, 3, 4, 5, 16, 17, 255, 256].map(symbol_bits).to_vec();
        assert_eq!(bits, [1, 2, 2, 3, 4, 5, 8, 8]);
        // M = 5 (3 bits): after a leading 1 only 100 is a symbol.
        let five = Tree::dense(5);
        assert_eq!(five.bits(), 3);
        assert_eq!(
            [five.forced(1), five.forced(0b11), five.forced(0b110)],
            [None, Some(0), Some(0)]
        );
        assert_eq!([five.forced(0b10), five.forced(0b101)], [None, None]);
        assert_eq!(five.under(1), (4, 1));
        let all = Tree::dense(256);
        assert!((1..=255).all(|prefix| all.forced(prefix).is_none()));
    }

    /// Coded as their bytes, the symbols of a text keep ASCII's bits: 7 of them, the newline
    /// and the space alone under their branches, so their bits are forced (to 1 as well as 0).
    #[test]
    fn bytes_as_codes_keep_their_values_and_force_what_only_one_branch_holds() {
        let map: Vec<u8> = std::iter::once(b'\n').chain(b' '..=b'~').collect();
        let values = Values::of(&map);
        assert_eq!(values.list(), map);
        assert_eq!(Values::first(3).list(), [0, 1, 2]);
        let tree = Tree::new(values, true);
        assert_eq!(tree.bits(), 7);
        assert_eq!((tree.code(0), tree.code(1), tree.code(34)), (10, 32, 65));
        assert!((0..map.len() as u8).all(|s| tree.symbol(tree.code(s)) == s));
        assert_eq!(tree.rank(128), map.len() as u64);
        // After 000 (codes 0..16) only the newline, 0001010: codes 0..8 hold nothing, so a 1
        // is forced, then 0, 1, 0.
        assert_eq!(tree.under(0b1_000), (0, 1));
        let path = [0b1_000, 0b1_0001, 0b1_00010, 0b1_000101].map(|p| tree.forced(p));
        assert_eq!(path, [Some(1), Some(0), Some(1), Some(0)]);
        assert_eq!(tree.under(1), (33, 63), "the newline and 32..=63; 64..=126");
        // As indices, the same symbols take 7 bits and only the top ones are forced.
        let dense = Tree::new(values, false);
        assert_eq!(
            (dense.bits(), dense.code(34), dense.symbol(34)),
            (7, 34, 34)
        );
        assert_eq!(dense.forced(0b1_000), None);
    }
}
