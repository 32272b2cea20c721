//! Adam with global-norm gradient clipping, over the flat parameter vector, in index order.

#[derive(Clone)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    /// Largest global gradient norm; larger gradients are scaled down to it (0 = off).
    pub clip: f32,
    m: Vec<f32>,
    v: Vec<f32>,
    /// beta1^t and beta2^t, kept as running products (no powf).
    beta1_t: f32,
    beta2_t: f32,
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
        }
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
        let (b1, b2) = (self.beta1, self.beta2);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            let g = g * scale;
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= step * *m / (v.sqrt() + self.eps);
        }
    }
}
