//! The cm model's mixing network: a mixer whose weight set the match state and the bits of
//! the symbol so far select (one set with `sets: off`), and with `mixer2` a second one whose
//! set the previous symbol and the bits so far select, the two combined by a final mixer
//! (a set per bits so far) over their stretched outputs.

use super::mixer::{Inputs, Mixer};

/// What selects the weight sets of the next bit.
pub struct Selectors {
    /// The bits of the symbol so far, behind a 1.
    pub prefix: usize,
    /// The match model's state (0, 1, 2).
    pub matched: usize,
    /// The symbol before this one, and the one before it (0 before the start).
    pub last: usize,
    pub before_last: usize,
}

pub struct Network {
    bits: u32,
    inputs: Inputs,
    first: Mixer,
    sets: bool,
    second: Option<Second>,
}

/// The second mixer, and the final one over both (and the first mixers' last input, with
/// `direct`).
struct Second {
    mixer: Mixer,
    outputs: Inputs,
    last: Mixer,
    direct: bool,
}

impl Network {
    /// Over `n` inputs of symbols of `bits` bits, the mixers learning at 2^-`shift`; with
    /// `direct`, the last input goes to the final mixer too.
    pub fn new(n: usize, bits: u32, shift: u32, sets: bool, mixer2: bool, direct: bool) -> Network {
        Network {
            bits,
            inputs: Inputs::new(n),
            first: Mixer::new(n, if sets { 3 << bits } else { 1 }, shift),
            sets,
            second: mixer2.then(|| Second {
                mixer: Mixer::new(n, 1 << (2 * bits), shift),
                outputs: Inputs::new(2 + direct as usize),
                last: Mixer::trusting(2 + direct as usize, 2, 1 << bits, shift),
                direct,
            }),
        }
    }

    /// The inputs to fill before `mix`.
    pub fn inputs(&mut self) -> &mut [i32] {
        self.inputs.fill()
    }

    /// The 12-bit probability of a 1, and its stretch.
    pub fn mix(&mut self, at: &Selectors) -> (i32, i32) {
        let set = match self.sets {
            true => (at.matched << self.bits) | at.prefix,
            false => 0,
        };
        let (p, x) = self.first.mix(&self.inputs, set);
        let Some(second) = &mut self.second else {
            return (p, x);
        };
        let (_, x2) = second
            .mixer
            .mix(&self.inputs, (at.last << self.bits) | at.prefix);
        let outputs = second.outputs.fill();
        outputs[..2].copy_from_slice(&[x, x2]);
        if second.direct {
            outputs[2] = *self.inputs.fill().last().expect("an input");
        }
        second.last.mix(&second.outputs, at.prefix)
    }

    /// Trains every mixer used by `mix` on `bit`.
    pub fn update(&mut self, bit: u8) {
        self.first.update(&self.inputs, bit);
        if let Some(second) = &mut self.second {
            second.mixer.update(&self.inputs, bit);
            second.last.update(&second.outputs, bit);
        }
    }
}
