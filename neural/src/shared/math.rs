//! exp, ln, sigmoid, tanh and softmax from + − × ÷ only, so every platform computes the same bits:
//! a platform libm may round expf differently on another machine, and the decoder must replay
//! the encoder's probabilities exactly.

const LOG2E: f32 = std::f32::consts::LOG2_E;
/// ln 2 split in a part exact in few bits and a remainder (Cody–Waite reduction).
const LN2_HI: f32 = 0.693_145_75;
const LN2_LO: f32 = 1.428_606_8e-6;

/// e^x with a relative error of a few ulp over [-87, 88]; inputs outside are clamped.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let t = x * LOG2E;
    // Round half away from zero: truncate t + 0.5 (t ≥ 0, −0 included) or t − 0.5 (t < 0).
    // Written without branches or a saturating cast so that loops over exp vectorise; the
    // max/min only turn a NaN into a finite value for the truncation (the result stays NaN).
    let u = t + if t >= 0.0 { 0.5 } else { -0.5 };
    // SAFETY: u is finite and within ±200, so it fits an i32.
    #[allow(clippy::manual_clamp, reason = "clamp keeps a NaN; max/min replace it")]
    let n: i32 = unsafe { u.max(-200.0).min(200.0).to_int_unchecked() };
    let nf = n as f32;
    let r = (x - nf * LN2_HI) - nf * LN2_LO;
    // Taylor series of e^r for |r| <= ln2/2, to degree 7.
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r / 5040.0))))));
    // Scale by 2^n in two halves so n near ±127 neither overflows nor loses the subnormals.
    let half = n / 2;
    let scale = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    p * scale(half) * scale(n - half)
}

/// The natural logarithm of x > 0 with a relative error of a few ulp; 0 and subnormals give
/// ln of the smallest normal number (−87.3), so a zero probability stays finite.
#[inline(always)]
pub fn ln(x: f32) -> f32 {
    let x = x.max(f32::MIN_POSITIVE);
    let bits = x.to_bits();
    // x = m · 2^e with m in [√½, √2): take the exponent, then move m's top half down.
    // Written as selects, not a branch, so that loops over ln vectorise.
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let high = m > std::f32::consts::SQRT_2;
    let e = ((bits >> 23) & 0xff) as i32 - 127 + high as i32;
    let m = if high { m * 0.5 } else { m };
    // ln m = 2 atanh(z), z = (m − 1)/(m + 1), |z| <= 0.172: the series to z^9.
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let series = 2.0 * z * (1.0 + z2 * (1.0 / 3.0 + z2 * (0.2 + z2 * (1.0 / 7.0 + z2 / 9.0))));
    let ef = e as f32;
    ef * LN2_HI + (series + ef * LN2_LO)
}

#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    // 1 − 2/(e^{2x}+1), odd-symmetric so tanh(−x) = −tanh(x) exactly.
    let a = x.abs();
    let t = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
    if x < 0.0 {
        -t
    } else {
        t
    }
}

/// The largest of `values` (−∞ for none; NaNs are passed over), taken over eight lanes so the
/// comparisons do not wait on one another: a maximum is the same value in any order (up to
/// the sign of a zero, which e^(v − max) does not see).
#[inline(always)]
pub fn maximum(values: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 8];
    let chunks = values.chunks_exact(8);
    for (k, &z) in chunks.remainder().iter().enumerate() {
        lanes[k] = lanes[k].max(z);
    }
    for chunk in chunks {
        for k in 0..8 {
            lanes[k] = lanes[k].max(chunk[k]);
        }
    }
    lanes.iter().fold(f32::NEG_INFINITY, |m, &z| m.max(z))
}

/// Softmax of `logits` into `out`, summed in index order.
pub fn softmax(logits: &[f32], out: &mut [f32]) {
    let max = maximum(logits);
    // The exponentials first (a loop the compiler vectorises: the same IEEE operations per
    // element), then their sum in index order, so the bits do not depend on the vector width.
    for (o, &z) in out.iter_mut().zip(logits) {
        *o = exp(z - max);
    }
    let sum: f32 = out.iter().sum();
    let inv = 1.0 / sum;
    out.iter_mut().for_each(|o| *o *= inv);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_the_reference_functions() {
        let mut x = -30.0f32;
        while x < 30.0 {
            let (e, r) = (exp(x) as f64, (x as f64).exp());
            assert!((e - r).abs() <= 4e-7 * r, "exp({x}) = {e}, want {r}");
            assert!(
                (tanh(x) as f64 - (x as f64).tanh()).abs() < 2e-7,
                "tanh({x})"
            );
            assert!((sigmoid(x) as f64 - 1.0 / (1.0 + (-x as f64).exp())).abs() < 2e-7);
            x += 0.0137;
        }
        let mut y = 1e-30f32;
        while y < 1e30 {
            let (l, r) = (ln(y) as f64, (y as f64).ln());
            assert!(
                (l - r).abs() <= 3e-7 * r.abs().max(1.0),
                "ln({y}) = {l}, want {r}"
            );
            y *= 1.0137;
        }
        assert_eq!(ln(1.0), 0.0);
        assert!(ln(0.0).is_finite() && ln(0.0) < -87.0);
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(-200.0) >= 0.0 && exp(200.0).is_finite());
        let mut p = [0.0; 3];
        softmax(&[1.0, 2.0, 3.0], &mut p);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6 && p[2] > p[1]);
    }
}
