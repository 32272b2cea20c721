//! Models that predict a symbol bit by bit: its ⌈log2 M⌉ bits, most significant first, each
//! a binary decision the coder codes under the model's probability (`bit_driver`). A bit that
//! only one symbol below M allows is forced and not coded.

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
}

/// Bits per symbol of an alphabet of `m` symbols: ⌈log2 m⌉.
pub fn symbol_bits(m: usize) -> u32 {
    usize::BITS - (m - 1).leading_zeros()
}

/// Whether the bit of weight 2^`j` after the higher bits `value` must be 0: with a 1 there,
/// every symbol would be M or more.
pub fn forced(value: u32, j: u32, m: usize) -> bool {
    (((value * 2 + 1) as u64) << j) >= m as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_take_their_bits_and_only_impossible_ones_are_forced() {
        let bits: Vec<u32> = [2, 3, 4, 5, 16, 17, 255, 256].map(symbol_bits).to_vec();
        assert_eq!(bits, [1, 2, 2, 3, 4, 5, 8, 8]);
        // M = 5 (3 bits): after a leading 1 only 100 is a symbol.
        assert!(!forced(0, 2, 5) && forced(1, 1, 5) && forced(2, 0, 5));
        assert!(!forced(0, 1, 5) && !forced(1, 0, 5));
        assert!((0..=255).all(|v| !forced(v >> 1, 0, 256)));
    }
}
