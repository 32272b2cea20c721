//! The weight gradients of a segment: the sums across rows and steps of what the groups'
//! backward passes recorded. Every gradient element adds its terms in one fixed order (last
//! step first, rows in order within a step, as one row-by-row pass would), whatever the
//! number of groups or threads: threads split the *parameters* into parts (row ranges of each
//! matrix), never a sum.

use std::ops::Range;

use super::config::Config;
use super::layout::Layout;
use super::rows::Rows;
use crate::cell::CellKind;
use crate::shared::isa::dispatch;
use crate::shared::kernels::{accumulate_outer, axpy};

/// A block of the parameter vector whose gradient is computed as one matrix.
#[derive(Clone, Copy, Debug)]
enum Block {
    /// Output bias and weights.
    Bo,
    Wo,
    /// Input embeddings.
    Embed,
    /// Layer l's bias, one-hot input weights, dense input weights and recurrent weights
    /// (for the reset-before GRU, Wh_rz; `WhN` is its Wh_n).
    B(usize),
    Wx(usize),
    Wd(usize),
    Wh(usize),
    WhN(usize),
}

/// Rows `rows` of a block: one piece of work, owning its range of the gradient vector.
#[derive(Clone, Debug)]
pub(super) struct Part {
    block: Block,
    rows: Range<usize>,
    /// Where those rows lie in the parameter vector.
    span: Range<usize>,
}

/// The parts of the gradient vector, in parameter order: each block whole, or its rows cut in
/// `pieces` ranges for threads to share. Cutting changes the speed, never a bit.
pub(super) fn parts(cfg: &Config, layout: &Layout, pieces: usize) -> Vec<Part> {
    let (hn, gh) = (cfg.hidden, cfg.cell().gates() * cfg.hidden);
    let mut blocks: Vec<(Block, Range<usize>, usize)> = vec![
        (Block::Bo, layout.bo.clone(), cfg.alphabet),
        (Block::Wo, layout.wo.clone(), cfg.alphabet),
    ];
    if cfg.embed > 0 {
        blocks.push((Block::Embed, layout.embed.clone(), cfg.embed));
    }
    for (l, ll) in layout.layers.iter().enumerate() {
        blocks.push((Block::B(l), ll.b.clone(), gh));
        blocks.push((Block::Wx(l), ll.wx.clone(), gh));
        blocks.push((Block::Wd(l), ll.wd.clone(), gh));
        if cfg.cell() == CellKind::GruResetBefore {
            let split = ll.wh.start + 2 * hn * hn;
            blocks.push((Block::Wh(l), ll.wh.start..split, 2 * hn));
            blocks.push((Block::WhN(l), split..ll.wh.end, hn));
        } else {
            blocks.push((Block::Wh(l), ll.wh.clone(), gh));
        }
    }
    let mut parts = Vec::new();
    for (block, span, cols) in blocks {
        let rows = span.len() / cols;
        // The scattered blocks (one-hot rows, embeddings) and vectors stay whole.
        let cut = match block {
            Block::Wo | Block::Wd(_) | Block::Wh(_) | Block::WhN(_) => pieces.min(rows).max(1),
            _ => 1,
        };
        for p in 0..cut {
            let r = rows * p / cut..rows * (p + 1) / cut;
            if r.is_empty() {
                continue;
            }
            let at = span.start + r.start * cols..span.start + r.end * cols;
            parts.push(Part {
                block,
                rows: r,
                span: at,
            });
        }
    }
    parts.sort_by_key(|p| p.span.start);
    parts
}

/// Disjoint mutable views of `grads`, one per part (parts in parameter order).
pub(super) fn split<'a>(grads: &'a mut [f32], parts: &'a [Part]) -> Vec<(&'a Part, &'a mut [f32])> {
    let (mut rest, mut at) = (grads, 0);
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(part.span.start - at);
        let (mine, tail) = tail.split_at_mut(part.span.len());
        out.push((part, mine));
        rest = tail;
        at = part.span.end;
    }
    out
}

/// `g` (part's range of the gradient, zeroed) = the sum over the segment of its terms, from
/// every group's record.
pub(super) fn accumulate(
    cfg: &Config,
    layout: &Layout,
    groups: &[Rows],
    part: &Part,
    g: &mut [f32],
) {
    g.iter_mut().for_each(|v| *v = 0.0);
    dispatch!(accumulate_part(cfg, layout, groups, part, g))
}

#[inline(always)]
fn accumulate_part<const TILE: usize>(
    cfg: &Config,
    layout: &Layout,
    groups: &[Rows],
    part: &Part,
    g: &mut [f32],
) {
    let (hn, m, gh) = (cfg.hidden, cfg.alphabet, cfg.cell().gates() * cfg.hidden);
    let top = layout.layers.len() - 1;
    let r0 = part.rows.start;
    let steps = groups[0].seg.len;
    for t in (0..steps).rev() {
        for rows in groups {
            let live = rows.seg.live[t];
            if live == 0 {
                continue;
            }
            match part.block {
                Block::Bo => rows.dl(t)[..live * m]
                    .chunks_exact(m)
                    .for_each(|d| axpy(g, 1.0, d)),
                Block::Wo => {
                    let h = rows.seg.h(t, top);
                    accumulate_outer::<TILE>(g, (h, hn, r0), rows.dl(t), m, live);
                }
                Block::Embed => embedding(cfg, layout, rows, t, live, part, g),
                Block::B(l) => rows.da(t, l).0[..live * gh]
                    .chunks_exact(gh)
                    .for_each(|d| axpy(g, 1.0, d)),
                Block::Wx(l) => {
                    let rec = rows.seg.step(t, l);
                    let (da, w) = (rows.da(t, l).0, rec.input.window);
                    for (b, d) in da.chunks_exact(gh).take(live).enumerate() {
                        for &i in &rec.input.active[b * w..(b + 1) * w] {
                            let i = i as usize - r0;
                            axpy(&mut g[i * gh..(i + 1) * gh], 1.0, d);
                        }
                    }
                }
                Block::Wd(l) => {
                    let rec = rows.seg.step(t, l);
                    let d = layout.layers[l].wd.len() / gh;
                    let da = rows.da(t, l).0;
                    accumulate_outer::<TILE>(g, (rec.input.dense, d, r0), da, gh, live);
                }
                Block::Wh(l) => {
                    let rec = rows.seg.step(t, l);
                    // The reset-before GRU's [r, z] blocks of every row come first.
                    let n = match cfg.cell() {
                        CellKind::GruResetBefore => 2 * hn,
                        _ => gh,
                    };
                    let da_h = rows.da(t, l).1;
                    accumulate_outer::<TILE>(g, (rec.input.h_prev, hn, r0), da_h, n, live);
                }
                Block::WhN(l) => {
                    let rec = rows.seg.step(t, l);
                    let da_h = rows.da(t, l).1;
                    let dan = &da_h[da_h.len() / 3 * 2..];
                    accumulate_outer::<TILE>(g, (rec.aux, hn, r0), dan, hn, live);
                }
            }
        }
    }
}

/// dE[symbol] += the gradient w.r.t. each window position's embedding, row by row.
#[inline(always)]
fn embedding(
    cfg: &Config,
    layout: &Layout,
    rows: &Rows,
    t: usize,
    live: usize,
    part: &Part,
    g: &mut [f32],
) {
    let (m, w, e) = (cfg.alphabet, cfg.window, cfg.embed);
    let d = layout.layers[0].dense;
    let (inputs, d_dense) = (rows.seg.inputs(t), rows.d_dense(t));
    for b in 0..live {
        for k in 0..w {
            let s = inputs[b * w + k] as usize % (m + 1) - part.rows.start;
            let from = b * d + k * e;
            axpy(&mut g[s * e..(s + 1) * e], 1.0, &d_dense[from..from + e]);
        }
    }
}
