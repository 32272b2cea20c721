//! A slot of the cm model's tables: an adaptive probability of a 1 in 32 bits, a 22-bit
//! probability and below it a 10-bit count n (or a bit history, `history`). Each bit moves
//! the probability by 1/(n + 1.5) of its error, rounded to nearest, n growing to a limit
//! (1/(n + 1.5) is the Krichevsky–Trofimov rate while n grows; the limit keeps it adaptive).
//! 22 bits keep the small steps of a high count from rounding away. Integers only.

/// Bits of a slot's count (the rest is its probability).
const COUNT_BITS: u32 = 10;
/// The most a count can hold.
pub const MAX_LIMIT: u32 = (1 << COUNT_BITS) - 1;
/// A probability of 1/2, as stored: a fresh (zero) slot reads as 1/2.
const HALF: u32 = 1 << 21;

/// The 12-bit probability of a 1 a slot holds.
pub fn slot_probability(slot: u32) -> u32 {
    ((slot >> COUNT_BITS) ^ HALF) >> 10
}

/// The count a slot holds.
pub fn slot_count(slot: u32) -> u32 {
    slot & MAX_LIMIT
}

/// A fresh slot (count 0) holding the 22-bit probability `p`.
pub fn slot_of(p: u32) -> u32 {
    (p ^ HALF) << COUNT_BITS
}

/// A fresh slot holding `slot`'s probability moved towards `bit` by 1/(n + 1.5) of its
/// error, rounded to nearest.
pub fn move_slot(slot: u32, bit: u8, n: u32) -> u32 {
    let target: i64 = if bit == 1 { (1 << 22) - 1 } else { 0 };
    let p = ((slot >> COUNT_BITS) ^ HALF) as i64;
    slot_of((p + (((target - p) * rate(n) + (1 << 15)) >> 16)) as u32)
}

/// Moves a slot's probability towards `bit` by 1/(n + 1.5) of its error, and its count n on,
/// up to `limit`.
pub fn train_slot(slot: &mut u32, bit: u8, limit: u32) {
    let n = *slot & MAX_LIMIT;
    *slot = move_slot(*slot, bit, n) | (n + 1).min(limit);
}

/// 65536 / (n + 1.5) for each count n: the step of a slot's update (a table: a division per
/// update would cost more than the rest of it).
static RATES: [u32; 1 << COUNT_BITS] = {
    let mut rates = [0; 1 << COUNT_BITS];
    let mut n = 0;
    while n < rates.len() {
        rates[n] = 131_072 / (2 * n as u32 + 3);
        n += 1;
    }
    rates
};

pub fn rate(n: u32) -> i64 {
    RATES[n as usize] as i64
}
