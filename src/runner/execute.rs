//! One job: generate, compress, decompress, compare, time. Failures become the row's `error`.

use std::time::Instant;

use crate::compressor_spec::CompressorSpec;
use crate::experiment::Job;
use crate::record::{Curve, Record};

/// Runs `job` on `threads` threads and measures it. Never panics outward: a panic inside a
/// codec is recorded as the job's error so the rest of the grid goes on.
pub fn execute(experiment: &str, job: &Job, verify: bool, threads: usize) -> (Record, Curve) {
    let mut record = Record {
        experiment: experiment.to_string(),
        job: job.index,
        source: job.source.label(),
        source_params: job.source.params(),
        alphabet: job.source.alphabet(),
        length: job.length,
        seed: job.seed,
        compressor: job.compressor.label(),
        compressor_params: job.compressor.params(),
        compressed_bytes: None,
        header_bytes: None,
        bits_per_symbol: None,
        entropy_rate_bps: job.source.entropy_rate_bps(),
        gap_bps: None,
        oracle_bps: None,
        bayes_bps: None,
        mixed: None,
        compress_s: None,
        decompress_s: None,
        symbols_per_s: None,
        threads: Some(threads as u64),
        cpu_s: None,
        peak_rss_bytes: None,
        model_bytes: job.compressor.model_bytes(job.source.alphabet()),
        prior_bytes: None,
        pretrain_symbols: None,
        pretrain_s: None,
        adjusted_bps: None,
        verified: false,
        error: String::new(),
    };
    let mut curve = Curve {
        job: job.index,
        ..Curve::default()
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        measure(job, verify, threads, &mut record, &mut curve)
    }));
    match outcome {
        Ok(Ok(())) => {
            if let Some(why) = crate::kraft::violation(&record) {
                record.error = why;
            }
        }
        Ok(Err(message)) => record.error = message,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown panic");
            record.error = format!("internal error (a bug, please report): {what}");
        }
    }
    (record, curve)
}

fn measure(
    job: &Job,
    verify: bool,
    threads: usize,
    record: &mut Record,
    curve: &mut Curve,
) -> Result<(), String> {
    job.compressor.check_memory(job.source.alphabet())?;
    let (symbols, yardsticks) = job
        .source
        .generate_measured(job.length, job.seed)
        .map_err(|e| format!("source: {e}"))?;
    // A file source may be shorter than the requested length.
    let length = symbols.len();
    record.length = length;
    // A random chain's rate is that of the chain its seed drew.
    if let Some(h) = yardsticks.entropy_rate_bps {
        record.entropy_rate_bps = Some(h);
    }
    record.oracle_bps = yardsticks.oracle.as_ref().map(|y| y.bps);
    record.bayes_bps = yardsticks.bayes.as_ref().map(|y| y.bps);
    record.mixed = job.source.mixed(&yardsticks);
    if let CompressorSpec::Model(spec) = &job.compressor {
        // Trained here (or found trained by another job), so the coder finds it ready.
        let silent = deepzip_core::model_spec::prior::SILENT;
        let alphabet = job.source.alphabet();
        let prepared = spec.prepared();
        if let Some(trained) = prepared.and_then(|p| p.train_prior(alphabet, threads, silent)) {
            let (trained, prior) = (trained?, spec.prior().expect("a spec with a prior"));
            record.prior_bytes = Some(prior.bytes(trained.parameters));
            record.pretrain_symbols = Some(prior.symbols(0));
            record.pretrain_s = Some(trained.seconds);
        }
    }
    let segment = job.source.segment();
    let codec = job
        .compressor
        .build_in_segments(job.source.alphabet(), job.seed, threads, segment);
    let start = Instant::now();
    let mut encoded = codec
        .compress(&symbols)
        .map_err(|e| format!("compress: {e}"))?;
    let compress_s = start.elapsed().as_secs_f64();
    let bytes = encoded.bytes.len() as u64;
    let bps = 8.0 * bytes as f64 / length as f64;
    record.compressed_bytes = Some(bytes);
    record.header_bytes = encoded.header_bytes;
    record.bits_per_symbol = Some(bps);
    record.adjusted_bps = record
        .prior_bytes
        .map(|prior| 8.0 * (bytes + prior) as f64 / length as f64);
    // An outside predictor's declared prior, priced as it says.
    if let Some(prior) = encoded.announced.as_ref().and_then(|a| a.prior_bytes) {
        record.prior_bytes = Some(prior);
        record.adjusted_bps = Some(8.0 * (bytes + prior) as f64 / length as f64);
    }
    // Weights stored in the stream are already in its bytes: the rate is the adjusted one.
    if let (Some(stored), CompressorSpec::Model(spec)) = (encoded.stored, &job.compressor) {
        let prior = spec.prior().expect("a model that stores weights");
        record.prior_bytes = Some(stored.bytes);
        record.pretrain_symbols = Some(prior.symbols(length as u64));
        record.pretrain_s = Some(stored.train_s);
        record.adjusted_bps = Some(bps);
    }
    record.gap_bps = record.entropy_rate_bps.map(|h| bps - h);
    record.compress_s = Some(compress_s);
    record.symbols_per_s = Some(length as f64 / compress_s.max(1e-9));
    curve.points = std::mem::take(&mut encoded.curve);
    // The yardsticks' windows beside the model's (the same windows of the same length).
    if !curve.points.is_empty() {
        let beside = |y: &Option<generators::Yardstick>| {
            y.as_ref().map_or(Vec::new(), |y| {
                y.curve
                    .iter()
                    .take(curve.points.len())
                    .map(|p| p.1)
                    .collect()
            })
        };
        curve.oracle = beside(&yardsticks.oracle);
        curve.bayes = beside(&yardsticks.bayes);
    }
    curve.by_position = std::mem::take(&mut encoded.by_position);
    if !curve.by_position.is_empty() {
        let at = |y: &Option<generators::Yardstick>| {
            y.as_ref().map_or(Vec::new(), |y| y.by_position.clone())
        };
        curve.oracle_by_position = at(&yardsticks.oracle);
        curve.bayes_by_position = at(&yardsticks.bayes);
    }
    if let Some(usage) = encoded.usage {
        record.cpu_s = Some(usage.cpu_s);
        record.peak_rss_bytes = Some(usage.peak_rss_bytes);
    }
    if verify {
        let start = Instant::now();
        let decoded = codec
            .decompress_encoded(&encoded)
            .map_err(|e| format!("decompress: {e}"))?;
        record.decompress_s = Some(start.elapsed().as_secs_f64());
        if decoded != symbols {
            let at = decoded
                .iter()
                .zip(&symbols)
                .position(|(a, b)| a != b)
                .unwrap_or(decoded.len().min(symbols.len()));
            return Err(format!(
                "verification failed: decoded {} symbols, first difference at position {at}",
                decoded.len()
            ));
        }
        record.verified = true;
    }
    Ok(())
}
