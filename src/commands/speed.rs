//! `bench speed`: symbols per second of each neural model's whole compress (predict, code,
//! train) and decompress, single stream, on this thread alone.

use std::time::Instant;

use generators::{Markov, Source};

use crate::cli::SpeedArgs;
use crate::compressors::{neural_label, CompressorSpec};
use neural::ModelKind;

pub fn speed(args: SpeedArgs) -> anyhow::Result<bool> {
    let source = Source::Markov(Markov::new(2, 20, 0.0)?);
    let len = usize::try_from(args.len)?;
    let symbols = source.generate(len, 0)?;
    println!(
        "Neural kernels: {} (DEEPZIP_KERNELS=baseline runs the build's baseline; same bits)\n",
        neural::kernels_in_use()
    );
    println!("| model | streams B | parameters | compress symbols/s | decompress symbols/s | bits/symbol |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (kind, &streams) in ModelKind::ALL
        .iter()
        .flat_map(|k| args.streams.iter().map(move |b| (*k, b)))
    {
        let spec = neural::Config {
            hidden: args.hidden,
            layers: args.layers as usize,
            streams: streams as usize,
            ..neural::Config::new(kind)
        };
        let compressor = CompressorSpec::Neural(spec.clone());
        compressor.check_memory(2).map_err(anyhow::Error::msg)?;
        let params = neural::Model::new(spec.clone()).parameter_count();
        let codec = compressor.build(2, 0);
        let start = Instant::now();
        let encoded = codec.compress(&symbols)?;
        let compress_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let decoded = codec.decompress(&encoded.bytes)?;
        let decompress_s = start.elapsed().as_secs_f64();
        anyhow::ensure!(
            decoded == symbols,
            "{}: decoded stream differs",
            kind.name()
        );
        println!(
            "| {} | {streams} | {params} | {:.0} | {:.0} | {:.4} |",
            neural_label(&spec),
            len as f64 / compress_s,
            len as f64 / decompress_s,
            8.0 * encoded.bytes.len() as f64 / len as f64
        );
    }
    Ok(true)
}
