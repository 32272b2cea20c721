//! `kind: cm`: a binary context-mixing model, the backbone every strong file compressor since
//! PAQ shares. Each symbol is the binary decisions of its code (`predict::bits::Tree`: the
//! byte it stands for, or its index); for each, the context models (`contexts`: orders 0…K,
//! words, sparse symbols and columns of the symbols so far, `past`, hashed with the bits so
//! far) give a probability and, read through their bit histories (`history`), a second one;
//! so does the longest earlier match of the recent symbols (`matches`), and where one is named
//! a neural model, its distribution split into its bits (`neural_input`, cmix's way).
//! Logistic mixers (`network`, `mixer`) combine them, their weight sets chosen by the bits of
//! the symbol so far with the match's state and with the previous symbol, and adaptive
//! probability maps (`apm`) refine the result. With `kt` a last stage (`switch`) weighs the
//! result against the Krichevsky–Trofimov estimate of the highest order's counts by what each
//! has cost so far. All in integers (`logistic`, `slot`; a neural input's distribution is
//! quantised as every coded one is), so encoder and decoder compute the same bits on every
//! machine. Hand-written: it must be deterministic and fast.

mod apm;
mod contexts;
pub mod declared;
mod history;
mod huge;
mod lean;
mod logistic;
mod matches;
mod mixer;
mod network;
mod neural_input;
#[cfg(test)]
mod neural_tests;
mod past;
mod slot;
mod switch;

use super::bits::{symbol_bits, BitPredictor, Tree, Values};
use super::neural::OnlineModel;
use super::{PredictError, Predictor};
use apm::Stages;
use contexts::Contexts;
use matches::Matches;
use network::{Network, Selectors};
use neural_input::NeuralInput;
use past::{Kinds, Past};
use switch::Switch;

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
    /// The adaptive probability maps after the mixer: under the previous symbol, and under
    /// the last two.
    pub apm: bool,
    pub apm2: bool,
    /// A second input per context: its probability, not stretched (`contexts`).
    pub linear: bool,
    /// A bit history per slot, read through a map per context (`history`).
    pub history: bool,
    /// The mixers' learning rate: 2^-mixer_shift (`mixer`).
    pub mixer_shift: u32,
    /// A second mixer, its weight set chosen by the previous symbol, and a final one.
    pub mixer2: bool,
    /// The word, sparse and column contexts (`past`).
    pub word: bool,
    pub sparse: bool,
    pub column: bool,
    /// The x86 call transform (`coding::calls`), on inputs of 256 symbols (bytes).
    pub e8e9: bool,
    /// The last stage: a Bayes mixture with the highest order's count estimate (`switch`).
    pub kt: bool,
    /// Buckets a context's hash may take (`contexts`): 1 or 2.
    pub ways: u32,
    /// Each symbol coded as the byte it stands for, not its index (`predict::bits::Tree`).
    pub bytes: bool,
    /// The coder splits the range exactly at each decision (`predict::bits::Tree`).
    pub exact_split: bool,
    /// The full engine (every setting above) or the lean one (`lean`: fixed contexts, only
    /// `table_bits`, `e8e9`, `exact_split` and `bytes` apply).
    pub lean: bool,
}

impl CmConfig {
    /// Its contexts (`past`).
    fn kinds(&self) -> Kinds {
        Kinds {
            order: self.order,
            word: self.word,
            sparse: self.sparse,
            column: self.column,
        }
    }

    /// Bytes its tables take for `alphabet` symbols standing for themselves, as a grid
    /// source's do (touched as contexts occur); a file's values may take more bits than
    /// ⌈log2 M⌉ (up to 8), and its weight sets a few MB more.
    pub fn memory_bytes(&self, alphabet: usize) -> u64 {
        if self.lean {
            return lean::Lean::memory_bytes(alphabet, self.table_bits);
        }
        let nodes = 1u64 << symbol_bits(alphabet);
        let contexts = self.kinds().contexts() as u64;
        let tables = (contexts + self.kt as u64) * (4 << self.table_bits);
        let sets = 3 * nodes + if self.mixer2 { nodes * nodes } else { 0 };
        let each = 1 + self.linear as u64 + self.history as u64;
        let mixer = sets * 4 * (contexts * each + 2);
        let apm = Stages::memory_bytes(symbol_bits(alphabet), self.apm, self.apm2);
        tables + mixer + apm + Matches::BYTES
    }
}

/// A `cm` model of `config`'s engine for symbols standing for `values`, with `neural` (one
/// coded stream) as an input if given.
pub fn model(
    config: &CmConfig,
    values: Values,
    neural: Option<Box<dyn OnlineModel>>,
) -> Box<dyn Predictor> {
    let tree = Tree::new(values, config.bytes).split_exactly(config.exact_split);
    match config.lean {
        true => Box::new(Bitwise(lean::Lean::new(
            tree,
            config.table_bits,
            config.e8e9,
            neural,
        ))),
        false => Box::new(Bitwise(Cm::new(config, tree, neural))),
    }
}

pub struct Cm {
    bits: u32,
    tree: Tree,
    past: Past,
    contexts: Contexts,
    matches: Matches,
    network: Network,
    stages: Stages,
    linear: bool,
    /// A neural model's distribution, split into its bits: the last input.
    neural: Option<NeuralInput>,
    /// Whether the coder codes the bytes through the x86 call transform.
    calls: bool,
    /// The last stage, with `kt`.
    switch: Option<Switch>,
}

impl Cm {
    /// For symbols coded by `tree`, with `neural` (one coded stream) as an input if given.
    pub fn new(config: &CmConfig, tree: Tree, neural: Option<Box<dyn OnlineModel>>) -> Cm {
        let bits = tree.bits();
        let past = Past::new(config.kinds());
        let mut hashes = vec![0; config.kinds().contexts()];
        past.hashes(&mut hashes);
        let (table_bits, limit) = (config.table_bits, config.limit);
        let counted = config.kt.then_some(config.order);
        let (history, ways) = (config.history, config.ways);
        let contexts = Contexts::new(bits, hashes, table_bits, limit, history, counted, ways);
        let inputs =
            contexts.len() * contexts.inputs_each(config.linear) + 1 + neural.is_some() as usize;
        let (shift, sets) = (config.mixer_shift, config.sets);
        let network = Network::new(inputs, bits, shift, sets, config.mixer2, neural.is_some());
        let neural = neural.map(|model| NeuralInput::new(model, &tree));
        Cm {
            bits,
            past,
            network,
            contexts,
            matches: Matches::new(bits),
            stages: Stages::new(bits, config.apm, config.apm2),
            linear: config.linear,
            neural,
            calls: config.e8e9 && tree.alphabet() == 256,
            switch: config.kt.then(Switch::default),
            tree,
        }
    }
}

impl BitPredictor for Cm {
    fn p1(&mut self) -> u32 {
        let inputs = self.network.inputs();
        let prefix = self.contexts.prefix();
        let n = inputs.len() - self.neural.is_some() as usize;
        self.contexts.predict(&mut inputs[..n - 1], self.linear);
        inputs[n - 1] = self.matches.input(&self.past.symbols, self.bits, prefix);
        if let Some(neural) = &mut self.neural {
            inputs[n] = neural.input(prefix);
        }
        let at = Selectors {
            prefix: prefix as usize,
            matched: self.matches.state(),
            last: self.past.symbol(1),
            before_last: self.past.symbol(2),
        };
        let (p, x) = self.network.mix(&at);
        let p = self.stages.refine(p, x, &at);
        let p = ((p as u32) << 4 | 8).clamp(1, 65535);
        match (&mut self.switch, self.contexts.counts()) {
            (Some(switch), Some((zeros, ones))) => {
                let under = self.tree.under(prefix);
                switch.mix(p, switch::kt(zeros, ones, under))
            }
            _ => p,
        }
    }

    fn update(&mut self, bit: u8) {
        if let Some(switch) = &mut self.switch {
            switch.update(bit);
        }
        self.network.update(bit);
        self.stages.update(bit);
        self.matches.update_bit(bit);
        if let Some(code) = self.contexts.update(bit) {
            self.past.push(code);
            if let Some(neural) = &mut self.neural {
                neural.update(self.tree.symbol(code as u32));
            }
            self.matches.update_symbol(&self.past.symbols);
            self.past.hashes(self.contexts.hashes());
            self.contexts.start_symbol();
        }
    }

    fn calls(&self) -> bool {
        self.calls
    }

    fn tree(&self) -> &Tree {
        &self.tree
    }
}

/// A model that predicts bit by bit, as a `Predictor`: the coder asks it for bits.
struct Bitwise<T>(T);

impl<T: BitPredictor> Predictor for Bitwise<T> {
    fn predict(&mut self, _: usize, _: &mut [u32]) -> Result<(), PredictError> {
        Err(PredictError(BITWISE.into()))
    }

    fn update(&mut self, _: &[u8]) -> Result<(), PredictError> {
        Err(PredictError(BITWISE.into()))
    }

    fn bitwise(&mut self) -> Option<&mut dyn BitPredictor> {
        Some(&mut self.0)
    }
}

/// Why a `cm` model gives no distribution: the coder asks it bit by bit.
const BITWISE: &str = "cm predicts bit by bit: the coder codes its bits (predict::bits)";

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Asserts that two models give every bit of experiments/data/sample.txt the same
    /// probability (`what` names the difference between them).
    pub fn agree_on_text(here: &mut dyn BitPredictor, there: &mut dyn BitPredictor, what: &str) {
        let text = include_bytes!("../../../../experiments/data/sample.txt");
        for &byte in text.iter() {
            for j in (0..8).rev() {
                assert_eq!(here.p1(), there.p1(), "{what}");
                let bit = (byte >> j) & 1;
                here.update(bit);
                there.update(bit);
            }
        }
    }

    /// Where the context tables lie changes no probability: tables moved by a few slots (as
    /// another allocator would place them) give every bit of a text the same probability,
    /// the 2-way buckets and the last stage's counts included (small tables: many
    /// replacements).
    #[test]
    fn where_the_tables_lie_changes_no_probability() {
        let config = CmConfig {
            table_bits: 10,
            ..CmConfig::default()
        };
        for by in [1, 3, 8, 16] {
            let mut there = Cm::new(&config, Tree::dense(256), None);
            there.contexts = there.contexts.moved(by);
            let what = format!("moved by {by}");
            let mut here = Cm::new(&config, Tree::dense(256), None);
            agree_on_text(&mut here, &mut there, &what);
        }
    }
}
