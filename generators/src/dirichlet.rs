//! Rows of probabilities drawn from a symmetric Dirichlet(α) prior, deterministically from
//! the job's random stream: Gamma(α) draws by Marsaglia and Tsang's method (normal deviates by
//! the polar method), normalised. Only `math`'s ln and exp and IEEE arithmetic are used, so a
//! seed gives the same rows on every machine.

use rand::Rng;
use rand_pcg::Pcg64;

use crate::math::{exp, ln};

/// A standard normal deviate (Marsaglia's polar method).
fn normal(rng: &mut Pcg64) -> f64 {
    loop {
        let u = 2.0 * rng.random::<f64>() - 1.0;
        let v = 2.0 * rng.random::<f64>() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * ln(s) / s).sqrt();
        }
    }
}

/// ln of a Gamma(a, 1) deviate, a > 0 (in logs, so the tiny draws of a small shape keep
/// their ratios instead of underflowing to 0).
fn ln_gamma_deviate(a: f64, rng: &mut Pcg64) -> f64 {
    if a < 1.0 {
        // Gamma(a) = Gamma(a + 1) · U^(1/a).
        let u: f64 = 1.0 - rng.random::<f64>();
        return ln_gamma_deviate(a + 1.0, rng) + ln(u) / a;
    }
    let d = a - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let z = normal(rng);
        let v = 1.0 + c * z;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u: f64 = 1.0 - rng.random::<f64>();
        if ln(u) < 0.5 * z * z + d - d * v + d * ln(v) {
            return ln(d) + ln(v);
        }
    }
}

/// `m` probabilities drawn from Dirichlet(α, …, α), summing to 1 (a draw too small for f64
/// is 0).
pub fn row(m: usize, alpha: f64, rng: &mut Pcg64) -> Vec<f64> {
    let logs: Vec<f64> = (0..m).map(|_| ln_gamma_deviate(alpha, rng)).collect();
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut p: Vec<f64> = logs.iter().map(|&l| exp(l - top)).collect();
    let total: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= total);
    p
}

/// A symbol drawn from `p` (by its cumulative sums, in index order).
pub fn draw(p: &[f64], rng: &mut Pcg64) -> u8 {
    let u: f64 = rng.random();
    let mut cumulative = 0.0;
    for (s, &x) in p.iter().enumerate() {
        cumulative += x;
        if u < cumulative {
            return s as u8;
        }
    }
    // Rounding left u above the last sum: the last symbol of positive probability.
    p.iter().rposition(|&x| x > 0.0).unwrap_or(0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rows_have_the_dirichlet_mean_and_variance() {
        let mut rng = Pcg64::seed_from_u64(3);
        for (m, alpha) in [(2, 0.5), (4, 0.1), (16, 1.0), (3, 5.0)] {
            let n = 20_000;
            let draws: Vec<f64> = (0..n).map(|_| row(m, alpha, &mut rng)[0]).collect();
            let mean = draws.iter().sum::<f64>() / n as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            // A component of Dirichlet(α…): mean 1/M, variance (M − 1)/(M²(Mα + 1)).
            let (m, a) = (m as f64, alpha);
            let want = (m - 1.0) / (m * m * (m * a + 1.0));
            assert!(
                (mean - 1.0 / m).abs() < 4.0 * (want / n as f64).sqrt(),
                "{m} {a}: {mean}"
            );
            assert!((var / want - 1.0).abs() < 0.06, "{m} {a}: {var} vs {want}");
        }
    }
}
