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

/// Per-symbol code lengths being summed.
pub struct Tally {
    n: u64,
    bits: f64,
    squares: f64,
    curve: CurveRecorder,
}

impl Tally {
    pub fn new(len: usize) -> Tally {
        Tally {
            n: 0,
            bits: 0.0,
            squares: 0.0,
            curve: CurveRecorder::new(len),
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
            curve: self.curve.finish(),
        }
    }
}
