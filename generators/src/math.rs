//! ln and exp in f64 from +, −, ×, ÷ alone (each correctly rounded by IEEE 754), in a fixed
//! order, so the drawn chains and the yardsticks are the same numbers on every machine: the
//! platform's libm may differ in the last bit between systems, and a row drawn one ulp apart
//! can move a sampled symbol. Accurate to a few ulps, which the tests check against std.

/// ln 2 in two parts (fdlibm's): the high one has its low 32 bits zero, so k · LN2_HI is
/// exact for the k of any f64.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const SQRT_HALF: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// x = m · 2^e with m in [√½, √2): (ln m, e).
fn split(x: f64) -> (f64, f64) {
    debug_assert!(x > 0.0 && x.is_finite(), "ln({x})");
    let (mut m, mut e) = if x < f64::MIN_POSITIVE {
        (x * (1u64 << 54) as f64, -54i64)
    } else {
        (x, 0)
    };
    let bits = m.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    if m >= 2.0 * SQRT_HALF {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.172: the odd series to s^23.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    for k in (0..12).rev() {
        sum = sum * s2 + 1.0 / (2 * k + 1) as f64;
    }
    (2.0 * s * sum, e as f64)
}

/// Natural logarithm of a positive, finite x (−∞ at 0).
pub fn ln(x: f64) -> f64 {
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    let (ln_m, e) = split(x);
    e * LN2_HI + (ln_m + e * LN2_LO)
}

/// log2 x (exact at powers of two; −∞ at 0).
pub fn log2(x: f64) -> f64 {
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    let (ln_m, e) = split(x);
    e + ln_m * std::f64::consts::LOG2_E
}

/// e^x (0 below −745, ∞ above 709.8).
pub fn exp(x: f64) -> f64 {
    if x < -745.2 {
        return 0.0;
    }
    if x > 709.78 {
        return f64::INFINITY;
    }
    // x = k ln 2 + r, |r| ≤ ln2/2: e^r by its Taylor series to r^16.
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut sum = 1.0;
    for n in (1..=16).rev() {
        sum = 1.0 + sum * r / n as f64;
    }
    // Scale by 2^k in two steps, so subnormal results come out right too.
    let k = k as i64;
    let half = k / 2;
    sum * pow2(half) * pow2(k - half)
}

/// 2^k for k in −1022..=1023.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_and_exp_agree_with_std_to_a_few_ulps() {
        let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1e-300);
        let mut x = 1e-310;
        while x < 1e300 {
            assert!(close(ln(x), x.ln()), "ln({x}) = {} vs {}", ln(x), x.ln());
            x *= 1.37;
        }
        for i in -7000..7000 {
            let x = i as f64 * 0.1013;
            assert!(
                close(exp(x), x.exp()),
                "exp({x}) = {} vs {}",
                exp(x),
                x.exp()
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(log2(8.0), 3.0);
        assert_eq!(exp(-800.0), 0.0);
    }
}
