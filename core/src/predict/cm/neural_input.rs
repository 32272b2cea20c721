//! A neural model as one input of the cm mixer, cmix's way: its distribution over the next
//! symbol, quantised as every coded distribution is (`coding::quantize`, so encoder and
//! decoder hold the same integers), is split along the binary tree of the symbols' codes
//! (`predict::bits::Tree`). The probability of a 1 after the bits so far is the mass of the
//! symbols under the node's 1 branch over the mass under the node; its stretch is the input.
//! The codes increase with the symbols, so a branch's symbols are a run of them. The model
//! sees each symbol once it is whole, and learns from it as it would alone.

use super::logistic::stretch;
use crate::coding::quantize::quantize_probs;
use crate::predict::bits::Tree;
use crate::predict::neural::OnlineModel;

pub struct NeuralInput {
    model: Box<dyn OnlineModel>,
    tree: Tree,
    freqs: Vec<u32>,
    /// The mass of the symbols below each s, M + 1 entries.
    below: Vec<u64>,
}

impl NeuralInput {
    /// `model` (one coded stream) predicting the symbols coded by `tree`.
    pub fn new(model: Box<dyn OnlineModel>, tree: &Tree) -> NeuralInput {
        let m = model.alphabet();
        NeuralInput {
            model,
            tree: tree.clone(),
            freqs: vec![0; m],
            below: vec![0; m + 1],
        }
    }

    /// The stretched probability that the bit after `prefix` (the bits of the symbol so far
    /// behind a 1) is a 1; at a symbol's first bit the model predicts the symbol.
    pub fn input(&mut self, prefix: u32) -> i32 {
        if prefix == 1 {
            self.predict();
        }
        let [first, one, end] = self.tree.runs(prefix).map(|s| self.below[s]);
        let (zeros, ones) = (one - first, end - one);
        let p = (ones * 4096 / (zeros + ones).max(1)) as i32;
        stretch(p.clamp(1, 4095))
    }

    /// The symbol that came, to learn from.
    pub fn update(&mut self, symbol: u8) {
        self.model.update(&[symbol]);
    }

    /// The model's distribution of the next symbol, as running sums of its quantised table.
    fn predict(&mut self) {
        quantize_probs(self.model.predict(1), &mut self.freqs);
        for (s, &f) in self.freqs.iter().enumerate() {
            self.below[s + 1] = self.below[s] + f as u64;
        }
    }
}
