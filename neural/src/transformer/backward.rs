//! The gradient of one stream's segment loss, Σ −ln p(target), added to the gradient vector.
//! Layers run top-down over all the segment's positions at once; attention reaches back into
//! the cached positions before the segment without gradients into them. Every weight
//! gradient adds its terms position by position in order (`accumulate_outer`), so its bits
//! depend on the positions alone.

use super::config::TransformerConfig;
use super::forward::{embedding, window};
use super::layout::Layout;
use super::norm;
use super::state::Stream;
use crate::shared::isa::dispatch;
use crate::shared::kernels::{
    accumulate_outer, accumulate_rows, axpy, combine_rows, dot, dot_rows,
};

/// Buffers of one segment's backward pass, reused.
#[derive(Clone)]
pub struct Scratch {
    /// The gradient w.r.t. the residual stream, T × d.
    dx: Vec<f32>,
    /// T × max(d, F, M): a layer's input or hidden gradients.
    dh: Vec<f32>,
    /// T × d: the gradients of the heads' outputs, then of LayerNorm inputs.
    dn: Vec<f32>,
    dqkv: Vec<f32>,
    /// Keys' and values' gradients of the segment's positions, transposed (d × T).
    dkt: Vec<f32>,
    dvt: Vec<f32>,
    /// One head's attention gradients (C).
    ds: Vec<f32>,
}

impl Scratch {
    pub fn new(cfg: &TransformerConfig) -> Scratch {
        let (t, d) = (cfg.segment, cfg.d_model);
        let wide = d.max(cfg.ffn()).max(cfg.alphabet);
        Scratch {
            dx: vec![0.0; t * d],
            dh: vec![0.0; t * wide],
            dn: vec![0.0; t * d],
            dqkv: vec![0.0; t * 3 * d],
            dkt: vec![0.0; d * t],
            dvt: vec![0.0; d * t],
            ds: vec![0.0; cfg.context],
        }
    }
}

/// Adds the gradient of `st`'s recorded positions to `grads`.
pub fn backward(
    cfg: &TransformerConfig,
    layout: &Layout,
    weights: (&[f32], &[f32]),
    st: &Stream,
    s: &mut Scratch,
    grads: &mut [f32],
) {
    dispatch!(backward_stream(cfg, layout, weights, st, s, grads))
}

/// `backward` with register tiles of TILE columns, compiled into each copy `dispatch!` makes.
#[inline(always)]
fn backward_stream<const TILE: usize>(
    cfg: &TransformerConfig,
    layout: &Layout,
    (params, transposed): (&[f32], &[f32]),
    st: &Stream,
    s: &mut Scratch,
    grads: &mut [f32],
) {
    let (d, f, m, len) = (cfg.d_model, cfg.ffn(), cfg.alphabet, st.len);
    let w = |r: &std::ops::Range<usize>| &params[r.clone()];
    // A matrix transposed: the backward products run over the positions blocked.
    let wt = |r: &std::ops::Range<usize>| &transposed[r.clone()];
    let Scratch {
        dx,
        dh,
        dn,
        dqkv,
        dkt,
        dvt,
        ds,
    } = s;
    // Output layer: d logits = p − onehot(target).
    let dl = &mut dh[..len * m];
    dl.copy_from_slice(&st.probs[..len * m]);
    for (row, &y) in dl.chunks_exact_mut(m).zip(&st.targets) {
        row[y as usize] -= 1.0;
    }
    add_bias_grads(&mut grads[layout.bout.clone()], dl, m);
    outer::<TILE>(&mut grads[layout.wout.clone()], &st.z, dl, d, m, len);
    let dz = &mut dn[..len * d];
    back_rows::<TILE>(dz, wt(&layout.wout), dl, d, len);
    let dx = &mut dx[..len * d];
    dx.fill(0.0);
    norm_back(
        (&dz[..], &st.xhatf, &st.rstdf),
        w(&layout.lnf),
        &mut grads[layout.lnf.clone()],
        dx,
    );
    for (l, ll) in layout.layers.iter().enumerate().rev() {
        let r = &st.layers[l];
        // Feed-forward block: x += W2 · leaky(W1 · LN2(x) + b1) + b2.
        add_bias_grads(&mut grads[ll.b2.clone()], dx, d);
        outer::<TILE>(&mut grads[ll.w2.clone()], &r.u, dx, f, d, len);
        let du = &mut dh[..len * f];
        back_rows::<TILE>(du, wt(&ll.w2), dx, f, len);
        du.iter_mut().zip(&r.u[..len * f]).for_each(|(g, &u)| {
            if u <= 0.0 {
                *g *= cfg.leak
            }
        });
        add_bias_grads(&mut grads[ll.b1.clone()], du, f);
        outer::<TILE>(&mut grads[ll.w1.clone()], &r.b, du, d, f, len);
        let db = &mut dn[..len * d];
        back_rows::<TILE>(db, wt(&ll.w1), du, d, len);
        norm_back(
            (&db[..], &r.xhat2, &r.rstd2),
            w(&ll.ln2),
            &mut grads[ll.ln2.clone()],
            dx,
        );
        // Attention block: x += Wo · attention(LN1(x)) + bo.
        add_bias_grads(&mut grads[ll.bo.clone()], dx, d);
        outer::<TILE>(&mut grads[ll.wo.clone()], &r.o, dx, d, d, len);
        let dout = &mut dn[..len * d];
        back_rows::<TILE>(dout, wt(&ll.wo), dx, d, len);
        let dpos = &mut grads[ll.pos.clone()];
        attention_backward::<TILE>(cfg, st, l, dout, dpos, (dqkv, dkt, dvt, ds));
        let dqkv = &dqkv[..len * 3 * d];
        outer::<TILE>(&mut grads[ll.wqkv.clone()], &r.a, dqkv, d, 3 * d, len);
        let da = &mut dh[..len * d];
        back_rows::<TILE>(da, wt(&ll.wqkv), dqkv, d, len);
        norm_back(
            (&da[..], &r.xhat1, &r.rstd1),
            w(&ll.ln1),
            &mut grads[ll.ln1.clone()],
            dx,
        );
    }
    let (demb, n, m) = (&mut grads[layout.emb.clone()], cfg.ngram, cfg.alphabet);
    for (t, history) in st.tokens[..len * n].chunks_exact(n).enumerate() {
        for (lag, &token) in history.iter().enumerate() {
            axpy(
                &mut demb[embedding(lag, token, m, d)],
                1.0,
                &dx[t * d..(t + 1) * d],
            );
        }
    }
}

/// The attention's backward pass for layer `l`: from the heads' output gradients `dout`
/// (T × d), the distance-bias gradients into `dpos` and the query, key and value gradients
/// of the segment's positions into `s.dqkv` (T × 3d).
#[inline(always)]
fn attention_backward<const TILE: usize>(
    cfg: &TransformerConfig,
    st: &Stream,
    l: usize,
    dout: &[f32],
    dpos: &mut [f32],
    (dqkv, dkt, dvt, ds): (&mut [f32], &mut [f32], &mut [f32], &mut [f32]),
) {
    let (c, d, len, p0) = (cfg.context, cfg.d_model, st.len, st.p0());
    let dh = d / cfg.heads;
    let (t_cap, hc) = (cfg.segment, cfg.heads * c);
    let scale = 1.0 / (dh as f32).sqrt();
    let (r, cache) = (&st.layers[l], &st.caches[l]);
    dkt.fill(0.0);
    dvt.fill(0.0);
    for t in 0..len {
        let p = p0 + t;
        let (n, lo) = window(cfg, p);
        // The attended positions inside the segment: lo + i0..=p, columns j0.. of dK, dV.
        let first = lo.max(p0);
        let (i0, j0) = (first - lo, first - p0);
        let q = &r.q[t * d..(t + 1) * d];
        let dq = &mut dqkv[t * 3 * d..t * 3 * d + d];
        for h in 0..cfg.heads {
            let wh = &r.w[t * hc + h * c..t * hc + h * c + n];
            let ds = &mut ds[..n];
            let heads = h * dh..(h + 1) * dh;
            let douth = &dout[t * d + h * dh..t * d + (h + 1) * dh];
            combine_rows::<TILE>(ds, douth, cache.value_rows(h * dh, lo), cache.cap);
            let mean = dot(wh, ds);
            ds.iter_mut()
                .zip(wh)
                .for_each(|(g, &w)| *g = w * (*g - mean));
            let bias = &mut dpos[h * c..h * c + n];
            for (b, &g) in bias.iter_mut().rev().zip(&*ds) {
                *b += g;
            }
            dot_rows(
                &mut dq[heads.clone()],
                ds,
                cache.key_rows(h * dh, lo),
                cache.cap,
            );
            for e in heads {
                dq[e] *= scale;
                let cols = e * t_cap + j0..e * t_cap + t + 1;
                axpy(&mut dkt[cols.clone()], q[e], &ds[i0..]);
                axpy(&mut dvt[cols], dout[t * d + e], &wh[i0..]);
            }
        }
    }
    for t in 0..len {
        let row = &mut dqkv[t * 3 * d..(t + 1) * 3 * d];
        for e in 0..d {
            row[d + e] = dkt[e * t_cap + t];
            row[2 * d + e] = dvt[e * t_cap + t];
        }
    }
}

/// g += Σ_t xs_t ⊗ ds_t over the `len` positions (xs: k per position, ds: n per position).
#[inline(always)]
fn outer<const TILE: usize>(g: &mut [f32], xs: &[f32], ds: &[f32], k: usize, n: usize, len: usize) {
    accumulate_outer::<TILE>(g, (&xs[..len * k], k, 0), &ds[..len * n], n, len);
}

/// dx_t = W · dy_t for every position t < len, from Wᵀ (`wt`, n × k: dx has k values per
/// position, dy n): each element adds its n terms in order, the positions blocked.
#[inline(always)]
fn back_rows<const TILE: usize>(dx: &mut [f32], wt: &[f32], dy: &[f32], k: usize, len: usize) {
    let dx = &mut dx[..len * k];
    dx.fill(0.0);
    accumulate_rows::<TILE>(dx, &dy[..len * (wt.len() / k)], wt, k, len);
}

/// LayerNorm's backward pass at every position: from the output gradients `dy`, with the
/// recorded x̂ and 1/σ, into `dx` and the gains' and biases' gradients `dgb`.
#[inline(always)]
fn norm_back(
    (dy, xhat, rstd): (&[f32], &[f32], &[f32]),
    gb: &[f32],
    dgb: &mut [f32],
    dx: &mut [f32],
) {
    let d = gb.len() / 2;
    for (t, dx) in dx.chunks_exact_mut(d).enumerate() {
        let row = t * d..(t + 1) * d;
        norm::backward(&dy[row.clone()], &xhat[row], rstd[t], gb, dgb, dx);
    }
}

/// A bias's gradient: the sum of the rows, in position order.
#[inline(always)]
fn add_bias_grads(g: &mut [f32], rows: &[f32], n: usize) {
    for row in rows.chunks_exact(n) {
        g.iter_mut().zip(row).for_each(|(g, &v)| *g += v);
    }
}
