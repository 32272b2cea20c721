//! Adam with global-norm gradient clipping, over the flat parameter vector, in index order.

use crate::shared::isa::dispatch;

#[derive(Clone)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    /// Largest global gradient norm; larger gradients are scaled down to it (0 = off).
    pub clip: f32,
    pub(crate) m: Vec<f32>,
    pub(crate) v: Vec<f32>,
    /// beta1^t and beta2^t, kept as running products (no powf).
    pub(crate) beta1_t: f32,
    pub(crate) beta2_t: f32,
    /// Per-parameter multiples of lr (empty: 1 for every parameter).
    rates: Vec<f32>,
}

impl Adam {
    pub fn new(n: usize, lr: f32, beta1: f32, beta2: f32, clip: f32) -> Self {
        Adam {
            lr,
            beta1,
            beta2,
            eps: 1e-8,
            clip,
            m: vec![0.0; n],
            v: vec![0.0; n],
            beta1_t: 1.0,
            beta2_t: 1.0,
            rates: Vec::new(),
        }
    }

    /// Gives each parameter its own multiple of lr (one value per parameter). A multiple of
    /// 1 steps exactly as without it.
    pub fn with_rates(mut self, rates: Vec<f32>) -> Self {
        assert_eq!(rates.len(), self.m.len());
        self.rates = rates;
        self
    }

    /// The moments and the running products of the betas, in a fixed order.
    pub fn state(&self) -> impl Iterator<Item = f32> + '_ {
        let products = [self.beta1_t, self.beta2_t];
        self.m.iter().chain(&self.v).copied().chain(products)
    }

    pub fn step(&mut self, params: &mut [f32], grads: &[f32]) {
        let norm = grads.iter().fold(0.0f32, |s, &g| s + g * g).sqrt();
        let scale = if self.clip > 0.0 && norm > self.clip {
            self.clip / norm
        } else {
            1.0
        };
        self.beta1_t *= self.beta1;
        self.beta2_t *= self.beta2;
        let step = self.lr * (1.0 - self.beta2_t).sqrt() / (1.0 - self.beta1_t);
        let (m, v) = (&mut self.m[..], &mut self.v[..]);
        let moments = (self.beta1, self.beta2, self.eps);
        if self.rates.is_empty() {
            let rates = std::iter::repeat(1.0);
            dispatch!(descend(params, grads, m, v, rates, scale, step, moments));
        } else {
            let rates = self.rates.iter().copied();
            dispatch!(descend(params, grads, m, v, rates, scale, step, moments));
        }
    }
}

/// One Adam update of every parameter in index order: the clipped gradient `g · scale` enters
/// the moments, and the parameter moves by `rate · step` times the normalised first moment.
/// Element-wise, so any register width gives the same bits (`isa`); TILE is unused.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn descend<const TILE: usize>(
    params: &mut [f32],
    grads: &[f32],
    m: &mut [f32],
    v: &mut [f32],
    rates: impl Iterator<Item = f32>,
    scale: f32,
    step: f32,
    (b1, b2, eps): (f32, f32, f32),
) {
    for ((((p, &g), m), v), r) in params.iter_mut().zip(grads).zip(m).zip(v).zip(rates) {
        let g = g * scale;
        *m = b1 * *m + (1.0 - b1) * g;
        *v = b2 * *v + (1.0 - b2) * g * g;
        *p -= r * step * *m / (v.sqrt() + eps);
    }
}
