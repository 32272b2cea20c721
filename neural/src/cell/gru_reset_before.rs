//! The GRU with its reset gate before the candidate's recurrent product, as TensorFlow's
//! GRUCell (and so the DeepZip report's code) computes it:
//!
//!   r = σ(Wx_r·x + Wh_r·h + b_r),  z = σ(Wx_z·x + Wh_z·h + b_z)
//!   n = tanh(Wx_n·x + Wh_n·(r ⊙ h) + b_n),  h' = (1 − z)·n + z·h
//!
//! Its recurrent weights are two matrices, input-major like the others: hidden × 2·hidden
//! for r and z, then hidden × hidden for n, because the candidate's product needs r first.
//! The input part (one-hot rows, dense inputs, bias) is the same as the other cells' and is
//! done by `cell`. Every sum runs in the kernels' fixed order.

use super::buffers::{blocks, blocks_mut, CellWeights, Scratch, StepOutputs, StepState};
use crate::shared::kernels::accumulate_rows;
use crate::shared::math::{sigmoid, tanh};

/// The forward step of the first `live` streams, after `cell` has put each stream's input
/// pre-activations (bias included) in `s.ax`. `out.aux` receives r ⊙ h_prev.
#[inline(always)]
pub fn forward<const TILE: usize>(
    w: &CellWeights,
    live: usize,
    h_prev: &[f32],
    s: &mut Scratch,
    out: StepOutputs,
) {
    let gh = w.b.len();
    let hn = gh / 3;
    let (rz, split) = (2 * hn, 2 * hn * hn);
    let (ah_rz, ah_n) = s.ah.split_at_mut(live * rz);
    let ah_n = &mut ah_n[..live * hn];
    ah_rz.iter_mut().for_each(|v| *v = 0.0);
    accumulate_rows::<TILE>(ah_rz, h_prev, &w.wh[..split], rz, live);
    for b in 0..live {
        let hs = b * hn..(b + 1) * hn;
        let [xr, xz, _] = blocks(&s.ax[b * gh..(b + 1) * gh], hn);
        let [hr, hz] = blocks(&ah_rz[b * rz..(b + 1) * rz], hn);
        let [gr, gz, _] = blocks_mut(&mut out.gates[b * gh..(b + 1) * gh], hn);
        reset_update(
            [xr, xz],
            [hr, hz],
            [gr, gz],
            &mut out.aux[hs.clone()],
            &h_prev[hs],
        );
    }
    ah_n.iter_mut().for_each(|v| *v = 0.0);
    accumulate_rows::<TILE>(ah_n, &out.aux[..live * hn], &w.wh[split..], hn, live);
    for b in 0..live {
        let hs = b * hn..(b + 1) * hn;
        let [_, _, xn] = blocks(&s.ax[b * gh..(b + 1) * gh], hn);
        let [_, gz, gn] = blocks_mut(&mut out.gates[b * gh..(b + 1) * gh], hn);
        candidate(
            xn,
            &ah_n[hs.clone()],
            gz,
            gn,
            &mut out.h[hs.clone()],
            &h_prev[hs],
        );
    }
}

#[inline(always)]
fn reset_update(
    [xr, xz]: [&[f32]; 2],
    [hr, hz]: [&[f32]; 2],
    [gr, gz]: [&mut [f32]; 2],
    rh: &mut [f32],
    h_prev: &[f32],
) {
    let hn = rh.len();
    let (xr, xz, hr, hz, h_prev) = (&xr[..hn], &xz[..hn], &hr[..hn], &hz[..hn], &h_prev[..hn]);
    let (gr, gz) = (&mut gr[..hn], &mut gz[..hn]);
    for k in 0..hn {
        gr[k] = sigmoid(xr[k] + hr[k]);
        gz[k] = sigmoid(xz[k] + hz[k]);
        rh[k] = gr[k] * h_prev[k];
    }
}

#[inline(always)]
fn candidate(xn: &[f32], an: &[f32], gz: &[f32], gn: &mut [f32], h: &mut [f32], h_prev: &[f32]) {
    let hn = h.len();
    let (xn, an, gz, gn, h_prev) = (
        &xn[..hn],
        &an[..hn],
        &gz[..hn],
        &mut gn[..hn],
        &h_prev[..hn],
    );
    for k in 0..hn {
        let n = tanh(xn[k] + an[k]);
        gn[k] = n;
        h[k] = (1.0 - gz[k]) * n + gz[k] * h_prev[k];
    }
}

/// The recurrent half of the backward step of the first `live` streams: from the gradient
/// w.r.t. h in `dh`, the pre-activation gradients into `da` ([r, z, n] per stream, what the
/// input weights and bias see) and into `da_h` (the [r, z] blocks of every stream, then the
/// n blocks: what Wh_rz and Wh_n see), and `dh` replaced by the gradient w.r.t. h_prev.
/// `s` (the forward scratch, free by now) holds d(r ⊙ h_prev).
#[inline(always)]
pub fn recurrent_backward<const TILE: usize>(
    w: &CellWeights,
    live: usize,
    rec: &StepState,
    dh: &mut [f32],
    da: &mut [f32],
    da_h: &mut [f32],
    s: &mut Scratch,
) {
    let gh = w.b.len();
    let hn = gh / 3;
    let (rz, split) = (2 * hn, 2 * hn * hn);
    let h_prev = rec.input.h_prev;
    let (da_rz, dan) = da_h.split_at_mut(da_h.len() / 3 * 2);
    let (da_rz, dan) = (&mut da_rz[..live * rz], &mut dan[..live * hn]);
    let d_rh = &mut s.ax[..live * hn];
    for b in 0..live {
        let hs = b * hn..(b + 1) * hn;
        let [_, gz, gn] = blocks(&rec.gates[b * gh..(b + 1) * gh], hn);
        let (dh, h_prev, dan) = (&mut dh[hs.clone()], &h_prev[hs.clone()], &mut dan[hs]);
        let dz = &mut da_rz[b * rz + hn..(b + 1) * rz];
        for k in 0..hn {
            let (z, n) = (gz[k], gn[k]);
            let dn = dh[k] * (1.0 - z);
            dan[k] = dn * (1.0 - n * n);
            dz[k] = dh[k] * (h_prev[k] - n) * z * (1.0 - z);
            dh[k] *= z;
        }
    }
    // d(r ⊙ h_prev) = Wh_n·da_n, through the transpose of Wh_n.
    d_rh.iter_mut().for_each(|v| *v = 0.0);
    accumulate_rows::<TILE>(d_rh, dan, &w.wh_t[split..], hn, live);
    for b in 0..live {
        let hs = b * hn..(b + 1) * hn;
        let [gr, _, _] = blocks(&rec.gates[b * gh..(b + 1) * gh], hn);
        let (dh, h_prev, d_rh) = (&mut dh[hs.clone()], &h_prev[hs.clone()], &d_rh[hs.clone()]);
        let dr = &mut da_rz[b * rz..b * rz + hn];
        for k in 0..hn {
            let r = gr[k];
            dr[k] = d_rh[k] * h_prev[k] * r * (1.0 - r);
            dh[k] += d_rh[k] * r;
        }
        let dab = &mut da[b * gh..(b + 1) * gh];
        dab[..rz].copy_from_slice(&da_rz[b * rz..(b + 1) * rz]);
        dab[rz..].copy_from_slice(&dan[hs]);
    }
    accumulate_rows::<TILE>(dh, da_rz, &w.wh_t[..split], hn, live);
}
