//! The recurrent cells: vanilla tanh RNN, GRU and LSTM, one forward step and its backward
//! step each, for B parallel streams at once. Weights are stored input-major (row i holds what
//! input i adds to every gate), so the forward pass is a sequence of row accumulations and the
//! backward pass an outer-product accumulation plus row accumulations through the transposed
//! recurrent weights; each weight tile is used by several streams while in registers.
//! Buffers hold the streams one after another: `[stream][value]`. A cell's input is one-hot
//! rows (the symbols of the char models and Feat), dense values (embeddings, context-count
//! features, the layer below), or both.

use crate::gru_reset_before;
use crate::isa::dispatch;
use crate::kernels::{accumulate_rows, axpy};

mod backward;
use crate::math::{sigmoid, tanh};
pub use backward::backward;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Rnn,
    /// GRU with the reset gate after the recurrent product (`gru_reset_before` has the
    /// other form).
    Gru,
    GruResetBefore,
    Lstm,
}

impl CellKind {
    /// Gate blocks of `hidden` values each.
    pub fn gates(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Gru | CellKind::GruResetBefore => 3,
            CellKind::Lstm => 4,
        }
    }
}

/// Borrowed views of a cell's weights inside the flat parameter vector.
pub struct CellWeights<'a> {
    /// One-hot inputs × (gates·hidden): row i is what input i adds when it is 1.
    pub wx: &'a [f32],
    /// Dense inputs × (gates·hidden): row i is what dense input i adds per unit.
    pub wd: &'a [f32],
    /// The transpose of `wd`, (gates·hidden) × dense inputs, for the gradient w.r.t. the
    /// dense inputs.
    pub wd_t: &'a [f32],
    /// hidden × (gates·hidden); for `GruResetBefore` hidden × (2·hidden) for the reset and
    /// update gates, then hidden × hidden for the candidate (it multiplies r ⊙ h).
    pub wh: &'a [f32],
    /// The transpose of `wh` (of each of its two parts for `GruResetBefore`), for the
    /// backward pass.
    pub wh_t: &'a [f32],
    /// gates·hidden
    pub b: &'a [f32],
}

/// What one step of every stream reads: its inputs and the state entering it.
#[derive(Clone, Copy)]
pub struct StepInput<'a> {
    /// Input rows that are 1 (one-hot inputs), `window` per stream.
    pub active: &'a [u32],
    pub window: usize,
    /// Dense inputs, wd.len() / (gates·hidden) per stream.
    pub dense: &'a [f32],
    pub h_prev: &'a [f32],
    pub c_prev: &'a [f32],
}

/// One step of every stream: what the forward pass writes and the backward pass reads.
pub struct StepState<'a> {
    pub input: StepInput<'a>,
    /// Post-activation gate values, gates·hidden per stream.
    pub gates: &'a [f32],
    /// GRU: Wh_n·h_prev (the part r multiplies); reset-before GRU: r ⊙ h_prev; LSTM:
    /// tanh(c). hidden per stream.
    pub aux: &'a [f32],
    pub h: &'a [f32],
}

/// Outputs of one forward step, per stream.
pub struct StepOutputs<'a> {
    pub gates: &'a mut [f32],
    pub aux: &'a mut [f32],
    pub h: &'a mut [f32],
    pub c: &'a mut [f32],
}

/// Gradients w.r.t. the recurrent state, carried from step to step (hidden per stream); `da`
/// receives the pre-activation gradients the input weights and bias see (gates·hidden per
/// stream) and `da_h` what the recurrent weights see: for the GRU, `da` with its candidate
/// block times r (gates·hidden per stream); for the reset-before GRU, the [r, z] blocks of
/// every stream (2·hidden each) then the n blocks (hidden each), over the whole length of
/// `da_h`; nothing for the RNN and LSTM, whose Wh sees `da`. `d_dense`, when given, receives
/// the gradient w.r.t. the dense inputs (added to what it holds).
pub struct StateGrads<'a> {
    pub dh: &'a mut [f32],
    pub dc: &'a mut [f32],
    pub da: &'a mut [f32],
    pub da_h: &'a mut [f32],
    pub d_dense: Option<&'a mut [f32]>,
}

/// Scratch of gates·hidden per stream, reused every step (and by the backward step of the
/// reset-before GRU, after its forward step is done).
pub struct Scratch {
    pub ax: Vec<f32>,
    pub ah: Vec<f32>,
}

impl Scratch {
    pub fn new(kind: CellKind, hidden: usize, streams: usize) -> Self {
        let n = kind.gates() * hidden * streams;
        Scratch {
            ax: vec![0.0; n],
            ah: vec![0.0; n],
        }
    }
}

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
            CellKind::Rnn => rnn_gates(&ax[..hn], &ah[..hn], &mut gates[..hn], h),
            CellKind::Gru => gru_gates(blocks(ax, hn), blocks(ah, hn), gates, aux, h, h_prev),
            CellKind::Lstm => lstm_gates(blocks(ax, hn), blocks(ah, hn), gates, aux, h, c, c_prev),
            CellKind::GruResetBefore => unreachable!("returned above"),
        }
    }
}

// The gate loops of one stream, `hn` values per slice. As functions of separate slices they
// tell the compiler that outputs and inputs do not overlap (without that it vectorises them
// behind run-time overlap checks, which fail over to scalar code); exp included, they
// vectorise.

#[inline(always)]
fn rnn_gates(ax: &[f32], ah: &[f32], gates: &mut [f32], h: &mut [f32]) {
    let hn = h.len();
    let (ax, ah, gates) = (&ax[..hn], &ah[..hn], &mut gates[..hn]);
    for k in 0..hn {
        gates[k] = tanh(ax[k] + ah[k]);
        h[k] = gates[k];
    }
}

#[inline(always)]
fn gru_gates(
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

#[inline(always)]
fn lstm_gates(
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

/// The G gate blocks of `hn` values each at the start of `v`.
#[inline(always)]
pub(crate) fn blocks<const G: usize>(v: &[f32], hn: usize) -> [&[f32]; G] {
    std::array::from_fn(|i| &v[i * hn..(i + 1) * hn])
}

/// `blocks`, mutable.
#[inline(always)]
pub(crate) fn blocks_mut<const G: usize>(v: &mut [f32], hn: usize) -> [&mut [f32]; G] {
    let mut rest = v;
    std::array::from_fn(|_| {
        let (block, tail) = std::mem::take(&mut rest).split_at_mut(hn);
        rest = tail;
        block
    })
}
