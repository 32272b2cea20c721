//! results.csv: one row per job (`Record`), its columns defined here and nowhere else.

use super::cell::table;
use crate::record::Record;

table!(pub Record, records_frame, load_results:
    experiment,
    job,
    source,
    source_params,
    alphabet,
    length,
    seed,
    compressor,
    compressor_params,
    compressed_bytes,
    header_bytes (later),
    bits_per_symbol,
    entropy_rate_bps,
    gap_bps,
    oracle_bps (later),
    bayes_bps (later),
    mixed (later),
    compress_s,
    decompress_s,
    symbols_per_s,
    threads (later),
    cpu_s (later),
    peak_rss_bytes (later),
    model_bytes (later),
    prior_bytes (later),
    pretrain_symbols (later),
    pretrain_s (later),
    adjusted_bps (later),
    verified,
    error,
);
