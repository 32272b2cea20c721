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
