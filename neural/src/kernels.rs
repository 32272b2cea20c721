//! The matrix–vector kernels, written so that the order of every floating-point operation is
//! fixed by the source: `axpy` updates each output element in input order (independent lanes,
//! which the compiler may vectorise at any width without changing a bit), and `dot` keeps
//! eight partial sums combined in a fixed tree. No FMA contraction, no runtime dispatch.

/// y += a · x, element by element.
#[inline]
pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// For each stream b < `streams`: y_b += Σ_j coeffs_b[j] · rows[j], where y_b is the b-th
/// slice of `n` values of `ys` and coeffs_b the b-th slice of `rows.len() / n` values of
/// `coeffs`. Every element adds its terms in order j = 0, 1, … (bit-identical to one `axpy`
/// per row and stream), but four rows share each load and store of y, and each block of four
/// rows is used by every stream while it is in cache.
pub fn accumulate_rows(ys: &mut [f32], coeffs: &[f32], rows: &[f32], n: usize, streams: usize) {
    let k = rows.len() / n;
    let mut row = 0;
    while row + 4 <= k {
        let r = &rows[row * n..(row + 4) * n];
        let (r0, rest) = r.split_at(n);
        let (r1, rest) = rest.split_at(n);
        let (r2, r3) = rest.split_at(n);
        for b in 0..streams {
            let c = &coeffs[b * k + row..b * k + row + 4];
            let y = &mut ys[b * n..(b + 1) * n];
            for i in 0..n {
                let mut t = y[i];
                t += c[0] * r0[i];
                t += c[1] * r1[i];
                t += c[2] * r2[i];
                t += c[3] * r3[i];
                y[i] = t;
            }
        }
        row += 4;
    }
    for j in row..k {
        for b in 0..streams {
            axpy(
                &mut ys[b * n..(b + 1) * n],
                coeffs[b * k + j],
                &rows[j * n..(j + 1) * n],
            );
        }
    }
}

/// g += a · x and returns dot(w, x), in one pass over x; the dot has exactly `dot`'s lanes
/// and reduction, so the result is bit-identical to calling the two separately.
#[inline]
pub fn axpy_and_dot(g: &mut [f32], a: f32, w: &[f32], x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let cg = g.chunks_exact_mut(8);
    let cw = w.chunks_exact(8);
    let cx = x.chunks_exact(8);
    let tail = x.len() - x.len() % 8;
    for ((gg, ww), xx) in cg.zip(cw).zip(cx) {
        for k in 0..8 {
            gg[k] += a * xx[k];
            acc[k] += ww[k] * xx[k];
        }
    }
    for (k, i) in (tail..x.len()).enumerate() {
        g[i] += a * x[i];
        acc[k] += w[i] * x[i];
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

/// The reference for `axpy_and_dot`'s dot: Σ a_i b_i with eight lanes (lane k sums indices ≡ k mod 8), then a fixed reduction tree.
#[cfg(test)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    for (k, (&x, &y)) in ra.iter().zip(rb).enumerate() {
        acc[k] += x * y;
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn fused_kernels_equal_their_plain_forms_bit_for_bit() {
        let mut s = 7u32;
        let mut next = || {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (s >> 8) as f32 / (1 << 24) as f32 - 0.5
        };
        let n = 21;
        let rows: Vec<f32> = (0..7 * n).map(|_| next()).collect();
        let coeffs: Vec<f32> = (0..7).map(|_| next()).collect();
        let mut plain: Vec<f32> = (0..n).map(|_| next()).collect();
        let mut fused = plain.clone();
        for (j, &c) in coeffs.iter().enumerate() {
            axpy(&mut plain, c, &rows[j * n..(j + 1) * n]);
        }
        accumulate_rows(&mut fused, &coeffs, &rows, n, 1);
        assert_eq!(plain, fused);
        // Two streams give each stream what one stream alone gives.
        let mut two: Vec<f32> = [fused.clone(), plain.clone()].concat();
        let coeffs2: Vec<f32> = [coeffs.clone(), coeffs.iter().map(|c| -c).collect()].concat();
        accumulate_rows(&mut two, &coeffs2, &rows, n, 2);
        let mut second = plain.clone();
        let neg: Vec<f32> = coeffs.iter().map(|c| -c).collect();
        accumulate_rows(&mut second, &neg, &rows, n, 1);
        accumulate_rows(&mut fused, &coeffs, &rows, n, 1);
        assert_eq!(two, [fused, second].concat());
        let (w, x) = (&rows[..n], &rows[n..2 * n]);
        let mut g1 = rows[2 * n..3 * n].to_vec();
        let mut g2 = g1.clone();
        axpy(&mut g1, 0.3, x);
        let d = axpy_and_dot(&mut g2, 0.3, w, x);
        assert_eq!((g1, dot(w, x).to_bits()), (g2, d.to_bits()));
    }
}
