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
    /// What a model with these weights, optimiser and frozen flag has learned.
    pub(crate) fn of(params: &[f32], adam: &Adam, frozen: bool) -> Trained {
        Trained {
            params: params.to_vec(),
            adam: adam.clone(),
            frozen,
        }
    }

    /// Hands it to a model of the same layout: its weights, optimiser and frozen flag.
    pub(crate) fn put(&self, params: &mut Vec<f32>, adam: &mut Adam, frozen: &mut bool) {
        assert_eq!(self.params.len(), params.len(), "the same layout");
        params.clone_from(&self.params);
        *adam = self.adam.clone();
        *frozen = self.frozen;
    }

    /// What it learned as bytes: the weights, Adam's moments, the betas' running products
    /// (f32 little-endian) and whether frozen; `restore` reads them back.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 * self.params.len() + 9);
        let floats = self.params.iter().chain(&self.adam.m).chain(&self.adam.v);
        let products = [self.adam.beta1_t, self.adam.beta2_t];
        for x in floats.chain(&products) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.push(self.frozen as u8);
        out
    }

    /// `bytes` (from `to_bytes`) on a model of `like`'s settings (whose optimiser's settings
    /// they take); `None` when they do not fit it.
    pub fn restore(like: &Trained, bytes: &[u8]) -> Option<Trained> {
        let n = like.params.len();
        if bytes.len() != 4 * (3 * n + 2) + 1 || bytes[bytes.len() - 1] > 1 {
            return None;
        }
        let floats: Vec<f32> = bytes[..bytes.len() - 1]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect();
        let mut trained = like.clone();
        trained.params = floats[..n].to_vec();
        trained.adam.m = floats[n..2 * n].to_vec();
        trained.adam.v = floats[2 * n..3 * n].to_vec();
        (trained.adam.beta1_t, trained.adam.beta2_t) = (floats[3 * n], floats[3 * n + 1]);
        trained.frozen = bytes[bytes.len() - 1] == 1;
        Some(trained)
    }

    /// `like` (a model's fresh optimiser) with these weights, in the layout's order: what a
    /// decoder builds from stored weights. `None` when their count is not the layout's.
    pub fn with_params(like: &Trained, params: Vec<f32>) -> Option<Trained> {
        (params.len() == like.params.len()).then(|| Trained {
            params,
            ..like.clone()
        })
    }

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
