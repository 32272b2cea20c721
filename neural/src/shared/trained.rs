//! What a model has learned, apart from its state along a sequence: the weights and the
//! optimiser's moments. A prior trained once is handed to every model that codes with it, and
//! the decoder's copy is the encoder's bit for bit.

use super::adam::Adam;

#[derive(Clone)]
pub struct Trained {
    pub(crate) params: Vec<f32>,
    pub(crate) adam: Adam,
    pub(crate) frozen: bool,
}

impl Trained {
    /// The weights, in the model's layout order.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// A 64-bit FNV-1a hash of the weights' bits and of the optimiser's state: equal
    /// hashes, the same prior.
    pub fn hash(&self) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        let mut eat = |x: f32| {
            for b in x.to_bits().to_le_bytes() {
                h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
            }
        };
        self.params.iter().for_each(|&x| eat(x));
        self.adam.state().for_each(&mut eat);
        eat(self.frozen as u8 as f32);
        h
    }
}
