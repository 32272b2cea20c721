//! cm's neural input: each bit gets its subtree's mass, and the mixers learn to trust an
//! input that knows what no context can.

use super::logistic::stretch;
use super::neural_input::NeuralInput;
use super::{Cm, CmConfig};
use crate::predict::bits::{BitPredictor, Tree, Values};
use crate::predict::neural::OnlineModel;

/// A model that predicts `sequence` (known in advance) with probability `right` on the
/// next symbol, the rest spread evenly; or a fixed distribution.
struct Oracle {
    sequence: Vec<u8>,
    at: usize,
    right: f32,
    probs: Vec<f32>,
}

impl OnlineModel for Oracle {
    fn alphabet(&self) -> usize {
        self.probs.len()
    }
    fn coded_streams(&self) -> usize {
        1
    }
    fn predict(&mut self, _: usize) -> &[f32] {
        if let Some(&next) = self.sequence.get(self.at) {
            let m = self.probs.len();
            self.probs.fill((1.0 - self.right) / (m - 1) as f32);
            self.probs[next as usize] = self.right;
        }
        &self.probs
    }
    fn update(&mut self, symbols: &[u8]) {
        if let Some(&next) = self.sequence.get(self.at) {
            assert_eq!(symbols[0], next, "the symbol the oracle knew");
        }
        self.at += 1;
    }
    fn restart(&mut self) {}
    fn freeze(&mut self) {}
    fn trained(&self) -> neural::Trained {
        unreachable!("cm never asks its input for its weights")
    }
    fn load(&mut self, _: &neural::Trained) {}
}

fn fixed(probs: &[f32]) -> Box<Oracle> {
    Box::new(Oracle {
        sequence: Vec::new(),
        at: 0,
        right: 0.0,
        probs: probs.to_vec(),
    })
}

#[test]
fn each_bit_gets_the_mass_of_its_subtree() {
    let mut input = NeuralInput::new(fixed(&[0.1, 0.2, 0.3, 0.4]), &Tree::dense(4));
    // P(first bit 1) = 0.7; after a 0, 0.2/0.3; after a 1, 0.4/0.7 (in 12 bits).
    let expected = [2867, 2730, 2340].map(stretch);
    assert_eq!([1, 2, 3].map(|prefix| input.input(prefix)), expected);
    // M = 3: after a leading 1 only symbol 2 is left, so a 1 is (all but) impossible.
    let mut three = NeuralInput::new(fixed(&[0.25, 0.25, 0.5]), &Tree::dense(3));
    assert_eq!(three.input(1), stretch(2048));
    assert_eq!(three.input(3), stretch(1));
    // Coded as the bytes 1, 4 and 6 (001, 100, 110): 0.25 under the first 0; after 1, 0.25
    // under 10 and 0.5 under 11; after 10, all under 100.
    let bytes = Tree::new(Values::of(&[1, 4, 6]), true);
    let mut three = NeuralInput::new(fixed(&[0.25, 0.25, 0.5]), &bytes);
    assert_eq!(three.input(1), stretch(3072));
    assert_eq!(three.input(0b11), stretch(2730));
    assert_eq!(
        [three.input(0b10), three.input(0b110)],
        [stretch(1), stretch(1)]
    );
    assert_eq!(three.input(0b111), stretch(1));
}

/// Bits cm codes `data` in, with `right` the probability its input puts on the next
/// symbol (none: without an input).
fn code_length(data: &[u8], m: usize, right: Option<f32>) -> f64 {
    let input = right.map(|right| -> Box<dyn OnlineModel> {
        Box::new(Oracle {
            sequence: data.to_vec(),
            at: 0,
            right,
            probs: vec![0.0; m],
        })
    });
    let bits = crate::predict::bits::symbol_bits(m);
    let mut cm = Cm::new(&CmConfig::default(), Tree::dense(m), input);
    let mut total = 0.0;
    for &s in data {
        for j in (0..bits).rev() {
            let bit = (s >> j) & 1;
            let p1 = cm.p1() as f64 / 65536.0;
            total -= if bit == 1 { p1 } else { 1.0 - p1 }.log2();
            BitPredictor::update(&mut cm, bit);
        }
    }
    total
}

/// Where the input knows what no context can (a random sequence), the mixer learns to
/// trust it: from 8 bits a byte to near what the input costs; an input that knows
/// nothing (uniform) costs little.
#[test]
fn the_mixer_learns_to_trust_an_input_that_knows() {
    let mut state = 1u64;
    let data: Vec<u8> = (0..20_000)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    let per_symbol = |right| code_length(&data, 256, right) / data.len() as f64;
    let (alone, knowing) = (per_symbol(None), per_symbol(Some(0.9)));
    let blind = per_symbol(Some(1.0 / 256.0));
    assert!(alone > 7.95, "{alone}");
    // The input alone would cost 0.15 bits (−log2 0.9); in 20,000 symbols the mixers
    // (the final one has the input too) get to 0.27. With the input in the first
    // mixers only, whose 65,000 weight sets each learn it apart, it was 0.74.
    assert!(knowing < 0.35, "{knowing}");
    assert!(blind < alone + 0.05, "{blind} against {alone}");
}
