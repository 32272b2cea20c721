//! What a cell step reads and writes: borrowed views of its weights inside the flat parameter
//! vector, of one step's inputs and outputs for B streams (`[stream][value]`), the gradients
//! carried between steps, a reusable scratch, and the gate blocks of a row.

use super::kind::CellKind;

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
