//! A byte-oriented range coder (LZMA-style carry propagation) over integer frequency tables
//! whose total is exactly 2^16. Written here rather than taken from a crate because every
//! symbol of every neural job passes through it: it must be small, allocation-free per symbol
//! and take the per-step tables the predictors build in place, with behaviour we pin in tests.

/// Bits of precision of every frequency table: frequencies sum to `1 << PRECISION_BITS`.
pub const PRECISION_BITS: u32 = 16;
/// The exact sum of every frequency table.
pub const TOTAL_FREQ: u32 = 1 << PRECISION_BITS;
/// Renormalise whenever the range drops below this.
const TOP: u32 = 1 << 24;
/// Bytes the encoder emits at flush and the decoder primes itself with.
const FLUSH_BYTES: usize = 5;

/// Cumulative frequency below `symbol` and its own frequency.
fn interval(freqs: &[u32], symbol: usize) -> (u32, u32) {
    (freqs[..symbol].iter().sum(), freqs[symbol])
}

/// Encodes symbols into a growing byte vector.
pub struct Encoder {
    low: u64,
    range: u32,
    cache: u8,
    cache_size: u64,
    out: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            low: 0,
            range: u32::MAX,
            cache: 0,
            cache_size: 1,
            out: Vec::new(),
        }
    }
}

impl Encoder {
    /// Codes `symbol` under `freqs` (every entry >= 1, summing to `TOTAL_FREQ`).
    pub fn encode(&mut self, freqs: &[u32], symbol: usize) {
        let (cum, freq) = interval(freqs, symbol);
        debug_assert!(freq > 0, "symbol {symbol} has zero frequency");
        let r = self.range >> PRECISION_BITS;
        self.low += r as u64 * cum as u64;
        self.range = r * freq;
        while self.range < TOP {
            self.range <<= 8;
            self.shift_low();
        }
    }

    fn shift_low(&mut self) {
        if (self.low as u32) < 0xFF00_0000 || (self.low >> 32) != 0 {
            let carry = (self.low >> 32) as u8;
            let mut byte = self.cache;
            loop {
                self.out.push(byte.wrapping_add(carry));
                byte = 0xFF;
                self.cache_size -= 1;
                if self.cache_size == 0 {
                    break;
                }
            }
            self.cache = ((self.low >> 24) & 0xFF) as u8;
        }
        self.cache_size += 1;
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    /// Flushes the final state and returns the coded bytes.
    pub fn finish(mut self) -> Vec<u8> {
        for _ in 0..FLUSH_BYTES {
            self.shift_low();
        }
        self.out
    }
}

/// Decodes symbols from a byte slice. Reading past the end yields zero bytes: a truncated
/// stream decodes to wrong symbols (caught by the container's checksum), never a panic.
pub struct Decoder<'a> {
    code: u32,
    range: u32,
    input: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        let mut d = Decoder {
            code: 0,
            range: u32::MAX,
            input,
            pos: 0,
        };
        for _ in 0..FLUSH_BYTES {
            d.code = (d.code << 8) | d.next_byte() as u32;
        }
        d
    }

    fn next_byte(&mut self) -> u8 {
        let b = self.input.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// Decodes one symbol under the same `freqs` the encoder used.
    pub fn decode(&mut self, freqs: &[u32]) -> usize {
        let r = self.range >> PRECISION_BITS;
        let target = (self.code / r).min(TOTAL_FREQ - 1);
        let mut cum = 0u32;
        let mut symbol = 0;
        while symbol + 1 < freqs.len() && cum + freqs[symbol] <= target {
            cum += freqs[symbol];
            symbol += 1;
        }
        self.code -= r * cum;
        self.range = r * freqs[symbol];
        while self.range < TOP {
            self.code = (self.code << 8) | self.next_byte() as u32;
            self.range <<= 8;
        }
        symbol
    }

    /// Whether the decoder read past the end of its input by more than the flush slack.
    pub fn overran(&self) -> bool {
        self.pos > self.input.len() + FLUSH_BYTES
    }
}

/// Ideal code length in bits of a symbol of frequency `freq`.
pub fn code_length_bits(freq: u32) -> f64 {
    PRECISION_BITS as f64 - (freq as f64).log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coding::quantize::quantize_probs;

    fn roundtrip(tables: &[Vec<u32>], symbols: &[usize]) -> Vec<u8> {
        let mut enc = Encoder::default();
        for (t, &s) in tables.iter().zip(symbols) {
            enc.encode(t, s);
        }
        let bytes = enc.finish();
        let mut dec = Decoder::new(&bytes);
        for (t, &s) in tables.iter().zip(symbols) {
            assert_eq!(dec.decode(t), s);
        }
        bytes
    }

    #[test]
    fn roundtrips_skewed_and_extreme_tables() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut tables = Vec::new();
        let mut symbols = Vec::new();
        for i in 0..50_000 {
            let m = [2, 3, 11, 256][i % 4];
            let raw: Vec<f32> = (0..m).map(|_| (next() % 1000) as f32 + 0.001).collect();
            let sum: f32 = raw.iter().sum();
            let probs: Vec<f32> = raw.iter().map(|p| p / sum).collect();
            let mut freqs = vec![0; m];
            quantize_probs(&probs, &mut freqs);
            symbols.push(next() % m);
            tables.push(freqs);
        }
        // A run of the least likely symbol under a near-certain table stresses carries.
        let mut certain = vec![1u32; 2];
        certain[0] = TOTAL_FREQ - 1;
        for _ in 0..2000 {
            tables.push(certain.clone());
            symbols.push(1);
        }
        roundtrip(&tables, &symbols);
    }

    #[test]
    fn size_matches_ideal_code_length() {
        let freqs = vec![
            TOTAL_FREQ / 2,
            TOTAL_FREQ / 4,
            TOTAL_FREQ / 8,
            TOTAL_FREQ / 8,
        ];
        let symbols: Vec<usize> = (0..80_000)
            .map(|i| [0, 0, 0, 0, 1, 1, 2, 3][i % 8])
            .collect();
        let tables = vec![freqs; symbols.len()];
        let bytes = roundtrip(&tables, &symbols);
        let ideal_bytes = 1.75 * symbols.len() as f64 / 8.0;
        assert!((bytes.len() as f64 - ideal_bytes).abs() < 0.001 * ideal_bytes + 8.0);
    }

    #[test]
    fn truncated_input_does_not_panic() {
        let freqs = vec![TOTAL_FREQ / 2; 2];
        let mut dec = Decoder::new(&[1, 2]);
        for _ in 0..1000 {
            dec.decode(&freqs);
        }
        assert!(dec.overran());
    }
}
