//! The vanilla tanh RNN cell, one stream's gate loop forward and backward:
//!
//!   h' = tanh(Wx·x + Wh·h + b)
//!
//! The products with the weights are done by `cell` for every cell alike.

use crate::shared::math::tanh;

/// h = tanh(ax + ah), `hn` values; `gates` keeps h for the backward step.
#[inline(always)]
pub fn forward(ax: &[f32], ah: &[f32], gates: &mut [f32], h: &mut [f32]) {
    let hn = h.len();
    let (ax, ah, gates) = (&ax[..hn], &ah[..hn], &mut gates[..hn]);
    for k in 0..hn {
        gates[k] = tanh(ax[k] + ah[k]);
        h[k] = gates[k];
    }
}

/// The pre-activation gradient `da` from the gradient `dh` w.r.t. h; nothing reaches h_prev
/// but through Wh, so `dh` is cleared.
#[inline(always)]
pub fn backward(h: &[f32], dh: &mut [f32], da: &mut [f32]) {
    let hn = dh.len();
    for k in 0..hn {
        da[k] = dh[k] * (1.0 - h[k] * h[k]);
        dh[k] = 0.0;
    }
}
