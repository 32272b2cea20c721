//! The matrix–vector kernels, written so that the order of every floating-point operation is
//! fixed by the source: `axpy` updates each output element in input order (independent lanes,
//! which the compiler may vectorise at any width without changing a bit), and `dot` keeps
//! eight partial sums combined in a fixed tree. No FMA contraction. They are
//! `#[inline(always)]` so that `isa::multiversion!` callers compile them at their width. The
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
        let (y, c) = (&mut ys[b * n..(b + 1) * n], &coeffs[b * k..]);
        let from = row_spans::<TILE>(y, c, rows, n);
        rows_block::<1, TILE>(y, c, rows, n, from);
    }
}

/// Tiles of one stream kept in registers together: a lone tile's sums wait on the add
/// latency; SPAN tiles give SPAN times the independent sums.
const SPAN: usize = 4;

/// `rows_block` for one stream over the columns in whole spans of SPAN tiles (the same
/// bits: each element still adds its terms in order j); returns the first column left.
#[inline(always)]
fn row_spans<const TILE: usize>(y: &mut [f32], c: &[f32], rows: &[f32], n: usize) -> usize {
    let full = n - n % (SPAN * TILE);
    for t in (0..full).step_by(SPAN * TILE) {
        let mut acc = [[0.0f32; TILE]; SPAN];
        for (i, a) in acc.iter_mut().enumerate() {
            a.copy_from_slice(&y[t + i * TILE..t + (i + 1) * TILE]);
        }
        for (row, &cj) in rows.chunks_exact(n).zip(c) {
            for (i, a) in acc.iter_mut().enumerate() {
                let r: &[f32; TILE] = row[t + i * TILE..t + (i + 1) * TILE].try_into().unwrap();
                for e in 0..TILE {
                    a[e] += cj * r[e];
                }
            }
        }
        for (i, a) in acc.iter().enumerate() {
            y[t + i * TILE..t + (i + 1) * TILE].copy_from_slice(a);
        }
    }
    full
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
        rows_block::<BLOCK, TILE>(
            &mut ys[b * n..(b + BLOCK) * n],
            &coeffs[b * k..],
            rows,
            n,
            0,
        );
        b += BLOCK;
    }
    b
}

/// `accumulate_rows` for exactly S streams, from column `from` (a multiple of TILE) on.
#[inline(always)]
fn rows_block<const S: usize, const TILE: usize>(
    ys: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    n: usize,
    from: usize,
) {
    let k = rows.len() / n;
    let cs: [&[f32]; S] = std::array::from_fn(|s| &coeffs[s * k..(s + 1) * k]);
    let full = n - n % TILE;
    for t in (from..full).step_by(TILE) {
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
/// in order j = 0, 1, … (bit-identical to zeroing `out` and one `axpy` per row). SPAN tiles
/// of TILE columns (then single tiles) stay in registers while j runs, so `out` is written
/// once. For attention, whose rows (the cached keys or values of one head) lie `stride`
/// apart.
#[inline(always)]
pub fn combine_rows<const TILE: usize>(
    out: &mut [f32],
    coeffs: &[f32],
    rows: &[f32],
    stride: usize,
) {
    let n = out.len();
    let spans = n - n % (SPAN * TILE);
    for t in (0..spans).step_by(SPAN * TILE) {
        let mut acc = [[0.0f32; TILE]; SPAN];
        for (j, &c) in coeffs.iter().enumerate() {
            let row = &rows[j * stride + t..j * stride + t + SPAN * TILE];
            for (a, r) in acc.iter_mut().zip(row.chunks_exact(TILE)) {
                for e in 0..TILE {
                    a[e] += c * r[e];
                }
            }
        }
        for (o, a) in out[t..t + SPAN * TILE].chunks_exact_mut(TILE).zip(&acc) {
            o.copy_from_slice(a);
        }
    }
    let full = n - n % TILE;
    for t in (spans..full).step_by(TILE) {
        let mut acc = [0.0f32; TILE];
        for (j, &c) in coeffs.iter().enumerate() {
            let r: &[f32; TILE] = rows[j * stride + t..j * stride + t + TILE]
                .try_into()
                .unwrap();
            for e in 0..TILE {
                acc[e] += c * r[e];
            }
        }
        out[t..t + TILE].copy_from_slice(&acc);
    }
    for (i, o) in out.iter_mut().enumerate().skip(full) {
        let mut acc = 0.0f32;
        for (j, &c) in coeffs.iter().enumerate() {
            acc += c * rows[j * stride + i];
        }
        *o = acc;
    }
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
mod tests {
    use super::*;

    #[test]
    fn transpose_moves_each_element_to_its_mirror() {
        for (rows, cols) in [(1, 1), (3, 40), (37, 19), (64, 192)] {
            let src: Vec<f32> = (0..rows * cols).map(|i| i as f32).collect();
            let mut dst = vec![-1.0; rows * cols];
            transpose(&src, cols, &mut dst);
            for j in 0..rows {
                for k in 0..cols {
                    assert_eq!(
                        dst[k * rows + j],
                        src[j * cols + k],
                        "{rows}x{cols} {j} {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn dot_and_axpy_compute_what_they_say() {
        let a: Vec<f32> = (0..21).map(|i| i as f32).collect();
        let b: Vec<f32> = (0..21).map(|i| (i % 3) as f32).collect();
        let want: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert_eq!(dot(&a, &b), want);
        let mut y = vec![1.0; 21];
        axpy(&mut y, 2.0, &b);
        assert_eq!(y[4], 1.0 + 2.0 * 1.0);
    }

    /// `dot` adds lane by lane (index mod 8) and then in a fixed tree, and `dot_rows` gives
    /// each row exactly `dot`'s value, for lengths with and without a partial chunk and row
    /// counts with and without a partial group.
    #[test]
    fn dot_rows_equal_dot_in_its_order() {
        for n in [1, 7, 8, 13, 64, 77] {
            let a = noise(n, 11);
            let stride = n + 5;
            let rows = noise(9 * stride, 12);
            let row = |r: usize| &rows[r * stride..r * stride + n];
            let mut lanes = [0.0f32; 8];
            for (i, (x, y)) in a.iter().zip(row(0)).enumerate() {
                lanes[i % 8] += x * y;
            }
            let l = lanes;
            let want = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
            assert_eq!(dot(&a, row(0)).to_bits(), want.to_bits(), "dot n={n}");
            for count in 1..=9 {
                let mut out = vec![0.0; count];
                dot_rows(&mut out, &a, &rows, stride);
                for (r, o) in out.iter().enumerate() {
                    assert_eq!(
                        o.to_bits(),
                        dot(&a, row(r)).to_bits(),
                        "n={n} row {r} of {count}"
                    );
                }
            }
        }
    }

    fn noise(len: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..len)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (s >> 8) as f32 / (1 << 24) as f32 - 0.5
            })
            .collect()
    }

    /// The blocked kernels against one plain `axpy` per row and stream, for widths with and
    /// without a partial tile and stream/row counts with and without a partial block.
    #[test]
    fn blocked_kernels_equal_one_axpy_per_row_bit_for_bit() {
        for n in [3, 8, 21, 40, 57, 70, 150] {
            for streams in 1..=9 {
                let k = 7;
                let rows = noise(k * n, 1);
                let coeffs = noise(streams * k, 2);
                let ys = noise(streams * n, 3);
                let mut plain = ys.clone();
                for b in 0..streams {
                    for j in 0..k {
                        let y = &mut plain[b * n..(b + 1) * n];
                        axpy(y, coeffs[b * k + j], &rows[j * n..(j + 1) * n]);
                    }
                }
                let mut blocked = ys.clone();
                accumulate_rows::<BASE_TILE>(&mut blocked, &coeffs, &rows, n, streams);
                assert_eq!(plain, blocked, "rows n={n} streams={streams}");
                let mut wide = ys.clone();
                accumulate_rows::<WIDE_TILE>(&mut wide, &coeffs, &rows, n, streams);
                assert_eq!(plain, wide, "wide rows n={n} streams={streams}");
                for tiled in [
                    accumulate_rows_tiled::<BASE_TILE>,
                    accumulate_rows_tiled::<WIDE_TILE>,
                ] {
                    let mut out = ys.clone();
                    tiled(&mut out, &coeffs, &rows, n, streams);
                    assert_eq!(plain, out, "tiled rows n={n} streams={streams}");
                }

                let k = 9;
                let xs = noise(streams * k, 4);
                let ds = noise(streams * n, 5);
                let g0 = noise(k * n, 6);
                let mut plain = g0.clone();
                for j in 0..k {
                    for b in 0..streams {
                        let d = &ds[b * n..(b + 1) * n];
                        axpy(&mut plain[j * n..(j + 1) * n], xs[b * k + j], d);
                    }
                }
                let mut blocked = g0.clone();
                accumulate_outer::<BASE_TILE>(&mut blocked, (&xs, k, 0), &ds, n, streams);
                assert_eq!(plain, blocked, "outer n={n} streams={streams}");
                let mut wide = g0.clone();
                accumulate_outer::<WIDE_TILE>(&mut wide, (&xs, k, 0), &ds, n, streams);
                assert_eq!(plain, wide, "wide outer n={n} streams={streams}");
                // Rows split in two parts, as threads split them.
                let mut split = g0.clone();
                let (top, bottom) = split.split_at_mut(5 * n);
                accumulate_outer::<WIDE_TILE>(top, (&xs, k, 0), &ds, n, streams);
                accumulate_outer::<WIDE_TILE>(bottom, (&xs, k, 5), &ds, n, streams);
                assert_eq!(plain, split, "split outer n={n} streams={streams}");
                // Rows `stride` apart combined into one output.
                let (stride, rows) = (n + 3, noise(k * (n + 3), 7));
                let mut plain = vec![0.0; n];
                for j in 0..k {
                    axpy(&mut plain, xs[j], &rows[j * stride..j * stride + n]);
                }
                let mut combined = vec![1.0; n];
                combine_rows::<BASE_TILE>(&mut combined, &xs[..k], &rows, stride);
                assert_eq!(plain, combined, "combined rows n={n}");
                combine_rows::<WIDE_TILE>(&mut combined, &xs[..k], &rows, stride);
                assert_eq!(plain, combined, "wide combined rows n={n}");
            }
        }
    }
}
