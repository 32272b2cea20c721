//! The symbols before the current one, as the cm model's contexts see them: every symbol (the
//! match model follows them), and at each symbol's start one hash per context, selecting its
//! slots (`contexts`):
//! - orders 0…K: the last k symbols;
//! - `word`: the word so far (letters a–z, case folded) with the symbol before it, and with
//!   the word before it (text);
//! - `sparse`: the symbols 2, 3 and 4 back alone, and the pair 2 and 4 back (binary data,
//!   whose fields skip bytes);
//! - `column`: the symbol at the same column of the previous line (lines end at symbol 10),
//!   with the symbol before this one, and with the column; and the line's first 4 symbols
//!   with the last 2 (records, logs, databases of `Field: value` lines).
//!
//! Each kind of context seeds its hash differently, so no two can share a slot's meaning.

/// The symbol that ends a line, for the column contexts.
const NEWLINE: u8 = b'\n';
/// Seeds of the word, sparse and column hashes (the orders seed theirs with k + 1 ≤ 25).
const WORD: u32 = 0x100;
const SPARSE: u32 = 0x200;
const COLUMN: u32 = 0x300;
/// The column contexts' stand-in for "no symbol above" (a line shorter than this column).
const NONE_ABOVE: u32 = 0x1FF;

/// A 32-bit multiplicative mix.
pub fn mix(x: u32) -> u32 {
    let x = x.wrapping_mul(0x9E37_79B1);
    (x ^ (x >> 15)).wrapping_mul(0x85EB_CA77)
}

/// A hash of `seed` and `values`, in order.
fn hash(seed: u32, values: &[u32]) -> u32 {
    values.iter().fold(mix(seed), |h, &v| mix(h ^ v))
}

pub struct Past {
    /// Every symbol so far.
    pub symbols: Vec<u8>,
    kinds: Kinds,
    /// The hash of the word so far (0 between words) and of the one before it.
    word_hash: u32,
    last_word: u32,
    /// Where the current line and the one before it start.
    line: usize,
    last_line: usize,
}

/// Which contexts a model has: orders 0…`order`, and each kind switched on.
#[derive(Clone, Copy)]
pub struct Kinds {
    pub order: usize,
    pub word: bool,
    pub sparse: bool,
    pub column: bool,
}

impl Kinds {
    /// Contexts each symbol has.
    pub fn contexts(self) -> usize {
        self.order
            + 1
            + 2 * self.word as usize
            + 4 * self.sparse as usize
            + 3 * self.column as usize
    }
}

impl Past {
    pub fn new(kinds: Kinds) -> Past {
        Past {
            symbols: Vec::new(),
            kinds,
            word_hash: 0,
            last_word: 0,
            line: 0,
            last_line: 0,
        }
    }

    /// The symbol `back` places before the current one (0 before the start).
    pub fn symbol(&self, back: usize) -> usize {
        let n = self.symbols.len();
        if back > n {
            0
        } else {
            self.symbols[n - back] as usize
        }
    }

    /// The symbol `back` places before the current one, as a hash value (256: before the
    /// start).
    fn back(&self, back: usize) -> u32 {
        match back > self.symbols.len() {
            true => 256,
            false => self.symbol(back) as u32,
        }
    }

    /// A symbol that came.
    pub fn push(&mut self, symbol: u8) {
        if symbol.is_ascii_alphabetic() {
            let folded = symbol.to_ascii_lowercase() as u32;
            self.word_hash = mix(self.word_hash.wrapping_add(folded + 1));
        } else if self.word_hash != 0 {
            (self.last_word, self.word_hash) = (self.word_hash, 0);
        }
        self.symbols.push(symbol);
        if symbol == NEWLINE {
            (self.last_line, self.line) = (self.line, self.symbols.len());
        }
    }

    /// Order `k`'s hash for the next symbol: of the last `k` symbols.
    pub fn order(&self, k: usize) -> u32 {
        let recent = &self.symbols[self.symbols.len().saturating_sub(k)..];
        recent
            .iter()
            .fold(mix(k as u32 + 1), |h, &s| mix(h ^ s as u32))
    }

    /// The first word context's hash for the next symbol: the word so far with the symbol
    /// before it.
    pub fn word(&self) -> u32 {
        hash(WORD, &[self.word_hash, self.back(1)])
    }

    /// Each context's hash for the next symbol, into `hashes` (`contexts` of them).
    pub fn hashes(&self, hashes: &mut [u32]) {
        let n = self.symbols.len();
        let mut out = hashes.iter_mut();
        let mut put = |h: u32| *out.next().expect("one slot per context") = h;
        for k in 0..=self.kinds.order {
            put(self.order(k));
        }
        if self.kinds.word {
            put(self.word());
            put(hash(WORD + 1, &[self.word_hash, self.last_word]));
        }
        if self.kinds.sparse {
            for (i, back) in [2, 3, 4].into_iter().enumerate() {
                put(hash(SPARSE + i as u32, &[self.back(back)]));
            }
            put(hash(SPARSE + 3, &[self.back(2), self.back(4)]));
        }
        if self.kinds.column {
            let column = n - self.line;
            let above = match self.last_line + column {
                at if at < self.line => self.symbols[at] as u32,
                _ => NONE_ABOVE,
            };
            put(hash(COLUMN, &[above, self.back(1)]));
            put(hash(COLUMN + 1, &[above, column.min(255) as u32]));
            let head = &self.symbols[self.line..(self.line + 4).min(n)];
            let head = head.iter().fold(0u32, |h, &s| h << 8 | s as u32);
            put(hash(COLUMN + 2, &[head, self.back(1), self.back(2)]));
        }
    }
}
