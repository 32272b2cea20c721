//! A predictor driving the range coder: the codec every model-based compressor shares. The
//! same loop runs on both sides: predict, code the symbols, update. With B streams the input
//! is cut into B contiguous parts (the longer ones first) and coded step by step across them.

use super::container::{ContainerError, Header};
use super::range_coder::{code_length_bits, Decoder, Encoder};
use crate::codec::{Codec, CodecError, CurveRecorder, Encoded};
use crate::predict::Predictor;

/// Builds a fresh predictor in its seeded initial state; called once per compress and once
/// per decompress, so both start identical.
pub type PredictorFactory = Box<dyn Fn() -> Box<dyn Predictor> + Send + Sync>;

pub struct PredictiveCodec {
    params: String,
    alphabet: usize,
    make: PredictorFactory,
}

/// The cut of `n` symbols into `streams` parts: part b starts at `start(b)`; at step t the
/// first `live(t)` parts still have a symbol.
struct Parts {
    base: usize,
    extra: usize,
    streams: usize,
}

impl Parts {
    fn new(n: usize, streams: usize) -> Parts {
        Parts {
            base: n / streams,
            extra: n % streams,
            streams,
        }
    }

    fn steps(&self) -> usize {
        self.base + (self.extra > 0) as usize
    }

    fn live(&self, t: usize) -> usize {
        if t < self.base {
            self.streams
        } else {
            self.extra
        }
    }

    fn start(&self, b: usize) -> usize {
        b * self.base + b.min(self.extra)
    }
}

impl PredictiveCodec {
    /// `params` is written into every stream's header and checked on decode.
    pub fn new(params: String, alphabet: usize, make: PredictorFactory) -> Self {
        PredictiveCodec {
            params,
            alphabet,
            make,
        }
    }
}

impl Codec for PredictiveCodec {
    fn compress(&self, symbols: &[u8]) -> Result<Encoded, CodecError> {
        if let Some((position, &symbol)) = symbols
            .iter()
            .enumerate()
            .find(|(_, &s)| s as usize >= self.alphabet)
        {
            return Err(CodecError::SymbolOutOfRange {
                symbol,
                position,
                alphabet: self.alphabet,
            });
        }
        let mut model = (self.make)();
        let m = self.alphabet;
        let parts = Parts::new(symbols.len(), model.streams());
        let mut freqs = vec![0u32; m * parts.streams];
        let mut step = vec![0u8; parts.streams];
        let mut encoder = Encoder::default();
        let mut curve = CurveRecorder::new(symbols.len());
        for t in 0..parts.steps() {
            let live = parts.live(t);
            for (b, s) in step[..live].iter_mut().enumerate() {
                *s = symbols[parts.start(b) + t];
            }
            model.predict(live, &mut freqs);
            for (b, &s) in step[..live].iter().enumerate() {
                let table = &freqs[b * m..(b + 1) * m];
                encoder.encode(table, s as usize);
                curve.record(code_length_bits(table[s as usize]));
            }
            model.update(&step[..live]);
        }
        let mut bytes = Vec::new();
        Header::new(self.params.clone(), self.alphabet, symbols).write(&mut bytes);
        bytes.extend_from_slice(&encoder.finish());
        Ok(Encoded {
            bytes,
            curve: curve.finish(),
        })
    }

    fn decompress(&self, bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
        let (header, payload) = Header::read(bytes)?;
        if header.params != self.params || header.alphabet != self.alphabet {
            return Err(CodecError::WrongCodec {
                expected: format!("{} (M={})", self.params, self.alphabet),
                found: format!("{} (M={})", header.params, header.alphabet),
            });
        }
        let n = usize::try_from(header.length).map_err(|_| CodecError::WrongCodec {
            expected: "a length this machine can address".into(),
            found: header.length.to_string(),
        })?;
        let mut model = (self.make)();
        let m = self.alphabet;
        let parts = Parts::new(n, model.streams());
        let mut freqs = vec![0u32; m * parts.streams];
        let mut step = vec![0u8; parts.streams];
        let mut decoder = Decoder::new(payload);
        // The header's length is bounded by the payload size (Header::read), so this
        // allocation is at most a constant times the input size.
        let mut out = vec![0u8; n];
        for t in 0..parts.steps() {
            let live = parts.live(t);
            model.predict(live, &mut freqs);
            for (b, s) in step[..live].iter_mut().enumerate() {
                *s = decoder.decode(&freqs[b * m..(b + 1) * m]) as u8;
                out[parts.start(b) + t] = *s;
            }
            model.update(&step[..live]);
            if decoder.overran() {
                return Err(CodecError::Container(ContainerError::Truncated));
            }
        }
        header.verify(&out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Parts;

    #[test]
    fn parts_cover_the_input_once_longer_parts_first() {
        for (n, b) in [(10, 3), (9, 3), (2, 4), (1, 1), (100, 16)] {
            let parts = Parts::new(n, b);
            let mut seen = vec![0; n];
            for t in 0..parts.steps() {
                for s in 0..parts.live(t) {
                    seen[parts.start(s) + t] += 1;
                }
            }
            assert!(seen.iter().all(|&c| c == 1), "n={n} B={b}: {seen:?}");
        }
    }
}
