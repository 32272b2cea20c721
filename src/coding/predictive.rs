//! A predictor driving the range coder: the codec every model-based compressor shares. The
//! same loop runs on both sides: predict, code the symbol, update.

use super::container::Header;
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
        let mut freqs = vec![0u32; self.alphabet];
        let mut encoder = Encoder::default();
        let mut curve = CurveRecorder::new(symbols.len());
        for &s in symbols {
            model.predict(&mut freqs);
            encoder.encode(&freqs, s as usize);
            curve.record(code_length_bits(freqs[s as usize]));
            model.update(s);
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
        let mut model = (self.make)();
        let mut freqs = vec![0u32; self.alphabet];
        let mut decoder = Decoder::new(payload);
        // The header's length is bounded by the payload size, yet still only a claim: grow
        // the output as symbols really decode instead of reserving it all up front.
        let mut out = Vec::with_capacity(header.length.min(1 << 20) as usize);
        for _ in 0..header.length {
            model.predict(&mut freqs);
            let s = decoder.decode(&freqs) as u8;
            model.update(s);
            out.push(s);
        }
        header.verify(&out)?;
        Ok(out)
    }
}
