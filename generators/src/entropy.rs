//! Entropy helpers in bits.

/// Binary entropy h(p) in bits; h(0) = h(1) = 0.
pub fn binary_entropy_bits(p: f64) -> f64 {
    if p <= 0.0 || p >= 1.0 {
        return 0.0;
    }
    -(p * p.log2() + (1.0 - p) * (1.0 - p).log2())
}

/// Shannon entropy of a distribution, in bits; zero-probability terms contribute nothing.
pub fn entropy_bits(probs: &[f64]) -> f64 {
    probs
        .iter()
        .filter(|&&p| p > 0.0)
        .map(|&p| -p * p.log2())
        .sum()
}

/// Empirical order-0 entropy of a symbol sequence, in bits per symbol.
pub fn empirical_entropy_bits(symbols: &[u8]) -> f64 {
    let mut counts = [0u64; 256];
    for &s in symbols {
        counts[s as usize] += 1;
    }
    let n = symbols.len() as f64;
    let probs: Vec<f64> = counts.iter().map(|&c| c as f64 / n).collect();
    entropy_bits(&probs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(binary_entropy_bits(0.5), 1.0);
        assert_eq!(binary_entropy_bits(0.0), 0.0);
        assert!((binary_entropy_bits(0.1) - 0.468_995_593_589_281_2).abs() < 1e-12);
        assert_eq!(entropy_bits(&[0.5, 0.25, 0.125, 0.125]), 1.75);
        assert_eq!(empirical_entropy_bits(&[0, 1, 2, 3]), 2.0);
    }
}
