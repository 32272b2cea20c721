//! A predictor driving the range coder, in memory: the codec of every model-based compressor
//! in a grid job. Streams are framed by the `.dz` container with the identity alphabet map,
//! so `bench decompress` reads them too.

use crate::codec::{Codec, CodecError, Encoded, StoredWeights};
use crate::coding::container::Header;
use crate::driver::{self, DecodeError, EncodeError};
use crate::predict::bits::Values;
use crate::predict::{PredictError, Predictor, Run};
use crate::replay::{Fingerprints, Replay};
use generators::curve::CurveRecorder;

/// Builds a fresh predictor in its seeded initial state for a run, with the weights it
/// stored (the header's weights section, empty for most); called once per compress and once
/// per decompress, so both start identical.
pub type PredictorFactory =
    Box<dyn Fn(Run, &[u8]) -> Result<Box<dyn Predictor>, PredictError> + Send + Sync>;

/// Trains a model on the symbols to code, before it codes them, for a run: the weights it
/// stores (the header's weights section) and the seconds that took.
pub type WeightsTrainer =
    Box<dyn Fn(&[u8], Run) -> Result<(Vec<u8>, f64), PredictError> + Send + Sync>;

pub struct ModelCodec {
    spec: String,
    /// The `.dz` format version `spec` is written as.
    version: u8,
    seed: u64,
    alphabet: usize,
    make: PredictorFactory,
    /// Where the model stores weights trained on the input.
    train: Option<WeightsTrainer>,
    /// Symbols per segment of the source, for the bits by position in it.
    segment: Option<usize>,
}

impl ModelCodec {
    /// `spec` (`kind key=value …`, written as format `version`) and `seed` go into every
    /// stream's header and are checked on decode, as written: this codec decodes what it
    /// wrote.
    pub fn new(
        spec: String,
        version: u8,
        seed: u64,
        alphabet: usize,
        make: PredictorFactory,
    ) -> Self {
        ModelCodec {
            spec,
            version,
            seed,
            alphabet,
            make,
            train: None,
            segment: None,
        }
    }

    /// A model that trains on the input first and stores its weights in the header's weights
    /// section (which `version` must have).
    pub fn storing(mut self, train: WeightsTrainer) -> Self {
        self.train = Some(train);
        self
    }

    /// Also averages the bits by position in segments of `segment` symbols.
    pub fn with_segments(mut self, segment: Option<usize>) -> Self {
        self.segment = segment;
        self
    }

    fn run(&self, length: usize, decompress: bool) -> Run {
        Run {
            alphabet: self.alphabet,
            values: Values::first(self.alphabet),
            length: length as u64,
            seed: self.seed,
            decompress,
        }
    }

    fn start(&self, run: Run, stored: &[u8]) -> Result<Box<dyn Predictor>, CodecError> {
        (self.make)(run, stored).map_err(|e| CodecError::Predictor(e.0))
    }
}

fn io_error(e: std::io::Error) -> CodecError {
    CodecError::Io {
        codec: "model",
        error: e,
    }
}

impl Codec for ModelCodec {
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
        let run = self.run(symbols.len(), false);
        let stored = match &self.train {
            Some(train) => Some(train(symbols, run).map_err(|e| CodecError::Predictor(e.0))?),
            None => None,
        };
        let header = Header {
            version: self.version,
            spec: self.spec.clone(),
            seed: self.seed,
            map: (0..self.alphabet).map(|s| s as u8).collect(),
            length: symbols.len() as u64,
            crc32: crc32fast::hash(symbols),
            weights: stored.as_ref().map_or(Vec::new(), |s| s.0.clone()),
        };
        let mut bytes = header.to_bytes();
        let header_bytes = bytes.len() as u64;
        let mut model = self.start(run, &header.weights)?;
        let mut curve = CurveRecorder::with_segments(symbols.len(), self.segment);
        let mut fingerprints = model.outside().is_some().then(Fingerprints::new);
        let usage = driver::encode(
            model.as_mut(),
            self.alphabet,
            symbols.len(),
            |parts, t, step| {
                for (b, s) in step.iter_mut().enumerate() {
                    *s = symbols[parts.index(b, t)];
                }
                Ok(())
            },
            |coded| {
                bytes.extend_from_slice(coded);
                Ok(())
            },
            Some(&mut curve),
            fingerprints.as_mut(),
        )
        .map_err(|e| match e {
            EncodeError::Io(e) => io_error(e),
            EncodeError::Predictor(e) => CodecError::Predictor(e.0),
        })?;
        let announced = model.outside().map(|o| o.announced().clone());
        Ok(Encoded {
            bytes,
            header_bytes: Some(header_bytes),
            announced,
            by_position: curve.by_position(),
            curve: curve.finish(),
            usage,
            fingerprints,
            stored: stored.map(|(weights, train_s)| StoredWeights {
                bytes: weights.len() as u64,
                train_s,
            }),
        })
    }

    fn decompress(&self, bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
        self.decode(bytes, None)
    }

    fn decompress_encoded(&self, encoded: &Encoded) -> Result<Vec<u8>, CodecError> {
        self.decode(&encoded.bytes, encoded.fingerprints.as_ref())
    }
}

impl ModelCodec {
    /// Decodes `bytes`, checking every step against `reference` where given.
    fn decode(
        &self,
        bytes: &[u8],
        reference: Option<&Fingerprints>,
    ) -> Result<Vec<u8>, CodecError> {
        let (header, payload) = Header::parse(bytes)?;
        if header.spec != self.spec
            || header.version != self.version
            || header.seed != self.seed
            || header.alphabet() != self.alphabet
        {
            return Err(CodecError::WrongCodec {
                expected: format!("{} seed={} (M={})", self.spec, self.seed, self.alphabet),
                found: format!(
                    "{} seed={} (M={})",
                    header.spec,
                    header.seed,
                    header.alphabet()
                ),
            });
        }
        // The length was bounded by the payload size when the header was read.
        let n = header.length as usize;
        let mut model = self.start(self.run(n, true), &header.weights)?;
        let mut out = vec![0u8; n];
        let mut replay = reference.map(Replay::new);
        driver::decode(
            model.as_mut(),
            self.alphabet,
            n,
            payload,
            |parts, t, step| {
                for (b, &s) in step.iter().enumerate() {
                    out[parts.index(b, t)] = s;
                }
                Ok(())
            },
            replay.as_mut(),
        )
        .map_err(|e| match e {
            DecodeError::Container(c) => CodecError::Container(c),
            DecodeError::Io(e) => io_error(e),
            DecodeError::Predictor(e) => CodecError::Predictor(e.0),
            DecodeError::NotReplayable(d) => CodecError::Predictor(d.to_string()),
        })?;
        header.verify(crc32fast::hash(&out))?;
        Ok(out)
    }
}
