//! The LSTM cell, one stream's gate loop forward and backward:
//!
//!   i = σ(·), f = σ(·), g = tanh(·), o = σ(·)   (each Wx·x + Wh·h + b)
//!   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
//!
//! The products with the weights are done by `cell` for every cell alike.

use crate::shared::math::{sigmoid, tanh};

use super::buffers::blocks_mut;

/// The gates, cell state and output of one stream; `aux` keeps tanh(c') for the backward
/// step.
#[inline(always)]
pub fn forward(
    [xi, xf, xg, xo]: [&[f32]; 4],
    [hi, hf, hg, ho]: [&[f32]; 4],
    gates: &mut [f32],
    aux: &mut [f32],
    h: &mut [f32],
    c: &mut [f32],
    c_prev: &[f32],
) {
    let hn = h.len();
    let [gi, gf, gg, go] = blocks_mut(gates, hn);
    let (aux, c, c_prev) = (&mut aux[..hn], &mut c[..hn], &c_prev[..hn]);
    for k in 0..hn {
        let i = sigmoid(xi[k] + hi[k]);
        let f = sigmoid(xf[k] + hf[k]);
        let g = tanh(xg[k] + hg[k]);
        let o = sigmoid(xo[k] + ho[k]);
        gi[k] = i;
        gf[k] = f;
        gg[k] = g;
        go[k] = o;
        c[k] = f * c_prev[k] + i * g;
        aux[k] = tanh(c[k]);
        h[k] = o * aux[k];
    }
}

/// The pre-activation gradients [i, f, g, o] into `da` from the gradients `dh`, `dc` w.r.t.
/// h and c; `dc` becomes the gradient w.r.t. c_prev, and `dh` is cleared (h_prev is reached
/// through Wh only).
#[inline(always)]
pub fn backward(
    gates: &[f32],
    aux: &[f32],
    c_prev: &[f32],
    dh: &mut [f32],
    dc: &mut [f32],
    da: &mut [f32],
) {
    let hn = dh.len();
    for k in 0..hn {
        let (i, f, gg, o) = (
            gates[k],
            gates[hn + k],
            gates[2 * hn + k],
            gates[3 * hn + k],
        );
        let tc = aux[k];
        let dct = dc[k] + dh[k] * o * (1.0 - tc * tc);
        da[k] = dct * gg * i * (1.0 - i);
        da[hn + k] = dct * c_prev[k] * f * (1.0 - f);
        da[2 * hn + k] = dct * i * (1.0 - gg * gg);
        da[3 * hn + k] = dh[k] * tc * o * (1.0 - o);
        dc[k] = dct * f;
        dh[k] = 0.0;
    }
}
