//! `bench gen`: one source to a file.

use crate::cli::GenArgs;
use crate::experiment::parse_source_words;
use deepzip_core::atomic_file::write_whole;
use generators::{Drawn, Source, Yardsticks};
use serde_json::{json, Value};

pub fn gen(args: GenArgs) -> anyhow::Result<bool> {
    let source = parse_source_words(&args.spec)?;
    let len = usize::try_from(args.len)?;
    if source.warmup() >= len {
        anyhow::bail!(
            "--len {len} must exceed k = {} of the source",
            source.warmup()
        );
    }
    let (symbols, yardsticks, drawn) = source.generate_described(len, args.seed)?;
    write_whole(&args.output, &symbols, args.force)?;
    if let Some(path) = &args.describe {
        let text = serde_json::to_string_pretty(&describe(&source, &yardsticks, &drawn))?;
        write_whole(path, text.as_bytes(), args.force)?;
    }
    let entropy = yardsticks
        .entropy_rate_bps
        .or(source.entropy_rate_bps())
        .map_or("unknown".to_string(), |h| match h {
            h if h > 0.0 && h < 1e-3 => format!("{h:.3e} bits/symbol"),
            h => format!("{h:.6} bits/symbol"),
        });
    eprintln!(
        "wrote {} symbols of {} (M = {}, entropy rate {entropy}) to {}",
        symbols.len(),
        source.label(),
        source.alphabet(),
        args.output.display()
    );
    if source.mixed(&yardsticks) == Some(false) {
        let oracle = yardsticks.oracle.as_ref().map_or(0.0, |o| o.bps);
        eprintln!(
            "not mixed: this sequence's oracle codes it at {oracle:.6} bits/symbol, more than 4 \
             standard errors from the entropy rate; the chain has not mixed over {} symbols, \
             so read a compressor's regret against the oracle, not its gap to the rate",
            symbols.len()
        );
    }
    Ok(true)
}

/// What `--describe` writes: the yardsticks (null where undefined) and what was drawn, so a
/// user can check each with their own code.
fn describe(source: &Source, y: &Yardsticks, drawn: &Drawn) -> Value {
    let mut out = json!({
        "source": source.label(),
        "params": source.params(),
        "alphabet": source.alphabet(),
        "entropy_rate_bps": y.entropy_rate_bps.or(source.entropy_rate_bps()),
        "oracle_bps": y.oracle.as_ref().map(|o| o.bps),
        "bayes_bps": y.bayes.as_ref().map(|b| b.bps),
        "mixed": source.mixed(y),
    });
    fn rows(c: &generators::markov_chain::Chain) -> Value {
        json!(c.rows.chunks(c.alphabet).collect::<Vec<_>>())
    }
    match drawn {
        Drawn::Chains(chains) if chains.len() == 1 => {
            let chain = &chains[0].0;
            out["rows"] = json!(rows(chain));
            out["stationary"] = json!(chain.stationary());
        }
        Drawn::Chains(chains) => {
            out["chains"] = chains
                .iter()
                .map(|(c, symbols)| {
                    json!({"symbols": symbols, "rows": rows(c), "stationary": c.stationary()})
                })
                .collect();
        }
        Drawn::Hmm(model) => {
            let s = model.transitions.len().isqrt();
            out["transitions"] = json!(model.transitions.chunks(s).collect::<Vec<_>>());
            out["emissions"] = json!(model
                .emissions
                .chunks(source.alphabet())
                .collect::<Vec<_>>());
        }
        Drawn::Nothing => {}
    }
    out
}
