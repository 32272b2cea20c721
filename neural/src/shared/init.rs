//! Seeded weight initialisation: SplitMix64, a fixed, documented generator, so the same seed
//! gives the same weights in every version and on every machine.

pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-scale, scale), from the top 24 bits.
    pub fn uniform(&mut self, scale: f32) -> f32 {
        let u = (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
        (2.0 * u - 1.0) * scale
    }
}

impl SplitMix64 {
    /// Approximately standard normal: the sum of 12 uniforms on [0, 1) minus 6 (variance 1),
    /// from + and − only, so no platform libm enters the weights.
    pub fn normal(&mut self) -> f64 {
        (0..12)
            .map(|_| (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
            .sum::<f64>()
            - 6.0
    }
}

/// An n × n orthogonal matrix (row-major), the Q of the Householder QR of a seeded Gaussian
/// matrix with R's diagonal made positive (so Q is drawn evenly over the orthogonal group).
/// Computed in f64 with + − × ÷ and sqrt (all correctly rounded in IEEE 754), so every
/// machine gets the same bits.
pub fn orthogonal(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
    let mut a: Vec<f64> = (0..n * n).map(|_| rng.normal()).collect();
    // Householder vectors v_k (unit length, zero above k) and the signs of R's diagonal.
    let mut vs = Vec::with_capacity(n);
    let mut signs = vec![1.0f64; n];
    for k in 0..n {
        let norm = (k..n)
            .map(|i| a[i * n + k] * a[i * n + k])
            .sum::<f64>()
            .sqrt();
        let x0 = a[k * n + k];
        let alpha = if x0 >= 0.0 { -norm } else { norm };
        let mut v = vec![0.0f64; n];
        for i in k..n {
            v[i] = a[i * n + k];
        }
        v[k] -= alpha;
        let vnorm = (k..n).map(|i| v[i] * v[i]).sum::<f64>().sqrt();
        if vnorm > 0.0 {
            (k..n).for_each(|i| v[i] /= vnorm);
        }
        // A ← (I − 2vvᵀ)·A on the columns k.. .
        for c in k..n {
            let d: f64 = (k..n).map(|i| v[i] * a[i * n + c]).sum();
            (k..n).for_each(|i| a[i * n + c] -= 2.0 * d * v[i]);
        }
        signs[k] = if a[k * n + k] < 0.0 { -1.0 } else { 1.0 };
        vs.push(v);
    }
    // Q = H_0·H_1·…·H_{n−1}, applied to the identity from the right-most reflection.
    let mut q: Vec<f64> = (0..n * n)
        .map(|i| if i / n == i % n { 1.0 } else { 0.0 })
        .collect();
    for (k, v) in vs.iter().enumerate().rev() {
        for c in 0..n {
            let d: f64 = (k..n).map(|i| v[i] * q[i * n + c]).sum();
            (k..n).for_each(|i| q[i * n + c] -= 2.0 * d * v[i]);
        }
    }
    // Column k times the sign of R_kk.
    (0..n * n).map(|i| (q[i] * signs[i % n]) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orthogonal_matrices_are_orthogonal_and_seeded() {
        for n in [1, 5, 64, 128] {
            let q = orthogonal(n, &mut SplitMix64::new(n as u64));
            for i in 0..n {
                for j in 0..n {
                    let dot: f64 = (0..n).map(|k| (q[k * n + i] * q[k * n + j]) as f64).sum();
                    let want = if i == j { 1.0 } else { 0.0 };
                    assert!((dot - want).abs() < 1e-5, "n = {n}: (QᵀQ)[{i},{j}] = {dot}");
                }
            }
            assert_eq!(q, orthogonal(n, &mut SplitMix64::new(n as u64)));
        }
        // Not the identity or a sign pattern: a real rotation.
        let q = orthogonal(8, &mut SplitMix64::new(3));
        assert!(
            q.iter()
                .filter(|v| v.abs() > 0.05 && v.abs() < 0.95)
                .count()
                > 32
        );
    }

    #[test]
    fn normal_draws_have_unit_variance() {
        let mut rng = SplitMix64::new(9);
        let xs: Vec<f64> = (0..100_000).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
    }
}
