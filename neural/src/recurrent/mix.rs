//! `mix=order0` (kept for the `.dz` files that name it; new specs use the order-0 expert of
//! the core's mixing): the model's distribution blended with an adaptive order-0 estimate (KT
//! counts of the symbols seen so far in the stream) by a two-expert fixed-share mixer. Each
//! expert's weight is multiplied by the probability it gave the symbol that came, the weights
//! are renormalised, and a share α = 2⁻¹³ is spread back evenly, so an expert that starts to
//! predict well takes over within a few dozen symbols. The coded cost is then at most the
//! better expert's plus about α/ln 2 ≈ 0.00018 bits/symbol (plus a few bits per switch):
//! a model that cannot predict costs little more than order-0 on incompressible input.
//! Everything is + − × ÷ in f64 in a fixed order, so encoder and decoder agree to the bit.
//! The model trains on its own distribution; the mixer only changes what is coded.

/// The share of weight spread back to both experts at every step.
const SHARE: f64 = 1.0 / 8192.0;

pub struct FixedShare {
    alphabet: usize,
    /// Per stream, the count of each symbol so far.
    counts: Vec<u64>,
    /// Per stream, the symbols seen so far.
    seen: Vec<u64>,
    /// Per stream, the weight of the model (the order-0 estimate has the rest).
    model_weight: Vec<f64>,
    /// The blended distributions, M per stream.
    mixed: Vec<f32>,
}

impl FixedShare {
    pub fn new(alphabet: usize, streams: usize) -> FixedShare {
        FixedShare {
            alphabet,
            counts: vec![0; alphabet * streams],
            seen: vec![0; streams],
            model_weight: vec![0.5; streams],
            mixed: vec![0.0; alphabet * streams],
        }
    }

    /// The KT estimate of symbol s in stream b.
    fn order0(&self, b: usize, s: usize) -> f64 {
        let m = self.alphabet;
        (self.counts[b * m + s] as f64 + 0.5) / (self.seen[b] as f64 + 0.5 * m as f64)
    }

    /// The blend of the model's distributions `probs` (M per stream) for the first `live`
    /// streams.
    pub fn mix(&mut self, probs: &[f32], live: usize) -> &[f32] {
        let m = self.alphabet;
        for b in 0..live {
            let w = self.model_weight[b];
            for s in 0..m {
                let p = w * probs[b * m + s] as f64 + (1.0 - w) * self.order0(b, s);
                self.mixed[b * m + s] = p as f32;
            }
        }
        &self.mixed[..live * m]
    }

    /// Learns from the symbols that came (one per live stream), given the model's
    /// distributions `probs` that predicted them.
    pub fn update(&mut self, probs: &[f32], symbols: &[u8]) {
        let m = self.alphabet;
        for (b, &s) in symbols.iter().enumerate() {
            let s = s as usize;
            let w = self.model_weight[b];
            let by_model = w * probs[b * m + s] as f64;
            let by_counts = (1.0 - w) * self.order0(b, s);
            let total = by_model + by_counts;
            let posterior = if total > 0.0 { by_model / total } else { w };
            self.model_weight[b] = (1.0 - SHARE) * posterior + 0.5 * SHARE;
            self.counts[b * m + s] += 1;
            self.seen[b] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code length in bits of `symbols` under the mixer fed a fixed model distribution.
    fn mixed_bits(model: &[f32], symbols: &[u8]) -> f64 {
        let mut mixer = FixedShare::new(model.len(), 1);
        let mut bits = 0.0;
        for &s in symbols {
            bits -= (mixer.mix(model, 1)[s as usize] as f64).log2();
            mixer.update(model, &[s]);
        }
        bits
    }

    #[test]
    fn a_blind_model_costs_about_order0_and_a_good_one_keeps_its_rate() {
        let symbols: Vec<u8> = (0..20_000u64)
            .map(|i| ((i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) & 1) as u8)
            .collect();
        // A confidently wrong model on incompressible bits: ≈ 1 bit/symbol, not its 3.3.
        let bps = mixed_bits(&[0.9, 0.1], &symbols) / symbols.len() as f64;
        assert!(bps < 1.002, "{bps}");
        // A model that is right (symbols all 0 with its 0.99) keeps its cost within α.
        let zeros = vec![0u8; 20_000];
        let own = -(0.99f64).log2();
        let bps = mixed_bits(&[0.99, 0.01], &zeros) / zeros.len() as f64;
        assert!(bps < own + 0.0005, "{bps} vs {own}");
    }

    #[test]
    fn mixed_distributions_sum_to_one() {
        let mut mixer = FixedShare::new(3, 2);
        mixer.update(&[0.2, 0.3, 0.5, 0.6, 0.3, 0.1], &[2, 0]);
        let p = mixer.mix(&[0.2, 0.3, 0.5, 0.6, 0.3, 0.1], 2);
        for d in p.chunks(3) {
            assert!((d.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        }
    }
}
