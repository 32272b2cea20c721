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

/// Σ a_i b_i with eight lanes (lane k sums indices ≡ k mod 8), then a fixed reduction tree.
#[inline]
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
}
