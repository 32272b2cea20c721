//! The recurrent cells: vanilla tanh RNN, GRU and LSTM, one forward step and its backward
//! step each. Weights are stored input-major (row i holds what input i adds to every gate),
//! so the forward pass is a sequence of `axpy`s and the backward pass of `dot`s.

use crate::kernels::{axpy, dot};
use crate::math::{sigmoid, tanh};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Rnn,
    Gru,
    Lstm,
}

impl CellKind {
    /// Gate blocks of `hidden` values each.
    pub fn gates(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Gru => 3,
            CellKind::Lstm => 4,
        }
    }
}

/// Borrowed views of a cell's weights inside the flat parameter vector.
pub struct CellWeights<'a> {
    /// inputs × (gates·hidden)
    pub wx: &'a [f32],
    /// hidden × (gates·hidden)
    pub wh: &'a [f32],
    /// gates·hidden
    pub b: &'a [f32],
}

pub struct CellGrads<'a> {
    pub wx: &'a mut [f32],
    pub wh: &'a mut [f32],
    pub b: &'a mut [f32],
}

/// What one step keeps for its backward pass.
pub struct StepRecord<'a> {
    pub h_prev: &'a [f32],
    pub c_prev: &'a [f32],
    /// Post-activation gate values, gates·hidden.
    pub gates: &'a [f32],
    /// GRU: Wh_n·h_prev (the part r multiplies); LSTM: tanh(c). hidden values.
    pub aux: &'a [f32],
    pub h: &'a [f32],
}

/// Scratch buffers of gates·hidden, reused every step.
pub struct Scratch {
    pub ax: Vec<f32>,
    pub ah: Vec<f32>,
}

impl Scratch {
    pub fn new(kind: CellKind, hidden: usize) -> Self {
        let n = kind.gates() * hidden;
        Scratch {
            ax: vec![0.0; n],
            ah: vec![0.0; n],
        }
    }
}

/// One forward step. `active` lists the input rows that are 1 (one-hot inputs). Writes the
/// gate values, `aux`, the new hidden state `h` and (LSTM) cell state `c`.
#[allow(clippy::too_many_arguments)]
pub fn forward(
    kind: CellKind,
    w: &CellWeights,
    active: &[u32],
    h_prev: &[f32],
    c_prev: &[f32],
    s: &mut Scratch,
    gates: &mut [f32],
    aux: &mut [f32],
    h: &mut [f32],
    c: &mut [f32],
) {
    let hn = h_prev.len();
    let gh = s.ax.len();
    s.ax.copy_from_slice(w.b);
    for &i in active {
        axpy(
            &mut s.ax,
            1.0,
            &w.wx[i as usize * gh..(i as usize + 1) * gh],
        );
    }
    s.ah.iter_mut().for_each(|v| *v = 0.0);
    for (j, &hj) in h_prev.iter().enumerate() {
        axpy(&mut s.ah, hj, &w.wh[j * gh..(j + 1) * gh]);
    }
    match kind {
        CellKind::Rnn => {
            for k in 0..hn {
                gates[k] = tanh(s.ax[k] + s.ah[k]);
                h[k] = gates[k];
            }
        }
        CellKind::Gru => {
            for k in 0..hn {
                let r = sigmoid(s.ax[k] + s.ah[k]);
                let z = sigmoid(s.ax[hn + k] + s.ah[hn + k]);
                let n = tanh(s.ax[2 * hn + k] + r * s.ah[2 * hn + k]);
                gates[k] = r;
                gates[hn + k] = z;
                gates[2 * hn + k] = n;
                aux[k] = s.ah[2 * hn + k];
                h[k] = (1.0 - z) * n + z * h_prev[k];
            }
        }
        CellKind::Lstm => {
            for k in 0..hn {
                let i = sigmoid(s.ax[k] + s.ah[k]);
                let f = sigmoid(s.ax[hn + k] + s.ah[hn + k]);
                let g = tanh(s.ax[2 * hn + k] + s.ah[2 * hn + k]);
                let o = sigmoid(s.ax[3 * hn + k] + s.ah[3 * hn + k]);
                gates[k] = i;
                gates[hn + k] = f;
                gates[2 * hn + k] = g;
                gates[3 * hn + k] = o;
                c[k] = f * c_prev[k] + i * g;
                aux[k] = tanh(c[k]);
                h[k] = o * aux[k];
            }
        }
    }
}

/// One backward step. `dh` and `dc` hold the gradient with respect to this step's outputs
/// and are replaced by the gradient with respect to its inputs `h_prev`, `c_prev`.
/// `da` is scratch of gates·hidden.
#[allow(clippy::too_many_arguments)]
pub fn backward(
    kind: CellKind,
    w: &CellWeights,
    g: &mut CellGrads,
    active: &[u32],
    rec: &StepRecord,
    dh: &mut [f32],
    dc: &mut [f32],
    da: &mut [f32],
) {
    let hn = dh.len();
    let gh = da.len();
    // da: gradient w.r.t. the pre-activations of the recurrent (Wh·h) part; `dax_n` differs
    // from it for the GRU's candidate gate, handled below.
    match kind {
        CellKind::Rnn => {
            for k in 0..hn {
                da[k] = dh[k] * (1.0 - rec.h[k] * rec.h[k]);
            }
        }
        CellKind::Gru => {
            for k in 0..hn {
                let (r, z, n) = (rec.gates[k], rec.gates[hn + k], rec.gates[2 * hn + k]);
                let dn = dh[k] * (1.0 - z);
                let dz = dh[k] * (rec.h_prev[k] - n);
                let dan = dn * (1.0 - n * n);
                let dr = dan * rec.aux[k];
                da[k] = dr * r * (1.0 - r);
                da[hn + k] = dz * z * (1.0 - z);
                // The input part of the candidate gets dan; the recurrent part dan·r.
                da[2 * hn + k] = dan;
                dh[k] *= z;
            }
        }
        CellKind::Lstm => {
            for k in 0..hn {
                let (i, f, gg, o) = (
                    rec.gates[k],
                    rec.gates[hn + k],
                    rec.gates[2 * hn + k],
                    rec.gates[3 * hn + k],
                );
                let tc = rec.aux[k];
                let dct = dc[k] + dh[k] * o * (1.0 - tc * tc);
                da[k] = dct * gg * i * (1.0 - i);
                da[hn + k] = dct * rec.c_prev[k] * f * (1.0 - f);
                da[2 * hn + k] = dct * i * (1.0 - gg * gg);
                da[3 * hn + k] = dh[k] * tc * o * (1.0 - o);
                dc[k] = dct * f;
            }
        }
    }
    // Input and bias gradients see da as is.
    axpy(g.b, 1.0, da);
    for &i in active {
        axpy(&mut g.wx[i as usize * gh..(i as usize + 1) * gh], 1.0, da);
    }
    if kind == CellKind::Gru {
        for k in 0..hn {
            da[2 * hn + k] *= rec.gates[k];
        }
    }
    if kind != CellKind::Gru {
        // Only the GRU passes h_prev straight through; the others reach it via Wh alone.
        dh.iter_mut().for_each(|v| *v = 0.0);
    }
    for (j, &hj) in rec.h_prev.iter().enumerate() {
        let row = j * gh..(j + 1) * gh;
        axpy(&mut g.wh[row.clone()], hj, da);
        dh[j] += dot(&w.wh[row], da);
    }
}
