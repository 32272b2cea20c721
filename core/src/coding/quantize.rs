//! The one place where a distribution becomes an integer frequency table. Encoder and decoder
//! both go through these functions, so equal inputs give bit-equal tables: every entry >= 1,
//! the sum exactly `TOTAL_FREQ`, using only operations with a single IEEE/integer result.

use super::range_coder::TOTAL_FREQ;

/// Quantises probabilities (non-negative, summing to about 1) into `freqs`.
pub fn quantize_probs(probs: &[f32], freqs: &mut [u32]) {
    let free = (TOTAL_FREQ - probs.len() as u32) as f32;
    for (f, &p) in freqs.iter_mut().zip(probs) {
        // `as u32` saturates, so NaN maps to 0 and a p above 1 to the cap below.
        *f = 1 + ((p * free) as u32).min(free as u32);
    }
    fix_total(freqs);
}

/// Quantises integer weights (the model's counts) into `freqs` with integer arithmetic.
pub fn quantize_weights(weights: &[u64], freqs: &mut [u32]) {
    let total: u64 = weights.iter().sum::<u64>().max(1);
    let free = (TOTAL_FREQ - weights.len() as u32) as u64;
    for (f, &w) in freqs.iter_mut().zip(weights) {
        *f = 1 + (w * free / total) as u32;
    }
    fix_total(freqs);
}

/// Gives the rounding remainder to (or takes the excess from) the largest entry, the first one
/// on ties, so the table sums to exactly `TOTAL_FREQ`.
fn fix_total(freqs: &mut [u32]) {
    let sum: u32 = freqs.iter().sum();
    let (argmax, _) = freqs.iter().enumerate().fold(
        (0, 0),
        |best, (i, &f)| if f > best.1 { (i, f) } else { best },
    );
    if sum <= TOTAL_FREQ {
        freqs[argmax] += TOTAL_FREQ - sum;
    } else {
        // Only a distribution summing above 1 gets here; the largest entry holds at least
        // sum / M, so removing the excess from it cannot drop it below 1.
        freqs[argmax] -= sum - TOTAL_FREQ;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sum_exactly_and_keep_every_symbol() {
        let cases: Vec<Vec<f32>> = vec![
            vec![1.0, 0.0],
            vec![0.5, 0.5],
            vec![0.7, 0.7],
            vec![f32::NAN, 0.3],
            vec![1.0 / 3.0; 3],
            vec![1.0 / 256.0; 256],
        ];
        for probs in cases {
            let mut freqs = vec![0; probs.len()];
            quantize_probs(&probs, &mut freqs);
            assert_eq!(freqs.iter().sum::<u32>(), TOTAL_FREQ, "{probs:?}");
            assert!(freqs.iter().all(|&f| f >= 1));
        }
        let mut freqs = vec![0; 4];
        quantize_weights(&[8, 4, 2, 2], &mut freqs);
        assert_eq!(freqs.iter().sum::<u32>(), TOTAL_FREQ);
        assert_eq!(freqs[1], 1 + (4 * (TOTAL_FREQ as u64 - 4) / 16) as u32);
    }
}
