//! Compressor specs: a validated description of one compressor, which builds its `Codec` for
//! a given alphabet and seed.

use crate::baselines::{pack_bits_for, Classic, ClassicCodec};
use crate::codec::Codec;
use crate::coding::predictive::PredictiveCodec;
use crate::predict::order_k::OrderK;

#[derive(Debug, Clone, PartialEq)]
pub enum CompressorSpec {
    /// `pack`: bit-pack small alphabets before compressing.
    Classic {
        kind: Classic,
        level: i64,
        pack: bool,
    },
    /// Adaptive order-k context model with arithmetic coding.
    Order { k: usize },
}

impl CompressorSpec {
    /// Column name in tables: the kind plus what distinguishes it in a grid.
    pub fn label(&self) -> String {
        match self {
            CompressorSpec::Classic { kind, level, pack } => {
                let raw = if *pack { "" } else { "-bytes" };
                format!("{}-{level}{raw}", kind.name())
            }
            CompressorSpec::Order { k } => format!("order-{k}"),
        }
    }

    /// Every setting, as `key=value` pairs.
    pub fn params(&self) -> String {
        match self {
            CompressorSpec::Classic { level, pack, .. } => format!("level={level} pack={pack}"),
            CompressorSpec::Order { k } => format!("k={k}"),
        }
    }

    /// Relative cost per symbol, for ordering and balancing jobs (1 = a classic compressor).
    pub fn cost_per_symbol(&self) -> f64 {
        match self {
            CompressorSpec::Classic { .. } => 1.0,
            CompressorSpec::Order { .. } => 2.0,
        }
    }

    /// The codec for a source with `alphabet` symbols; `seed` initialises any model.
    pub fn build(&self, alphabet: usize, _seed: u64) -> Box<dyn Codec> {
        match *self {
            CompressorSpec::Classic { kind, level, pack } => Box::new(ClassicCodec {
                kind,
                level,
                pack_bits: if pack { pack_bits_for(alphabet) } else { None },
            }),
            CompressorSpec::Order { k } => Box::new(PredictiveCodec::new(
                format!("{} {}", self.label(), self.params()),
                alphabet,
                Box::new(move || Box::new(OrderK::new(alphabet, k))),
            )),
        }
    }
}
