//! The prior table of table.md: every row with a prior (a family's, one trained on the input,
//! an outside predictor's declared one), its raw and adjusted rates side by side, beside the
//! same model online, and the break-even length: the first window end of the learning curves
//! at which the prior's bytes are repaid against the same model online.

use std::fmt::Write as _;

use crate::record::{Curve, Record};

/// One row with a prior, read against the same model online where the grid has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub source: String,
    pub compressor: String,
    pub seed: u64,
    /// Bits per symbol without the prior's bytes, and with them.
    pub raw: f64,
    pub adjusted: f64,
    pub prior_bytes: u64,
    /// The same model online (its label and bits per symbol), where the grid has it.
    pub online: Option<(String, f64)>,
    /// Where its curve and the online one's both exist: the first window end at which the
    /// prior's bits plus its price are at most the online model's (`Ok`), or the run's
    /// length when never within it (`Err`).
    pub break_even: Option<Result<u64, u64>>,
}

/// The settings of a model without its prior: its params without the `pretrain.*` words.
fn without_prior(params: &str) -> String {
    let words = params.split_whitespace();
    let kept: Vec<&str> = words.filter(|w| !w.starts_with("pretrain.")).collect();
    kept.join(" ")
}

/// Cumulative bits at each window end of `curve`.
fn cumulative(curve: &Curve) -> Vec<(u64, f64)> {
    let (mut start, mut bits) = (0u64, 0.0);
    curve
        .points
        .iter()
        .map(|&(end, bps)| {
            bits += bps * (end - start) as f64;
            start = end;
            (end, bits)
        })
        .collect()
}

/// The first window end at which `mine` plus `price` bits is at most `online`, or the last
/// window end shared when never.
fn break_even(mine: &Curve, online: &Curve, price: f64) -> Option<Result<u64, u64>> {
    let (mine, online) = (cumulative(mine), cumulative(online));
    let shared: Vec<_> = mine
        .iter()
        .zip(&online)
        .take_while(|(a, b)| a.0 == b.0)
        .collect();
    let last = shared.last()?.0 .0;
    Some(
        shared
            .iter()
            .find(|(a, b)| a.1 + price <= b.1)
            .map_or(Err(last), |(a, _)| Ok(a.0)),
    )
}

/// Every error-free row with a prior, in results order.
pub fn priced(rows: &[Record], curves: &[Curve]) -> Vec<Priced> {
    let curve = |job: usize| curves.iter().find(|c| c.job == job && !c.points.is_empty());
    rows.iter()
        .filter(|r| r.error.is_empty())
        .filter_map(|r| {
            let (prior, adjusted) = (r.prior_bytes?, r.adjusted_bps?);
            let raw = adjusted - 8.0 * prior as f64 / r.length as f64;
            let params = without_prior(&r.compressor_params);
            let online = rows.iter().find(|o| {
                o.error.is_empty()
                    && o.prior_bytes.is_none()
                    && (&o.source, o.seed, o.length) == (&r.source, r.seed, r.length)
                    && o.compressor_params == params
            });
            let break_even =
                online.and_then(|o| break_even(curve(r.job)?, curve(o.job)?, 8.0 * prior as f64));
            Some(Priced {
                source: r.source.clone(),
                compressor: r.compressor.clone(),
                seed: r.seed,
                raw,
                adjusted,
                prior_bytes: prior,
                online: online.and_then(|o| Some((o.compressor.clone(), o.bits_per_symbol?))),
                break_even,
            })
        })
        .collect()
}

/// The prior table as Markdown; empty without a row with a prior.
pub fn markdown(priced: &[Priced], title: &str) -> String {
    if priced.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "### {title}\n\nRaw: bits/symbol without the prior's bytes; adjusted: with them (a prior \
         on the family priced at its `bits_per_parameter`, 16 by default; weights trained on \
         the input are in the file). Break-even: the first window end of the learning curves \
         at which the prior's bytes are repaid against the same model online (the curves \
         count no header bytes); `> n` when not within the run.\n\n\
         | source | compressor | seed | raw | adjusted | prior bytes | online | online bits/symbol | break-even n |\n\
         |---|---|---:|---:|---:|---:|---|---:|---:|\n"
    );
    for p in priced {
        let (online, online_bps) = p
            .online
            .as_ref()
            .map_or((String::new(), String::new()), |(l, b)| {
                (l.clone(), format!("{b:.4}"))
            });
        let even = match p.break_even {
            Some(Ok(n)) => n.to_string(),
            Some(Err(n)) => format!("> {n}"),
            None => String::new(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {:.4} | {:.4} | {} | {online} | {online_bps} | {even} |",
            p.source, p.compressor, p.seed, p.raw, p.adjusted, p.prior_bytes
        )
        .expect("a String takes writes");
    }
    out
}
