//! One row of results: what one job measured. Every column carries its unit in its name.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Experiment name.
    pub experiment: String,
    /// Position of the job in the expanded plan.
    pub job: usize,
    /// Source label, e.g. `markov-20`.
    pub source: String,
    /// Every source parameter, `key=value` separated by spaces.
    pub source_params: String,
    /// Alphabet size M.
    pub alphabet: usize,
    /// Stream length in symbols.
    pub length: usize,
    /// Seed of the source (and of any model).
    pub seed: u64,
    /// Compressor label, e.g. `gzip-9`, `order-2`.
    pub compressor: String,
    /// Every compressor parameter.
    pub compressor_params: String,
    /// Size of the whole compressed stream, header included, in bytes.
    pub compressed_bytes: Option<u64>,
    /// Bytes of compressed_bytes that are the `.dz` header (model, seed, alphabet map,
    /// length, CRC); empty for compressors that write no `.dz`.
    #[serde(default)]
    pub header_bytes: Option<u64>,
    /// 8 × compressed_bytes / length (the whole stream, header included).
    pub bits_per_symbol: Option<f64>,
    /// Exact entropy rate of the source in bits per symbol; empty when unknown.
    pub entropy_rate_bps: Option<f64>,
    /// bits_per_symbol − entropy_rate_bps.
    pub gap_bps: Option<f64>,
    /// The code length of a coder that knows the source, on this very sequence, bits per
    /// symbol; empty where the source has none (a file).
    #[serde(default)]
    pub oracle_bps: Option<f64>,
    /// The code length of the Bayes-optimal learner of the source's family, bits per symbol;
    /// empty where it has no closed form.
    #[serde(default)]
    pub bayes_bps: Option<f64>,
    /// Whether the oracle lies within 4 standard errors of the entropy rate on this sequence
    /// (`false`: a chain that has not mixed over the job's length, whose gap to the rate
    /// means nothing; read the regret against the oracle); empty where either is unknown.
    #[serde(default)]
    pub mixed: Option<bool>,
    /// Wall time of compression in seconds.
    pub compress_s: Option<f64>,
    /// Wall time of decompression in seconds; empty when verification is off.
    pub decompress_s: Option<f64>,
    /// length / compress_s.
    pub symbols_per_s: Option<f64>,
    /// Threads the job ran on (its timings depend on it, its bits do not).
    #[serde(default)]
    pub threads: Option<u64>,
    /// CPU seconds (user + system) of a command compressor's compress run.
    #[serde(default)]
    pub cpu_s: Option<f64>,
    /// Peak resident memory of a command compressor's compress run (from wait4), bytes.
    #[serde(default)]
    pub peak_rss_bytes: Option<u64>,
    /// A neural model's state (weights, Adam moments, TBPTT records), bytes: the estimate
    /// the 8 GiB check uses, not a process measurement.
    #[serde(default)]
    pub model_bytes: Option<u64>,
    /// The price of a prior learned on the source's family (`pretrain:`), not stored in the
    /// file: parameters × bits_per_parameter / 8; empty without a prior.
    #[serde(default)]
    pub prior_bytes: Option<u64>,
    /// Symbols the model trained on before coding (N · L · epochs); empty without a prior.
    #[serde(default)]
    pub pretrain_symbols: Option<u64>,
    /// Wall time of training the prior, seconds (once per run for the jobs that share it:
    /// each of them states it); empty without a prior.
    #[serde(default)]
    pub pretrain_s: Option<f64>,
    /// (compressed_bytes + prior_bytes) × 8 / length: the rate with the prior paid for;
    /// empty without a prior.
    #[serde(default)]
    pub adjusted_bps: Option<f64>,
    /// Whether the decompressed stream equals the input bit for bit.
    pub verified: bool,
    /// Why the job failed, empty when it did not.
    pub error: String,
}

impl Record {
    /// What identifies a row across runs: everything but the measurements.
    pub fn key(&self) -> (String, String, usize, u64, String, String) {
        (
            self.source.clone(),
            self.source_params.clone(),
            self.length,
            self.seed,
            self.compressor.clone(),
            self.compressor_params.clone(),
        )
    }
}

/// Learning-curve points of one job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    pub job: usize,
    /// (end position in symbols, bits per symbol over the window ending there).
    pub points: Vec<(u64, f64)>,
    /// The oracle's bits per symbol over the same windows (empty where it has none).
    #[serde(default)]
    pub oracle: Vec<f64>,
    /// The Bayes learner's, likewise.
    #[serde(default)]
    pub bayes: Vec<f64>,
    /// On a source redrawn every L symbols: bits per symbol at each position of a segment,
    /// averaged over the segments (empty otherwise); the oracle's and the Bayes learner's
    /// likewise.
    #[serde(default)]
    pub by_position: Vec<f64>,
    #[serde(default)]
    pub oracle_by_position: Vec<f64>,
    #[serde(default)]
    pub bayes_by_position: Vec<f64>,
}

/// A published bits-per-symbol figure for one cell of an experiment (its `references:`
/// list), shown beside ours in the report and never mixed into results.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Source and compressor labels, as in results.csv.
    pub source: String,
    pub compressor: String,
    pub bits_per_symbol: f64,
    /// Symbols the figure was measured on, where the publication says.
    pub length: Option<u64>,
    pub citation: String,
}
