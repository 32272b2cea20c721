//! `kind: cm`: a binary context-mixing model, the backbone every strong file compressor since
//! PAQ shares. Each symbol is ⌈log2 M⌉ binary decisions (`predict::bits`); for each, the
//! context models of orders 0…K (`contexts`: the last k symbols hashed with the bits so far)
//! give a probability, and so does the longest earlier match of the recent symbols
//! (`matches`); a logistic mixer (`mixer`) combines them with a weight set chosen by the bits
//! of the symbol so far and the match's state, and an adaptive probability map (`apm`) refines
//! the result under the previous symbol. All in integers (`logistic`), so encoder and decoder compute the
//! same bits on every machine. Hand-written: it must be deterministic and fast.

mod apm;
mod contexts;
pub mod declared;
mod logistic;
mod matches;
mod mixer;

use super::bits::{symbol_bits, BitPredictor};
use super::{PredictError, Predictor};
use apm::Apm;
use contexts::Contexts;
use matches::Matches;
use mixer::Mixer;

/// A `cm` model's settings (`declared`).
#[derive(Debug, Clone, PartialEq)]
pub struct CmConfig {
    /// The highest context order K, in symbols (orders 0…K).
    pub order: usize,
    /// Slots per order's table: 2^table_bits (4 bytes each).
    pub table_bits: u32,
    /// A slot's count stops here: its rate stays at least 1/(limit + 1.5).
    pub limit: u32,
    /// The mixer's weight set chosen by the bits of the symbol so far (else one set).
    pub sets: bool,
    /// The adaptive probability map after the mixer.
    pub apm: bool,
}

impl CmConfig {
    /// Bytes its tables take for `alphabet` symbols (touched as contexts occur).
    pub fn memory_bytes(&self, alphabet: usize) -> u64 {
        let nodes = 1u64 << symbol_bits(alphabet);
        let tables = (self.order as u64 + 1) * (4u64 << self.table_bits);
        let mixer = 3 * nodes * 4 * (self.order as u64 + 3);
        let matches = 4 << 20;
        let apm = nodes * nodes * 33 * 2;
        tables + mixer + apm + matches
    }
}

pub struct Cm {
    bits: u32,
    contexts: Contexts,
    matches: Matches,
    mixer: Mixer,
    apm: Option<Apm>,
    sets: bool,
}

impl Cm {
    pub fn new(config: &CmConfig, alphabet: usize) -> Cm {
        let bits = symbol_bits(alphabet);
        let contexts = Contexts::new(bits, config.order, config.table_bits, config.limit);
        let sets = if config.sets { 3 << bits } else { 1 };
        Cm {
            bits,
            mixer: Mixer::new(contexts.len() + 1, sets),
            contexts,
            matches: Matches::new(bits),
            apm: config.apm.then(|| Apm::new(1 << (2 * bits))),
            sets: config.sets,
        }
    }
}

impl BitPredictor for Cm {
    fn p1(&mut self) -> u32 {
        let inputs = self.mixer.inputs();
        let prefix = self.contexts.prefix();
        let n = inputs.len();
        self.contexts.predict(&mut inputs[..n - 1]);
        inputs[n - 1] = self.matches.input(self.bits, prefix);
        let set = (self.matches.state() << self.bits) | prefix as usize;
        let prefix = prefix as usize;
        let (p, x) = self.mixer.mix(if self.sets { set } else { 0 });
        let p = match &mut self.apm {
            Some(apm) => {
                let context = (self.contexts.last() as usize) << self.bits | prefix;
                (p + 3 * apm.refine(x, context) + 2) >> 2
            }
            None => p,
        };
        ((p as u32) << 4 | 8).clamp(1, 65535)
    }

    fn update(&mut self, bit: u8) {
        self.mixer.update(bit);
        if let Some(apm) = &mut self.apm {
            apm.update(bit);
        }
        self.matches.update_bit(bit);
        self.contexts.update(bit);
        if self.contexts.prefix() == 1 {
            self.matches.update_symbol(self.contexts.last());
        }
    }
}

impl Predictor for Cm {
    fn predict(&mut self, _: usize, _: &mut [u32]) -> Result<(), PredictError> {
        Err(PredictError(BITWISE.into()))
    }

    fn update(&mut self, _: &[u8]) -> Result<(), PredictError> {
        Err(PredictError(BITWISE.into()))
    }

    fn bitwise(&mut self) -> Option<&mut dyn BitPredictor> {
        Some(self)
    }
}

/// Why a `cm` model gives no distribution: the coder asks it bit by bit.
const BITWISE: &str = "cm predicts bit by bit: the coder codes its bits (predict::bits)";
