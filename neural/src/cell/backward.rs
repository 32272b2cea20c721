//! The backward step of the cells: the gradient w.r.t. each stream's pre-activations from the
//! gradient w.r.t. its outputs, and the gradient carried to the previous step, for B streams
//! at once with the same fixed order of additions as the forward step. Nothing here sums
//! across streams, so any split of the streams gives the same bits; the weight gradients
//! (which do sum across streams) are the model's, from the `da` this step writes.

use super::{CellKind, CellWeights, Scratch, StateGrads, StepState};
use crate::gru_reset_before;
use crate::isa::dispatch;
use crate::kernels::accumulate_rows;

/// Gradient w.r.t. one stream's pre-activations into `da`, from the gradient w.r.t. its
/// outputs; `dh` keeps only the part that reaches h_prev directly (GRU) and `dc` becomes the
/// gradient w.r.t. c_prev (LSTM). For the GRU's candidate gate `da` holds the input part; the
/// recurrent part is that times r.
#[inline(always)]
fn gate_gradients(
    kind: CellKind,
    b: usize,
    rec: &StepState,
    dh: &mut [f32],
    dc: &mut [f32],
    da: &mut [f32],
) {
    let hn = dh.len();
    let gh = da.len();
    let gates = &rec.gates[b * gh..(b + 1) * gh];
    let hs = b * hn..(b + 1) * hn;
    let (h, h_prev, c_prev, aux) = (
        &rec.h[hs.clone()],
        &rec.input.h_prev[hs.clone()],
        &rec.input.c_prev[hs.clone()],
        &rec.aux[hs],
    );
    match kind {
        CellKind::Rnn => {
            for k in 0..hn {
                da[k] = dh[k] * (1.0 - h[k] * h[k]);
                dh[k] = 0.0;
            }
        }
        CellKind::Gru => {
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
        CellKind::GruResetBefore => unreachable!("gru_reset_before::backward"),
        CellKind::Lstm => {
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
    }
}

/// One backward step of the first `live` streams, their own part only: the weight gradients
/// (sums across streams) are left to the caller, from what this writes. `dh` and `dc` (hidden
/// per stream) hold the gradient w.r.t. this step's outputs and are replaced by the gradient
/// w.r.t. its inputs `h_prev`, `c_prev`. `da` receives the pre-activation gradients the input
/// weights and bias see (gates·hidden per stream), `da_h` what the recurrent weights see (see
/// `StateGrads`). Runs at the widest instruction set (`isa`).
pub fn backward(
    kind: CellKind,
    w: &CellWeights,
    live: usize,
    rec: &StepState,
    carry: StateGrads,
    scratch: &mut Scratch,
) {
    dispatch!(backward_streams(kind, w, live, rec, carry, scratch))
}

/// `backward` with register tiles of TILE columns, compiled into each copy `dispatch!` makes.
#[inline(always)]
fn backward_streams<const TILE: usize>(
    kind: CellKind,
    w: &CellWeights,
    live: usize,
    rec: &StepState,
    carry: StateGrads,
    scratch: &mut Scratch,
) {
    let StateGrads {
        dh,
        dc,
        da,
        da_h,
        d_dense,
    } = carry;
    let gh = w.b.len();
    let hn = gh / kind.gates();
    if kind == CellKind::GruResetBefore {
        // Its pre-activation gradients need a product through Wh first; its recurrent part
        // is done there too.
        gru_reset_before::recurrent_backward::<TILE>(w, live, rec, dh, da, da_h, scratch);
    } else {
        for b in 0..live {
            let hs = b * hn..(b + 1) * hn;
            let dab = &mut da[b * gh..(b + 1) * gh];
            gate_gradients(kind, b, rec, &mut dh[hs.clone()], &mut dc[hs], dab);
        }
    }
    if let Some(d_dense) = d_dense {
        let d = w.wd.len() / gh;
        accumulate_rows::<TILE>(&mut d_dense[..live * d], da, w.wd_t, d, live);
    }
    // dh_prev += Wh·da as rows of the transpose: an element-wise accumulation that
    // vectorises without reordering any sum. The GRU's candidate block reaches Wh times r.
    match kind {
        CellKind::Rnn | CellKind::Lstm => accumulate_rows::<TILE>(dh, da, w.wh_t, hn, live),
        CellKind::Gru => {
            da_h[..live * gh].copy_from_slice(&da[..live * gh]);
            for b in 0..live {
                let r = &rec.gates[b * gh..b * gh + hn];
                let dab = &mut da_h[b * gh..(b + 1) * gh];
                for k in 0..hn {
                    dab[2 * hn + k] *= r[k];
                }
            }
            accumulate_rows::<TILE>(dh, da_h, w.wh_t, hn, live);
        }
        CellKind::GruResetBefore => {}
    }
}
