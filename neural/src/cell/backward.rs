//! The backward step of the cells: the gradient w.r.t. each stream's pre-activations from the
//! gradient w.r.t. its outputs, then the weight gradients and the gradient carried to the
//! previous step, for B streams at once with the same fixed order of additions as the
//! forward step.

use super::{CellGrads, CellKind, CellWeights, Scratch, StateGrads, StepState};
use crate::gru_reset_before;
use crate::isa::dispatch;
use crate::kernels::{accumulate_outer, accumulate_rows, axpy};

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

/// One backward step of the first `live` streams. `dh` and `dc` (hidden per stream) hold the
/// gradient w.r.t. this step's outputs and are replaced by the gradient w.r.t. its inputs
/// `h_prev`, `c_prev`. `da` is scratch of gates·hidden per stream. Runs at the widest
/// instruction set (`isa`).
pub fn backward(
    kind: CellKind,
    w: &CellWeights,
    g: &mut CellGrads,
    live: usize,
    rec: &StepState,
    carry: StateGrads,
    scratch: &mut Scratch,
) {
    dispatch!(backward_streams(kind, w, g, live, rec, carry, scratch))
}

/// `backward` with register tiles of TILE columns, compiled into each copy `dispatch!` makes.
#[inline(always)]
fn backward_streams<const TILE: usize>(
    kind: CellKind,
    w: &CellWeights,
    g: &mut CellGrads,
    live: usize,
    rec: &StepState,
    carry: StateGrads,
    scratch: &mut Scratch,
) {
    let StateGrads {
        dh,
        dc,
        da,
        d_dense,
    } = carry;
    let input = rec.input;
    let gh = w.b.len();
    let hn = gh / kind.gates();
    let window = input.window;
    if kind == CellKind::GruResetBefore {
        // Its pre-activation gradients need a product through Wh first; its recurrent part
        // is done there too.
        gru_reset_before::recurrent_backward::<TILE>(w, g, live, rec, dh, da, scratch);
    }
    for b in 0..live {
        let hs = b * hn..(b + 1) * hn;
        let dab = &mut da[b * gh..(b + 1) * gh];
        if kind != CellKind::GruResetBefore {
            gate_gradients(kind, b, rec, &mut dh[hs.clone()], &mut dc[hs], dab);
        }
        // Input and bias gradients see da as is.
        axpy(g.b, 1.0, dab);
        for &i in &input.active[b * window..(b + 1) * window] {
            axpy(&mut g.wx[i as usize * gh..(i as usize + 1) * gh], 1.0, dab);
        }
    }
    if !w.wd.is_empty() {
        let d = w.wd.len() / gh;
        accumulate_outer::<TILE>(g.wd, input.dense, &da[..live * gh], gh, live);
        if let Some(d_dense) = d_dense {
            accumulate_rows::<TILE>(&mut d_dense[..live * d], da, w.wd_t, d, live);
        }
    }
    if kind == CellKind::Gru {
        for b in 0..live {
            let r = &rec.gates[b * gh..b * gh + hn];
            let dab = &mut da[b * gh..(b + 1) * gh];
            for k in 0..hn {
                dab[2 * hn + k] *= r[k];
            }
        }
    }
    if kind == CellKind::GruResetBefore {
        return;
    }
    // dWh += h_prev ⊗ da; dh_prev += Wh·da as rows of the transpose: both element-wise
    // accumulations that vectorise without reordering any sum.
    accumulate_outer::<TILE>(g.wh, input.h_prev, &da[..live * gh], gh, live);
    accumulate_rows::<TILE>(dh, da, w.wh_t, hn, live);
}
