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

/// The part of `range` (at least `TOP`) a 0 takes under the probability of a 1 `p1`
/// (1..=65535 of 65536): both parts at least 2^8.
fn split(range: u32, p1: u32) -> u32 {
    range - ((range as u64 * p1 as u64) >> PRECISION_BITS) as u32
}

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
        self.normalize();
    }

    /// Codes `bit` under the probability of a 1 `p1` (1..=65535 of 65536), splitting the range
    /// at its exact product with `p1` (`split`): a table's path (`encode`) first divides the
    /// range by 2^16 and loses up to 2^-8 of it per call, about 0.0006 bits, which a model of
    /// bits pays at every decision (1.6 % of cm's output on logs).
    pub fn encode_bit(&mut self, p1: u32, bit: u8) {
        let zero = split(self.range, p1);
        match bit {
            0 => self.range = zero,
            _ => {
                self.low += zero as u64;
                self.range -= zero;
            }
        }
        self.normalize();
    }

    /// Shifts out the settled top bytes until the range is at least `TOP` again.
    fn normalize(&mut self) {
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

    /// Moves the bytes coded so far (final: a carry never reaches them) into `out`, so a
    /// long stream can be written as it is coded.
    pub fn drain_into(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// Bytes coded and not yet drained.
    pub fn pending(&self) -> usize {
        self.out.len()
    }

    /// Flushes the final state and returns the coded bytes not yet drained.
    pub fn finish(mut self) -> Vec<u8> {
        for _ in 0..FLUSH_BYTES {
            self.shift_low();
        }
        self.out
    }
}

/// Decodes symbols from a byte stream, read through a buffer of fixed size. Reading past the
/// end yields zero bytes: a truncated stream decodes to wrong symbols (caught by the
/// container's checksum, or early by `overran`), never a panic.
pub struct Decoder<R> {
    code: u32,
    range: u32,
    input: R,
    buf: Box<[u8; 1 << 16]>,
    filled: usize,
    at: usize,
    /// Bytes asked for after the input ended.
    past_end: usize,
    error: Option<std::io::Error>,
}

impl<R: std::io::Read> Decoder<R> {
    pub fn new(input: R) -> Self {
        let mut d = Decoder {
            code: 0,
            range: u32::MAX,
            input,
            buf: Box::new([0; 1 << 16]),
            filled: 0,
            at: 0,
            past_end: 0,
            error: None,
        };
        for _ in 0..FLUSH_BYTES {
            d.code = (d.code << 8) | d.next_byte() as u32;
        }
        d
    }

    fn next_byte(&mut self) -> u8 {
        if self.at == self.filled {
            self.at = 0;
            self.filled = 0;
            if self.past_end == 0 && self.error.is_none() {
                loop {
                    match self.input.read(&mut self.buf[..]) {
                        Ok(n) => self.filled = n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => self.error = Some(e),
                    }
                    break;
                }
            }
            if self.filled == 0 {
                self.past_end += 1;
                return 0;
            }
        }
        let b = self.buf[self.at];
        self.at += 1;
        b
    }

    /// After the last symbol: whether the decoder read exactly its input. The encoder emits
    /// one byte per renormalisation plus the flush, and the decoder reads the same, so a
    /// complete stream ends exactly here: `Some(false)` means bytes were missing, `None`
    /// means bytes follow the end.
    pub fn ended_exactly(&mut self) -> Option<bool> {
        if self.past_end > 0 {
            return Some(false);
        }
        if self.at < self.filled {
            return None;
        }
        let mut probe = [0u8; 1];
        match self.input.read(&mut probe) {
            Ok(0) => Some(true),
            _ => None,
        }
    }

    /// A read error of the underlying input, if one happened (the decoder then sees zeros).
    pub fn take_error(&mut self) -> Option<std::io::Error> {
        self.error.take()
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
        self.normalize();
        symbol
    }

    /// Reads in bytes until the range is at least `TOP` again, as the encoder shifted out.
    fn normalize(&mut self) {
        while self.range < TOP {
            self.code = (self.code << 8) | self.next_byte() as u32;
            self.range <<= 8;
        }
    }

    /// Decodes one bit under the same `p1` the encoder used (`Encoder::encode_bit`).
    pub fn decode_bit(&mut self, p1: u32) -> u8 {
        let zero = split(self.range, p1);
        let bit = match self.code < zero {
            true => {
                self.range = zero;
                0
            }
            false => {
                self.code -= zero;
                self.range -= zero;
                1
            }
        };
        self.normalize();
        bit
    }

    /// Whether the decoder read past the end of its input by more than the flush slack: the
    /// stream is truncated or its header lies about the length.
    pub fn overran(&self) -> bool {
        self.past_end > FLUSH_BYTES
    }
}

/// Ideal code length in bits of a symbol of frequency `freq`.
pub fn code_length_bits(freq: u32) -> f64 {
    PRECISION_BITS as f64 - (freq as f64).log2()
}
