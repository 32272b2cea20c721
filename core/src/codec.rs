//! The one interface the runner knows: compress symbols to bytes and back. A predictor driving
//! the range coder is one codec, gzip another.

use crate::coding::container::ContainerError;
use crate::process::measure::Usage;
use crate::replay::Fingerprints;

/// A compressed stream and, for model-based codecs, its learning curve.
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// Bytes of `bytes` that are the `.dz` header (model-based codecs only).
    pub header_bytes: Option<u64>,
    /// (end position in symbols, bits per symbol over the window ending there); empty for
    /// codecs that cannot attribute bits to positions.
    pub curve: Vec<(u64, f64)>,
    /// Bits per symbol by position in the segment, averaged over the segments, where the
    /// codec was told the source's segments (model-based codecs only); empty otherwise.
    pub by_position: Vec<f64>,
    /// What a child process used to compress (command compressors only).
    pub usage: Option<Usage>,
    /// What an outside predictor announced: its name and version, and the price of the prior
    /// it declared.
    pub announced: Option<crate::predict::protocol::Announced>,
    /// Fingerprints of the predictor's outputs, for a predictor whose replay is the user's to
    /// ensure (an outside one): `decompress_encoded` checks the decode's against them.
    pub fingerprints: Option<Fingerprints>,
    /// The weights a model trained on the input stored in `bytes` (model-based codecs only).
    pub stored: Option<StoredWeights>,
}

/// The weights section of a model trained on its input: its bytes (counted in the stream's)
/// and the seconds the training took.
#[derive(Debug, Clone, Copy)]
pub struct StoredWeights {
    pub bytes: u64,
    pub train_s: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error(transparent)]
    Container(#[from] ContainerError),
    #[error("{codec}: {error}")]
    Io {
        codec: &'static str,
        error: std::io::Error,
    },
    #[error("{0}")]
    Command(String),
    /// An outside predictor that failed, or could not replay its compress run.
    #[error("{0}")]
    Predictor(String),
    #[error("stream was written by `{found}` but is being decoded as `{expected}`")]
    WrongCodec { expected: String, found: String },
    #[error("symbol {symbol} at position {position} is outside the alphabet 0..{alphabet}")]
    SymbolOutOfRange {
        symbol: u8,
        position: usize,
        alphabet: usize,
    },
}

pub trait Codec: Send + Sync {
    fn compress(&self, symbols: &[u8]) -> Result<Encoded, CodecError>;
    fn decompress(&self, bytes: &[u8]) -> Result<Vec<u8>, CodecError>;

    /// Decodes what `compress` gave; where it recorded fingerprints, the decode's outputs are
    /// checked against them step by step, so a predictor that does not replay is named with
    /// the step where it first differs.
    fn decompress_encoded(&self, encoded: &Encoded) -> Result<Vec<u8>, CodecError> {
        self.decompress(&encoded.bytes)
    }
}
