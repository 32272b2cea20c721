//! The matrix–vector kernels, written so that the order of every floating-point operation is
//! fixed by the source: `axpy` updates each output element in input order (independent lanes,
//! which the compiler may vectorise at any width without changing a bit), and `dot` keeps
//! eight partial sums combined in a fixed tree. No FMA contraction. They are
//! `#[inline(always)]` so that `isa::dispatch!` callers compile them at their width. The
//! multi-stream kernels keep register tiles of several streams (or rows) at once, adding each
//! element's terms in the same order as one `axpy` per row would, so the bits do not depend on
//! the number of streams or on the blocking.

/// y += a · x, element by element.
#[inline(always)]
pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Output columns of one register tile at the baseline width: two SSE or NEON registers, so
/// that BLOCK tiles fit in sixteen registers.
pub const BASE_TILE: usize = 8;
/// Output columns of one register tile with AVX2: two registers per stream (or row) give
/// eight independent sums in flight, enough to hide the add latency.
pub const WIDE_TILE: usize = 16;
/// Streams (or rows) whose tiles are kept in registers together.
const BLOCK: usize = 4;

/// For each stream b < `streams`: y_b += Σ_j coeffs_b[j] · rows[j], where y_b is the b-th
/// slice of `n` values of `ys` and coeffs_b the b-th slice of `rows.len() / n` values of
/// `coeffs`. Every element adds its terms in order j = 0, 1, … (bit-identical to one `axpy`
/// per row and stream). Register-blocked: a tile of TILE columns of BLOCK streams stays in
/// registers while j runs, so each row tile is loaded once per BLOCK streams and y is not
/// reloaded per row. TILE (the tile width) changes the speed, never the result.
#[inline(always)]
pub fn accumulate_rows<const TILE: usize>(
    ys: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    n: usize,
    streams: usize,
) {
    let k = rows.len() / n;
    let b = full_blocks::<TILE>(ys, coeffs, rows, n, streams);
    // Left-over streams row by row: a lone stream streams through the rows in memory order,
    // which measured faster than a strided tile walk.
    for (j, row) in rows.chunks_exact(n).enumerate() {
        for b in b..streams {
            axpy(&mut ys[b * n..(b + 1) * n], coeffs[b * k + j], row);
        }
    }
}

/// `accumulate_rows` with the left-over streams in register tiles too, one stream at a
/// time (the same bits): faster for the Transformer's wider, shorter matrices.
#[inline(always)]
pub fn accumulate_rows_tiled<const TILE: usize>(
    ys: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    n: usize,
    streams: usize,
) {
    let k = rows.len() / n;
    for b in full_blocks::<TILE>(ys, coeffs, rows, n, streams)..streams {
        let c = &coeffs[b * k..(b + 1) * k];
        accumulate_strided::<TILE>(&mut ys[b * n..(b + 1) * n], c, rows, n);
    }
}

/// Tiles of one output kept in registers together: a lone tile's sums wait on the add
/// latency; SPAN tiles give SPAN times the independent sums.
const SPAN: usize = 4;

/// y[i] += Σ_j c[j] · rows[j · stride + i] for every i < y.len(), adding the terms in order
/// j = 0, 1, … (bit-identical to one `axpy` per row): spans of SPAN tiles, then single tiles,
/// stay in registers while j runs, and the columns past the last tile are summed one by one.
#[inline(always)]
fn accumulate_strided<const TILE: usize>(y: &mut [f32], c: &[f32], rows: &[f32], stride: usize) {
    let n = y.len();
    let spans = n - n % (SPAN * TILE);
    for t in (0..spans).step_by(SPAN * TILE) {
        tiles::<SPAN, TILE>(y, c, rows, stride, t);
    }
    let full = n - n % TILE;
    for t in (spans..full).step_by(TILE) {
        tiles::<1, TILE>(y, c, rows, stride, t);
    }
    for (i, yi) in y.iter_mut().enumerate().skip(full) {
        let mut acc = *yi;
        for (j, &cj) in c.iter().enumerate() {
            acc += cj * rows[j * stride + i];
        }
        *yi = acc;
    }
}

/// `accumulate_strided` for the G tiles of columns from column t.
#[inline(always)]
fn tiles<const G: usize, const TILE: usize>(
    y: &mut [f32],
    c: &[f32],
    rows: &[f32],
    stride: usize,
    t: usize,
) {
    let mut acc = [[0.0f32; TILE]; G];
    let out = &mut y[t..t + G * TILE];
    for (a, o) in acc.iter_mut().zip(out.chunks_exact(TILE)) {
        a.copy_from_slice(o);
    }
    for (j, &cj) in c.iter().enumerate() {
        let row = &rows[j * stride + t..j * stride + t + G * TILE];
        for (a, r) in acc.iter_mut().zip(row.chunks_exact(TILE)) {
            for e in 0..TILE {
                a[e] += cj * r[e];
            }
        }
    }
    for (o, a) in out.chunks_exact_mut(TILE).zip(&acc) {
        o.copy_from_slice(a);
    }
}

/// The streams of `accumulate_rows` in whole blocks of BLOCK; returns the first left over.
#[inline(always)]
fn full_blocks<const TILE: usize>(
    ys: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    n: usize,
    streams: usize,
) -> usize {
    let k = rows.len() / n;
    let mut b = 0;
    while b + BLOCK <= streams {
        rows_block::<BLOCK, TILE>(&mut ys[b * n..(b + BLOCK) * n], &coeffs[b * k..], rows, n);
        b += BLOCK;
    }
    b
}

/// `accumulate_rows` for exactly S streams.
#[inline(always)]
fn rows_block<const S: usize, const TILE: usize>(
    ys: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    n: usize,
) {
    let k = rows.len() / n;
    let cs: [&[f32]; S] = std::array::from_fn(|s| &coeffs[s * k..(s + 1) * k]);
    let full = n - n % TILE;
    for t in (0..full).step_by(TILE) {
        let mut acc = [[0.0f32; TILE]; S];
        for (s, a) in acc.iter_mut().enumerate() {
            a.copy_from_slice(&ys[s * n + t..s * n + t + TILE]);
        }
        for (j, row) in rows.chunks_exact(n).enumerate() {
            let r: &[f32; TILE] = row[t..t + TILE].try_into().unwrap();
            for (a, c) in acc.iter_mut().zip(&cs) {
                let c = c[j];
                for e in 0..TILE {
                    a[e] += c * r[e];
                }
            }
        }
        for (s, a) in acc.iter().enumerate() {
            ys[s * n + t..s * n + t + TILE].copy_from_slice(a);
        }
    }
    // Columns past the last full tile (all of them when n < TILE, as for a small alphabet's
    // logits): the S streams' sums side by side, so S dependency chains overlap.
    for col in full..n {
        let mut acc: [f32; S] = std::array::from_fn(|s| ys[s * n + col]);
        for (j, row) in rows.chunks_exact(n).enumerate() {
            for (a, c) in acc.iter_mut().zip(&cs) {
                *a += c[j] * row[col];
            }
        }
        for (s, a) in acc.into_iter().enumerate() {
            ys[s * n + col] = a;
        }
    }
}

/// g[j] += Σ_b xs_b[j0 + j] · ds_b for every row j of `g` (rows j0.. of a k-row matrix, `n`
/// columns), adding the streams' terms in order b = 0, 1, … (bit-identical to one `axpy` per
/// row and stream, so any split of the rows gives the same bits). xs holds k values per
/// stream, ds n per stream. Register-blocked over BLOCK rows × TILE columns.
#[inline(always)]
pub fn accumulate_outer<const TILE: usize>(
    g: &mut [f32],
    (xs, k, j0): (&[f32], usize, usize),
    ds: &[f32],
    n: usize,
    streams: usize,
) {
    let rows = g.len() / n;
    if streams < BLOCK {
        // Too few streams to pay for the tiles: plain rows in memory order (measured faster).
        for (j, row) in g.chunks_exact_mut(n).enumerate() {
            for b in 0..streams {
                axpy(row, xs[b * k + j0 + j], &ds[b * n..(b + 1) * n]);
            }
        }
        return;
    }
    let mut j = 0;
    while j + BLOCK <= rows {
        let g = &mut g[j * n..(j + BLOCK) * n];
        outer_block::<BLOCK, TILE>(g, xs, ds, n, k, j0 + j, streams);
        j += BLOCK;
    }
    for j in j..rows {
        let g = &mut g[j * n..(j + 1) * n];
        outer_block::<1, TILE>(g, xs, ds, n, k, j0 + j, streams);
    }
}

/// `accumulate_outer` for the R rows starting at row `j0`.
#[inline(always)]
fn outer_block<const R: usize, const TILE: usize>(
    g: &mut [f32],
    xs: &[f32],
    ds: &[f32],
    n: usize,
    k: usize,
    j0: usize,
    streams: usize,
) {
    let full = n - n % TILE;
    // Each stream's R values of x and its n values of d, walked together.
    let per_stream = || xs.chunks_exact(k).zip(ds.chunks_exact(n)).take(streams);
    for t in (0..full).step_by(TILE) {
        let mut acc = [[0.0f32; TILE]; R];
        for (r, a) in acc.iter_mut().enumerate() {
            a.copy_from_slice(&g[r * n + t..r * n + t + TILE]);
        }
        for (x, d) in per_stream() {
            let x: &[f32; R] = x[j0..j0 + R].try_into().unwrap();
            let d: &[f32; TILE] = d[t..t + TILE].try_into().unwrap();
            for (a, &x) in acc.iter_mut().zip(x) {
                for e in 0..TILE {
                    a[e] += x * d[e];
                }
            }
        }
        for (r, a) in acc.iter().enumerate() {
            g[r * n + t..r * n + t + TILE].copy_from_slice(a);
        }
    }
    // Columns past the last full tile: the R rows' sums side by side in registers.
    for col in full..n {
        let mut acc: [f32; R] = std::array::from_fn(|r| g[r * n + col]);
        for (x, d) in per_stream() {
            for (a, &x) in acc.iter_mut().zip(&x[j0..j0 + R]) {
                *a += x * d[col];
            }
        }
        for (r, a) in acc.into_iter().enumerate() {
            g[r * n + col] = a;
        }
    }
}

/// out[i] = Σ_j coeffs[j] · rows[j · stride + i] for every i < out.len(), adding the terms
/// in order j = 0, 1, … (bit-identical to zeroing `out` and one `axpy` per row). For
/// attention, whose rows (the cached keys or values of one head) lie `stride` apart.
#[inline(always)]
pub fn combine_rows<const TILE: usize>(
    out: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    stride: usize,
) {
    out.fill(0.0);
    accumulate_strided::<TILE>(out, coeffs, rows, stride);
}

/// Σ a_i b_i with eight lanes (lane k sums indices ≡ k mod 8), then a fixed reduction tree.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let mut out = [0.0];
    dots::<1>(&mut out, &a[..n], b, 0);
    out[0]
}

/// out[r] = dot(a, rows[r · stride..][..a.len()]) for every r < out.len(), four rows at a
/// time (each row's sum in `dot`'s own order). For attention, whose rows (the cached keys or
/// values of one head) lie `stride` apart.
#[inline(always)]
pub fn dot_rows(out: &mut [f32], a: &[f32], rows: &[f32], stride: usize) {
    const R: usize = 4;
    let whole = out.len() - out.len() % R;
    for (i, o) in out[..whole].chunks_exact_mut(R).enumerate() {
        dots::<R>(o.try_into().unwrap(), a, &rows[i * R * stride..], stride);
    }
    for (r, o) in out.iter_mut().enumerate().skip(whole) {
        let mut one = [0.0];
        dots::<1>(&mut one, a, &rows[r * stride..], stride);
        *o = one[0];
    }
}

/// `dot_rows` for R rows at once: R sets of lanes in flight hide the add latency that one
/// `dot` waits on.
#[inline(always)]
fn dots<const R: usize>(out: &mut [f32; R], a: &[f32], rows: &[f32], stride: usize) {
    let n = a.len();
    let bs: [&[f32]; R] = std::array::from_fn(|r| &rows[r * stride..r * stride + n]);
    let mut acc = [[0.0f32; 8]; R];
    let full = n - n % 8;
    for i in (0..full).step_by(8) {
        let x: &[f32; 8] = a[i..i + 8].try_into().unwrap();
        for (acc, b) in acc.iter_mut().zip(&bs) {
            let y: &[f32; 8] = b[i..i + 8].try_into().unwrap();
            for k in 0..8 {
                acc[k] += x[k] * y[k];
            }
        }
    }
    for (acc, b) in acc.iter_mut().zip(&bs) {
        for (k, i) in (full..n).enumerate() {
            acc[k] += a[i] * b[i];
        }
    }
    for (o, acc) in out.iter_mut().zip(&acc) {
        *o = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    }
}

/// `dst` = the transpose of `src`, a row-major matrix `cols` wide. Walked in 16 × 16 blocks
/// so that the strided writes stay in a few cache lines; a copy, so exact.
pub fn transpose(src: &[f32], cols: usize, dst: &mut [f32]) {
    const BLOCK: usize = 16;
    let rows = src.len() / cols;
    for j0 in (0..rows).step_by(BLOCK) {
        for k0 in (0..cols).step_by(BLOCK) {
            for j in j0..(j0 + BLOCK).min(rows) {
                for k in k0..(k0 + BLOCK).min(cols) {
                    dst[k * rows + j] = src[j * cols + k];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
