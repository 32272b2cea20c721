//! What a source knows about the very sequence it generated, beside its entropy rate: the code
//! length of a coder that knows the source (the oracle: −log2 P_source(x_t | past), from the
//! probabilities and random events that made each symbol) and, for the sources drawn from a
//! prior, of the Bayes-optimal learner of the source's family. Each is summed in f64 in
//! symbol order while the source generates, with its learning curve over the same windows as
//! a model's (`curve`).

use crate::curve::CurveRecorder;

/// One yardstick of one sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Yardstick {
    /// Its code length, bits per symbol.
    pub bps: f64,
    /// The variance of the per-symbol code lengths (bits²), for a standard error.
    pub variance: f64,
    /// (end position in symbols, bits per symbol over the window ending there).
    pub curve: Vec<(u64, f64)>,
    /// Bits per symbol by position in the segment of a source redrawn every L symbols,
    /// averaged over the segments; empty otherwise.
    pub by_position: Vec<f64>,
}

/// A sequence's yardsticks; `None` where the source has none (a file; the Bayes learner of
/// a family without a closed form).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Yardsticks {
    /// The entropy rate of what was drawn, for sources whose rate depends on the seed (a
    /// random chain); `None` where the source's own rate holds.
    pub entropy_rate_bps: Option<f64>,
    pub oracle: Option<Yardstick>,
    pub bayes: Option<Yardstick>,
}

/// How many standard errors the oracle may stand from the rate before the sequence is called
/// unmixed.
pub const MIXED_STANDARD_ERRORS: f64 = 4.0;
/// Rounding slack (bits per symbol) of that comparison, for sequences whose code lengths do
/// not vary (a counter, a noiseless recurrence): their standard error is 0.
pub const MIXED_ROUNDING_BPS: f64 = 1e-9;

impl Yardstick {
    /// The standard error of `bps` over `n` symbols: the larger of the i.i.d. one,
    /// √(variance / n), and the batch-means one over the curve's full windows (about 100),
    /// which also counts what the i.i.d. one misses, the correlation between symbols of a
    /// slowly moving chain.
    pub fn standard_error(&self, n: usize) -> f64 {
        let iid = (self.variance / n.max(1) as f64).sqrt();
        let width = self.curve.first().map_or(0, |p| p.0);
        let means: Vec<f64> = self
            .curve
            .iter()
            .enumerate()
            .filter(|&(i, p)| p.0 == (i as u64 + 1) * width)
            .map(|(_, p)| p.1)
            .collect();
        if means.len() < 2 {
            return iid;
        }
        let b = means.len() as f64;
        let mean = means.iter().sum::<f64>() / b;
        let spread = means.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / (b - 1.0);
        iid.max((spread / b).sqrt())
    }
}

impl Yardsticks {
    /// Whether the oracle's code length of this sequence of `n` symbols lies within
    /// `MIXED_STANDARD_ERRORS` of what the entropy rate `rate_bps` predicts for it:
    /// `warmup` uniform start symbols at log2 M bits each, the rate for the rest. `false`
    /// names a sequence (a peaky chain) that has not mixed over its length, so its gap to
    /// the rate means nothing and the regret against the oracle is the number to read.
    /// `None` where the rate or the oracle is unknown.
    pub fn mixed(&self, rate_bps: Option<f64>, warmup: usize, alphabet: usize) -> Option<bool> {
        let (rate, oracle) = (self.entropy_rate_bps.or(rate_bps)?, self.oracle.as_ref()?);
        let n = oracle.curve.last().map_or(0, |p| p.0 as usize);
        if n == 0 {
            return None;
        }
        let w = warmup.min(n);
        let expected =
            (w as f64 * crate::math::log2(alphabet as f64) + (n - w) as f64 * rate) / n as f64;
        let allowed = MIXED_STANDARD_ERRORS * oracle.standard_error(n) + MIXED_ROUNDING_BPS;
        Some((oracle.bps - expected).abs() <= allowed)
    }
}

/// Per-symbol code lengths being summed.
pub struct Tally {
    n: u64,
    bits: f64,
    squares: f64,
    curve: CurveRecorder,
}

impl Tally {
    pub fn new(len: usize) -> Tally {
        Tally::with_segments(len, None)
    }

    /// Also averages by position in segments of `segment` symbols.
    pub fn with_segments(len: usize, segment: Option<usize>) -> Tally {
        Tally {
            n: 0,
            bits: 0.0,
            squares: 0.0,
            curve: CurveRecorder::with_segments(len, segment),
        }
    }

    /// The next symbol's code length.
    pub fn add(&mut self, bits: f64) {
        self.n += 1;
        self.bits += bits;
        self.squares += bits * bits;
        self.curve.record(bits);
    }

    /// `bits` spread evenly over the next `symbols` symbols (a block's cost).
    pub fn spread(&mut self, bits: f64, symbols: usize) {
        for _ in 0..symbols {
            self.add(bits / symbols as f64);
        }
    }

    pub fn finish(self) -> Yardstick {
        let n = self.n.max(1) as f64;
        let bps = self.bits / n;
        Yardstick {
            bps,
            variance: (self.squares / n - bps * bps).max(0.0),
            by_position: self.curve.by_position(),
            curve: self.curve.finish(),
        }
    }
}
