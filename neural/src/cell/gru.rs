//! The GRU cell with its reset gate after the candidate's recurrent product (cuDNN's and
//! PyTorch's form; `gru_reset_before` has TensorFlow's), one stream's gate loop forward and
//! backward:
//!
//!   r = σ(Wx_r·x + Wh_r·h + b_r),  z = σ(Wx_z·x + Wh_z·h + b_z)
//!   n = tanh(Wx_n·x + b_n + r ⊙ (Wh_n·h)),  h' = (1 − z)·n + z·h
//!
//! The products with the weights are done by `cell` for every cell alike.

use crate::shared::math::{sigmoid, tanh};

use super::buffers::blocks_mut;

/// The gates from the input and recurrent pre-activations of one stream; `aux` keeps Wh_n·h
/// (what r multiplies) for the backward step.
#[inline(always)]
pub fn forward(
    [xr, xz, xn]: [&[f32]; 3],
    [hr, hz, hc]: [&[f32]; 3],
    gates: &mut [f32],
    aux: &mut [f32],
    h: &mut [f32],
    h_prev: &[f32],
) {
    let hn = h.len();
    let [gr, gz, gn] = blocks_mut(gates, hn);
    let (aux, h_prev) = (&mut aux[..hn], &h_prev[..hn]);
    for k in 0..hn {
        let r = sigmoid(xr[k] + hr[k]);
        let z = sigmoid(xz[k] + hz[k]);
        let n = tanh(xn[k] + r * hc[k]);
        gr[k] = r;
        gz[k] = z;
        gn[k] = n;
        aux[k] = hc[k];
        h[k] = (1.0 - z) * n + z * h_prev[k];
    }
}

/// The pre-activation gradients [r, z, n] into `da` from the gradient `dh` w.r.t. h; `dh`
/// keeps the part that reaches h_prev directly (z ⊙ dh). The candidate block holds the input
/// part; the recurrent part is that times r.
#[inline(always)]
pub fn backward(gates: &[f32], aux: &[f32], h_prev: &[f32], dh: &mut [f32], da: &mut [f32]) {
    let hn = dh.len();
    for k in 0..hn {
        let (r, z, n) = (gates[k], gates[hn + k], gates[2 * hn + k]);
        let dn = dh[k] * (1.0 - z);
        let dz = dh[k] * (h_prev[k] - n);
        let dan = dn * (1.0 - n * n);
        let dr = dan * aux[k];
        da[k] = dr * r * (1.0 - r);
        da[hn + k] = dz * z * (1.0 - z);
        da[2 * hn + k] = dan;
        dh[k] *= z;
    }
}
