//! Adaptive probability maps (SSE): the mixer's probability refined under a small context.
//! Each context holds 33 probabilities at stretch −2048, −1920, …, 2048; the output
//! interpolates the two around the input's stretch, and both move towards the bit that came.
//! The cm model's stages (`Stages`): one map under the previous symbol and the bits so far
//! (`apm`), and one under a hash of the last two symbols and the bits so far (`apm2`),
//! averaged with the mixer's probability.

use super::logistic::squash;
use super::network::Selectors;
use super::past::mix;

/// Contexts of the second map: a hash of the last two symbols and the bits so far.
const SECOND_BITS: u32 = 18;

pub struct Stages {
    bits: u32,
    first: Option<Apm>,
    second: Option<Apm>,
}

impl Stages {
    /// For symbols of `bits` bits, each map if switched on.
    pub fn new(bits: u32, apm: bool, apm2: bool) -> Stages {
        Stages {
            bits,
            first: apm.then(|| Apm::new(1 << (2 * bits))),
            second: apm2.then(|| Apm::new(1 << SECOND_BITS)),
        }
    }

    /// Bytes the maps take.
    pub fn memory_bytes(bits: u32, apm: bool, apm2: bool) -> u64 {
        let contexts = (apm as u64) << (2 * bits) | (apm2 as u64) << SECOND_BITS;
        contexts * 33 * 2
    }

    /// The 12-bit probability `p` of the mixer (stretch `x`), refined at `at`.
    pub fn refine(&mut self, p: i32, x: i32, at: &Selectors) -> i32 {
        let first = self
            .first
            .as_mut()
            .map(|apm| apm.refine(x, at.last << self.bits | at.prefix));
        let second = self.second.as_mut().map(|apm| {
            let h = mix((at.before_last << 9 | at.last) as u32 ^ mix(at.prefix as u32));
            apm.refine(x, (h >> (32 - SECOND_BITS)) as usize)
        });
        match (first, second) {
            (None, None) => p,
            (Some(a), None) | (None, Some(a)) => (p + 3 * a + 2) >> 2,
            (Some(a), Some(b)) => (2 * p + 3 * a + 3 * b + 4) >> 3,
        }
    }

    /// Trains the maps used by `refine` on `bit`.
    pub fn update(&mut self, bit: u8) {
        for apm in [&mut self.first, &mut self.second].into_iter().flatten() {
            apm.update(bit);
        }
    }
}

/// An entry moves by 1/2^RATE of its error.
const RATE: i32 = 7;

pub struct Apm {
    /// 16-bit probabilities, 33 per context.
    table: Vec<u16>,
    /// The entry below the last input, and the weight of the one above (of 128).
    index: usize,
    weight: i32,
}

impl Apm {
    pub fn new(contexts: usize) -> Apm {
        let row: Vec<u16> = (0..33)
            .map(|i| (squash((i - 16) * 128) * 16) as u16)
            .collect();
        Apm {
            table: row.repeat(contexts),
            index: 0,
            weight: 0,
        }
    }

    /// The 12-bit probability for stretch `x` (of the mixer's probability) under `context`.
    pub fn refine(&mut self, x: i32, context: usize) -> i32 {
        let x = x.clamp(-2047, 2047) + 2048;
        (self.index, self.weight) = (context * 33 + (x >> 7) as usize, x & 127);
        let (lo, hi) = (
            self.table[self.index] as i32,
            self.table[self.index + 1] as i32,
        );
        ((lo * (128 - self.weight) + hi * self.weight) >> 11).clamp(1, 4095)
    }

    /// Asks the cache for the entries of `contexts` (side by side), to be refined soon.
    pub fn prefetch(&self, contexts: std::ops::Range<usize>) {
        let row = &self.table[contexts.start * 33..contexts.end * 33];
        for line in row.chunks(32) {
            super::huge::prefetch(&line[0]);
        }
    }

    /// Moves the two entries used by `refine` towards `bit`, each by its share.
    pub fn update(&mut self, bit: u8) {
        let target = if bit == 1 { 65535 } else { 0 };
        for (i, share) in [
            (self.index, 128 - self.weight),
            (self.index + 1, self.weight),
        ] {
            let t = self.table[i] as i32;
            let step = ((target - t) * share) >> (RATE + 7);
            self.table[i] = (t + step) as u16;
        }
    }
}
