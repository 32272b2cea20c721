//! The learned mixer: geometric mixing, P(s) ∝ exp(Σᵢ wᵢ · ln Pᵢ(s)), the logistic mixing of
//! paq and cmix carried over to M symbols. It needs no binary decomposition (one evaluation
//! per step at any M, O(experts × M)), a confident expert can override the others (a linear
//! mixture never gives more than its best expert's weight), and an expert that knows nothing
//! (a flat distribution) changes nothing whatever its weight. The weights are trained online
//! on the coded loss −ln P(symbol): ∂/∂wᵢ = −(ln Pᵢ(y) − Σₛ P(s) ln Pᵢ(s)); one set of weights
//! per selector value (the match model's longest match), shared by all streams and updated
//! in stream order.

use neural::math::softmax;

/// Step size of the weights' gradient descent.
const LEARNING_RATE: f32 = 0.005;
/// Weights stay within ±this, so a run of surprises cannot blow them up.
const MAX_WEIGHT: f32 = 16.0;

pub struct Mixer {
    alphabet: usize,
    inputs: usize,
    /// `inputs` weights per selector value.
    weights: Vec<f32>,
    /// Scratch: the weighted sums per symbol.
    sums: Vec<f32>,
}

impl Mixer {
    /// A mixer of `inputs` distributions with `selectors` weight sets, each starting at
    /// `initial` (one weight per input).
    pub fn new(alphabet: usize, selectors: usize, initial: &[f32]) -> Self {
        Mixer {
            alphabet,
            inputs: initial.len(),
            weights: initial.repeat(selectors),
            sums: vec![0.0; alphabet],
        }
    }

    /// The mixed distribution of `ln_probs` (the inputs' ln-probabilities, M after M) under
    /// weight set `selector`, into `out` (M).
    pub fn mix(&mut self, ln_probs: &[f32], selector: usize, out: &mut [f32]) {
        let m = self.alphabet;
        let w = &self.weights[selector * self.inputs..][..self.inputs];
        self.sums.iter_mut().for_each(|z| *z = 0.0);
        for (&wi, input) in w.iter().zip(ln_probs.chunks_exact(m)) {
            for (z, &l) in self.sums.iter_mut().zip(input) {
                *z += wi * l;
            }
        }
        softmax(&self.sums, out);
    }

    /// Trains weight set `selector` on `symbol`, given the inputs and the mixed distribution
    /// `mixed` that `mix` gave for them.
    pub fn learn(&mut self, ln_probs: &[f32], selector: usize, mixed: &[f32], symbol: u8) {
        let m = self.alphabet;
        let w = &mut self.weights[selector * self.inputs..][..self.inputs];
        for (weights, group) in w.chunks_mut(4).zip(ln_probs.chunks(4 * m)) {
            let mut expected = [0.0f32; 4];
            if weights.len() == 4 {
                expectations::<4>(group, mixed, &mut expected);
            } else {
                for (e, input) in expected.iter_mut().zip(group.chunks_exact(m)) {
                    expectations::<1>(input, mixed, std::slice::from_mut(e));
                }
            }
            for ((wi, input), e) in weights.iter_mut().zip(group.chunks_exact(m)).zip(expected) {
                let gradient = input[symbol as usize] - e;
                *wi = (*wi + LEARNING_RATE * gradient).clamp(-MAX_WEIGHT, MAX_WEIGHT);
            }
        }
    }
}

/// Σₛ P(s) ln Pᵢ(s) for the K inputs of `group` (K after K, `mixed.len()` each) into
/// `expected`: each sum in symbol order, as one input's alone would be, the K of them side by
/// side so that they do not wait on one another.
#[inline(always)]
fn expectations<const K: usize>(group: &[f32], mixed: &[f32], expected: &mut [f32]) {
    let m = mixed.len();
    let mut sums = [0.0f32; K];
    for (s, &p) in mixed.iter().enumerate() {
        for (k, sum) in sums.iter_mut().enumerate() {
            *sum += group[k * m + s] * p;
        }
    }
    expected[..K].copy_from_slice(&sums);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expert_that_is_right_gains_weight_and_a_flat_one_changes_nothing() {
        // Input 0 always gives the coming symbol 0.9, input 1 the wrong one 0.9, input 2 is flat.
        let ln = |p: f32| p.ln();
        let right = [ln(0.9), ln(0.1)];
        let wrong = [ln(0.1), ln(0.9)];
        let flat = [ln(0.5), ln(0.5)];
        let inputs = [right, wrong, flat].concat();
        let mut mixer = Mixer::new(2, 1, &[0.3, 0.3, 0.3]);
        let mut out = [0.0; 2];
        mixer.mix(&inputs, 0, &mut out);
        assert!((out[0] - 0.5).abs() < 1e-6, "equal weights cancel: {out:?}");
        for _ in 0..2000 {
            mixer.mix(&inputs, 0, &mut out);
            mixer.learn(&inputs, 0, &out, 0);
        }
        mixer.mix(&inputs, 0, &mut out);
        assert!(out[0] > 0.98, "{out:?}");
        assert!(
            mixer.weights[0] > 1.0 && mixer.weights[1] < 0.0,
            "{:?}",
            mixer.weights
        );
        // The flat input's gradient is ln 0.5 − Σ P ln 0.5 = 0 at every step.
        assert_eq!(mixer.weights[2], 0.3);
    }
}
