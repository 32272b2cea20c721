//! `bench gen`: one source to a file.

use crate::cli::GenArgs;
use crate::experiment::parse_source_words;
use deepzip_core::atomic_file::write_whole;

pub fn gen(args: GenArgs) -> anyhow::Result<bool> {
    let source = parse_source_words(&args.spec)?;
    let len = usize::try_from(args.len)?;
    if source.warmup() >= len {
        anyhow::bail!(
            "--len {len} must exceed k = {} of the source",
            source.warmup()
        );
    }
    let symbols = source.generate(len, args.seed)?;
    write_whole(&args.output, &symbols, args.force)?;
    let entropy = source
        .entropy_rate_bps()
        .map_or("unknown".to_string(), |h| format!("{h:.6} bits/symbol"));
    eprintln!(
        "wrote {} symbols of {} (M = {}, entropy rate {entropy}) to {}",
        symbols.len(),
        source.label(),
        source.alphabet(),
        args.output.display()
    );
    Ok(true)
}
