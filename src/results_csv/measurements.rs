//! `bench speed --csv`: one row per measurement (`Measurement`), its columns defined here.

use super::cell::table;

/// One measurement of `bench speed`.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The model's label (an outside predictor: the name and version it announced).
    pub model: String,
    pub streams: u64,
    pub threads: u64,
    /// The neural kernels in use (`DEEPZIP_KERNELS`).
    pub kernels: String,
    pub compress_symbols_per_s: f64,
    pub decompress_symbols_per_s: f64,
    pub bits_per_symbol: f64,
    /// FNV-1a of the compressed bytes, hexadecimal: equal across thread counts.
    pub output_hash: String,
}

table!(pub Measurement, speed_frame, load_speed:
    model,
    streams,
    threads,
    kernels,
    compress_symbols_per_s,
    decompress_symbols_per_s,
    bits_per_symbol,
    output_hash,
);
