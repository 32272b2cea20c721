//! The recurrent cells, one forward step and its backward step each, for B parallel streams
//! at once: `rnn` (vanilla tanh RNN), `gru` (reset after the recurrent product),
//! `gru_reset_before` (TensorFlow's GRU, the DeepZip report's) and `lstm`, each file the
//! cell's gate loop forward and backward side by side. What every cell shares is done here:
//! the input part (one-hot rows, dense inputs, bias), the products with the recurrent weights
//! and their backward through the transposes.
//!
//! Weights are stored input-major (row i holds what input i adds to every gate), so the
//! forward pass is a sequence of row accumulations and the backward pass an outer-product
//! accumulation plus row accumulations through the transposed recurrent weights; each weight
//! tile is used by several streams while in registers. Buffers hold the streams one after
//! another: `[stream][value]`. A cell's input is one-hot rows (the symbols of the char models
//! and Feat), dense values (embeddings, context-count features, the layer below), or both.
//!
//! The backward step gives the gradient w.r.t. each stream's pre-activations and the gradient
//! carried to the previous step, with the same fixed order of additions as the forward step.
//! Nothing here sums across streams, so any split of the streams gives the same bits; the
//! weight gradients (which do sum across streams) are the model's, from the `da` the backward
//! step writes.

mod buffers;
mod gru;
mod gru_reset_before;
mod kind;
mod lstm;
mod rnn;

use crate::shared::isa::dispatch;
use crate::shared::kernels::{accumulate_rows, axpy};
use buffers::blocks;

pub use buffers::{CellWeights, Scratch, StateGrads, StepInput, StepOutputs, StepState};
pub use kind::CellKind;

/// One forward step of the first `live` streams, at the widest instruction set (`isa`).
pub fn forward(
    kind: CellKind,
    w: &CellWeights,
    live: usize,
    input: StepInput,
    s: &mut Scratch,
    out: StepOutputs,
) {
    dispatch!(forward_streams(kind, w, live, input, s, out))
}

/// `forward` with register tiles of TILE columns, compiled into each copy `dispatch!` makes.
#[inline(always)]
fn forward_streams<const TILE: usize>(
    kind: CellKind,
    w: &CellWeights,
    live: usize,
    input: StepInput,
    s: &mut Scratch,
    out: StepOutputs,
) {
    let StepInput {
        active,
        window,
        dense,
        h_prev,
        c_prev,
    } = input;
    let gh = w.b.len();
    let hn = gh / kind.gates();
    for b in 0..live {
        let ax = &mut s.ax[b * gh..(b + 1) * gh];
        ax.copy_from_slice(w.b);
        for &i in &active[b * window..(b + 1) * window] {
            axpy(ax, 1.0, &w.wx[i as usize * gh..(i as usize + 1) * gh]);
        }
    }
    if !w.wd.is_empty() {
        accumulate_rows::<TILE>(&mut s.ax, dense, w.wd, gh, live);
    }
    if kind == CellKind::GruResetBefore {
        gru_reset_before::forward::<TILE>(w, live, h_prev, s, out);
        return;
    }
    s.ah[..live * gh].iter_mut().for_each(|v| *v = 0.0);
    accumulate_rows::<TILE>(&mut s.ah, h_prev, w.wh, gh, live);
    for b in 0..live {
        let (ax, ah) = (&s.ax[b * gh..(b + 1) * gh], &s.ah[b * gh..(b + 1) * gh]);
        let hs = b * hn..(b + 1) * hn;
        let gates = &mut out.gates[b * gh..(b + 1) * gh];
        let (aux, h, c) = (
            &mut out.aux[hs.clone()],
            &mut out.h[hs.clone()],
            &mut out.c[hs.clone()],
        );
        let (h_prev, c_prev) = (&h_prev[hs.clone()], &c_prev[hs]);
        match kind {
            CellKind::Rnn => rnn::forward(&ax[..hn], &ah[..hn], &mut gates[..hn], h),
            CellKind::Gru => gru::forward(blocks(ax, hn), blocks(ah, hn), gates, aux, h, h_prev),
            CellKind::Lstm => {
                lstm::forward(blocks(ax, hn), blocks(ah, hn), gates, aux, h, c, c_prev)
            }
            CellKind::GruResetBefore => unreachable!("returned above"),
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
            let gates = &rec.gates[b * gh..(b + 1) * gh];
            let aux = &rec.aux[hs.clone()];
            let dab = &mut da[b * gh..(b + 1) * gh];
            let (dh, dc) = (&mut dh[hs.clone()], &mut dc[hs.clone()]);
            match kind {
                CellKind::Rnn => rnn::backward(&rec.h[hs], dh, dab),
                CellKind::Gru => gru::backward(gates, aux, &rec.input.h_prev[hs], dh, dab),
                CellKind::Lstm => lstm::backward(gates, aux, &rec.input.c_prev[hs], dh, dc, dab),
                CellKind::GruResetBefore => unreachable!("handled above"),
            }
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
