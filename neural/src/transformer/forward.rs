//! One position of every live stream: the layers run on the streams side by side (one
//! matrix product per weight for all of them), attention on each stream's own cache.

use super::config::TransformerConfig;
use super::layout::Layout;
use super::norm;
use super::state::{Cache, Stream};
use crate::shared::isa::dispatch;
use crate::shared::kernels::{accumulate_rows_tiled, axpy, combine_rows, dot_rows};
use crate::shared::math::{exp, maximum};

/// Where `token`'s row of the embedding table of `lag` (0: the previous symbol) lies in
/// `Layout::emb`.
pub fn embedding(lag: usize, token: usize, m: usize, d: usize) -> std::ops::Range<usize> {
    let at = (lag * (m + 1) + token) * d;
    at..at + d
}

/// The feed-forward activation: x above 0, `leak` · x below (ReLU at leak 0).
fn leaky(x: f32, leak: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        x * leak
    }
}

/// Rows of the live streams, reused from step to step.
#[derive(Clone)]
pub struct Scratch {
    x: Vec<f32>,
    y: Vec<f32>,
    rows: Vec<f32>,
    qkv: Vec<f32>,
    h: Vec<f32>,
}

impl Scratch {
    pub fn new(cfg: &TransformerConfig) -> Scratch {
        let (b, d) = (cfg.streams, cfg.d_model);
        Scratch {
            x: vec![0.0; b * d],
            y: vec![0.0; b * d],
            rows: vec![0.0; b * d.max(cfg.ffn())],
            qkv: vec![0.0; b * 3 * d],
            h: vec![0.0; b * cfg.ffn()],
        }
    }
}

/// Runs the next position of the first `live` streams, recording what the backward pass
/// needs at each stream's row `len`, and writes their distributions (M each) to `probs`.
pub fn step(
    cfg: &TransformerConfig,
    layout: &Layout,
    params: &[f32],
    streams: &mut [Stream],
    s: &mut Scratch,
    probs: &mut [f32],
) {
    dispatch!(step_streams(cfg, layout, params, streams, s, probs))
}

/// `step` with register tiles of TILE columns, compiled into each copy `dispatch!` makes.
#[inline(always)]
fn step_streams<const TILE: usize>(
    cfg: &TransformerConfig,
    layout: &Layout,
    params: &[f32],
    streams: &mut [Stream],
    s: &mut Scratch,
    probs: &mut [f32],
) {
    let (d, f, m) = (cfg.d_model, cfg.ffn(), cfg.alphabet);
    let live = streams.len();
    let w = |r: &std::ops::Range<usize>| &params[r.clone()];
    let emb = w(&layout.emb);
    for (x, st) in s.x.chunks_exact_mut(d).zip(streams.iter()) {
        x.copy_from_slice(&emb[embedding(0, st.history[0], m, d)]);
        for (lag, &token) in st.history.iter().enumerate().skip(1) {
            axpy(x, 1.0, &emb[embedding(lag, token, m, d)]);
        }
    }
    for (l, ll) in layout.layers.iter().enumerate() {
        // Attention block.
        norm_rows(&s.x, &mut s.rows, streams, w(&ll.ln1), |st| {
            let r = &mut st.layers[l];
            (&mut r.xhat1, &mut r.rstd1, &mut r.a)
        });
        let qkv = &mut s.qkv[..live * 3 * d];
        qkv.fill(0.0);
        accumulate_rows_tiled::<TILE>(qkv, &s.rows[..live * d], w(&ll.wqkv), 3 * d, live);
        let pos = w(&ll.pos);
        let scale = 1.0 / ((d / cfg.heads) as f32).sqrt();
        for ((qkv, o), st) in qkv
            .chunks_exact_mut(3 * d)
            .zip(s.rows.chunks_exact_mut(d))
            .zip(&mut *streams)
        {
            qkv[..d].iter_mut().for_each(|q| *q *= scale);
            let (t, p) = (st.len, st.pos);
            let cache = &mut st.caches[l];
            cache.push(&qkv[d..]);
            let r = &mut st.layers[l];
            r.q[t * d..(t + 1) * d].copy_from_slice(&qkv[..d]);
            let wt = &mut r.w[t * cfg.heads * cfg.context..(t + 1) * cfg.heads * cfg.context];
            attend::<TILE>(cfg, pos, cache, p, &qkv[..d], wt, o);
            r.o[t * d..(t + 1) * d].copy_from_slice(o);
        }
        add_rows::<TILE>(&mut s.x, &mut s.y, &s.rows, (w(&ll.wo), w(&ll.bo)), d, live);
        // Feed-forward block.
        norm_rows(&s.x, &mut s.rows, streams, w(&ll.ln2), |st| {
            let r = &mut st.layers[l];
            (&mut r.xhat2, &mut r.rstd2, &mut r.b)
        });
        let h = &mut s.h[..live * f];
        for row in h.chunks_exact_mut(f) {
            row.copy_from_slice(w(&ll.b1));
        }
        accumulate_rows_tiled::<TILE>(h, &s.rows[..live * d], w(&ll.w1), f, live);
        h.iter_mut().for_each(|v| *v = leaky(*v, cfg.leak));
        for (u, st) in h.chunks_exact(f).zip(&mut *streams) {
            let t = st.len;
            st.layers[l].u[t * f..(t + 1) * f].copy_from_slice(u);
        }
        add_rows::<TILE>(&mut s.x, &mut s.y, &s.h, (w(&ll.w2), w(&ll.b2)), d, live);
    }
    norm_rows(&s.x, &mut s.rows, streams, w(&layout.lnf), |st| {
        (&mut st.xhatf, &mut st.rstdf, &mut st.z)
    });
    let logits = &mut probs[..live * m];
    for row in logits.chunks_exact_mut(m) {
        row.copy_from_slice(w(&layout.bout));
    }
    accumulate_rows_tiled::<TILE>(logits, &s.rows[..live * d], w(&layout.wout), m, live);
    for (p, st) in logits.chunks_exact_mut(m).zip(streams) {
        softmax_in_place(p);
        st.probs[st.len * m..(st.len + 1) * m].copy_from_slice(p);
    }
}

/// LayerNorm of each stream's row of `x` into `out`, recording x̂, 1/σ and the output at
/// the stream's row `len` of the records `fields` picks.
#[inline(always)]
fn norm_rows(
    x: &[f32],
    out: &mut [f32],
    streams: &mut [Stream],
    gb: &[f32],
    fields: impl Fn(&mut Stream) -> (&mut Vec<f32>, &mut Vec<f32>, &mut Vec<f32>),
) {
    let d = gb.len() / 2;
    for ((x, y), st) in x.chunks_exact(d).zip(out.chunks_exact_mut(d)).zip(streams) {
        let t = st.len;
        let (xhat, rstd, rec) = fields(st);
        rstd[t] = norm::forward(x, gb, &mut xhat[t * d..(t + 1) * d], y);
        rec[t * d..(t + 1) * d].copy_from_slice(y);
    }
}

/// x += bias + inputs · W for each live row (`y` is scratch), the residual connections.
#[inline(always)]
fn add_rows<const TILE: usize>(
    x: &mut [f32],
    y: &mut [f32],
    inputs: &[f32],
    (wm, bias): (&[f32], &[f32]),
    d: usize,
    live: usize,
) {
    let k = wm.len() / d;
    let y = &mut y[..live * d];
    for row in y.chunks_exact_mut(d) {
        row.copy_from_slice(bias);
    }
    accumulate_rows_tiled::<TILE>(y, &inputs[..live * k], wm, d, live);
    x[..live * d].iter_mut().zip(&*y).for_each(|(x, y)| *x += y);
}

/// The attention of position `p` (query `q`, scaled by 1/√d_h) over the cached positions
/// max(0, p + 1 − C)..=p: per head, scores q_h · k_h plus the distance's bias, softmax into
/// `w` (C per head, in position order), and the weighted sum of the values into `o`.
#[inline(always)]
fn attend<const TILE: usize>(
    cfg: &TransformerConfig,
    pos: &[f32],
    cache: &Cache,
    p: usize,
    q: &[f32],
    w: &mut [f32],
    o: &mut [f32],
) {
    let (c, dh) = (cfg.context, cfg.d_model / cfg.heads);
    let (n, lo) = window(cfg, p);
    for h in 0..cfg.heads {
        let s = &mut w[h * c..h * c + n];
        let qh = &q[h * dh..(h + 1) * dh];
        combine_rows::<TILE>(s, qh, cache.key_rows(h * dh, lo), cache.cap);
        let bias = &pos[h * c..h * c + n];
        for (si, &b) in s.iter_mut().zip(bias.iter().rev()) {
            *si += b;
        }
        exp_shifted(s);
    }
    // The heads' sums side by side: each adds its n terms in order, and four chains of
    // additions overlap where one would wait on the add latency.
    let mut h = 0;
    while h + 4 <= cfg.heads {
        normalize_rows::<4>(&mut w[h * c..], c, n);
        h += 4;
    }
    for h in h..cfg.heads {
        normalize_rows::<1>(&mut w[h * c..], c, n);
    }
    for h in 0..cfg.heads {
        let s = &w[h * c..h * c + n];
        dot_rows(
            &mut o[h * dh..(h + 1) * dh],
            s,
            cache.value_rows(h * dh, lo),
            cache.cap,
        );
    }
}

/// Positions attended from position p, and the first of them.
#[inline(always)]
pub fn window(cfg: &TransformerConfig, p: usize) -> (usize, usize) {
    let n = (p + 1).min(cfg.context);
    (n, p + 1 - n)
}

/// Below this a softmax term is 0: e^−60 ≈ 1e−26 changes no sum, while the clamped exp of
/// ever smaller scores yields subnormal weights once attention grows sharp, and x86 takes
/// ~100 cycles per subnormal operation.
const NEGLIGIBLE: f32 = -60.0;

/// Softmax over `v` in place, with the own exp and the sum in index order.
#[inline(always)]
pub fn softmax_in_place(v: &mut [f32]) {
    exp_shifted(v);
    let n = v.len();
    normalize_rows::<1>(v, n, n);
}

/// v_i ← e^(v_i − max v), 0 below `NEGLIGIBLE`.
#[inline(always)]
fn exp_shifted(v: &mut [f32]) {
    let max = maximum(v);
    v.iter_mut().for_each(|z| {
        let d = *z - max;
        *z = if d < NEGLIGIBLE { 0.0 } else { exp(d) };
    });
}

/// Divides each of R rows (the first n values at `stride` apart) by its sum, each sum taken
/// in index order, the R sums side by side.
#[inline(always)]
fn normalize_rows<const R: usize>(w: &mut [f32], stride: usize, n: usize) {
    let mut sums = [0.0f32; R];
    for i in 0..n {
        for (r, sum) in sums.iter_mut().enumerate() {
            *sum += w[r * stride + i];
        }
    }
    for (r, sum) in sums.iter().enumerate() {
        let inv = 1.0 / sum;
        w[r * stride..r * stride + n]
            .iter_mut()
            .for_each(|z| *z *= inv);
    }
}
