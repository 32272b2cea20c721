//! An adaptive probability map (SSE): the mixer's probability refined under a small context.
//! Each context holds 33 probabilities at stretch −2048, −1920, …, 2048; the output
//! interpolates the two around the input's stretch, and both move towards the bit that came.

use super::logistic::squash;

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
