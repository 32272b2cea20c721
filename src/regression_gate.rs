//! The regression gate: compares a results.csv with a committed baseline, row by row.

use std::collections::BTreeMap;
use std::path::Path;

use crate::record::Record;
use crate::results_csv::load_results;

pub struct Tolerance {
    /// Absolute slack in bits per symbol.
    pub bps: f64,
    /// Relative slack, as a fraction of the baseline value.
    pub rel: f64,
}

/// What the comparison found.
#[derive(Debug, Default)]
pub struct Verdict {
    pub regressions: Vec<String>,
    pub improvements: Vec<String>,
    pub missing: Vec<String>,
    pub unverified: Vec<String>,
    pub unchanged: usize,
    pub new_rows: usize,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.regressions.is_empty() && self.missing.is_empty() && self.unverified.is_empty()
    }
}

fn name(r: &Record) -> String {
    format!(
        "{} ({}) × {} ({}) seed {} length {}",
        r.source, r.source_params, r.compressor, r.compressor_params, r.seed, r.length
    )
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("none".into(), |b| format!("{b:.5}"))
}

pub fn compare(results: &[Record], baseline: &[Record], tol: &Tolerance) -> Verdict {
    let current: BTreeMap<_, &Record> = results.iter().map(|r| (r.key(), r)).collect();
    let mut v = Verdict::default();
    for r in results {
        // A row written before the Kraft check, or edited, is held to it here too.
        let why = match (r.error.is_empty(), crate::kraft::violation(r)) {
            (false, _) => r.error.clone(),
            (true, Some(kraft)) => kraft,
            (true, None) if !r.verified => "not verified".to_string(),
            (true, None) => continue,
        };
        v.unverified.push(format!("{}: {why}", name(r)));
    }
    for base in baseline {
        let Some(now) = current.get(&base.key()) else {
            v.missing.push(name(base));
            continue;
        };
        // The yardsticks are the source's own, computed in f64 in a fixed order: any change
        // is a changed source, whatever the tolerance.
        for (what, b, n) in [
            ("oracle_bps", base.oracle_bps, now.oracle_bps),
            ("bayes_bps", base.bayes_bps, now.bayes_bps),
        ] {
            if let (Some(b), Some(n)) = (b, n) {
                if (n - b).abs() > 1e-9 * b.abs().max(1.0) {
                    v.regressions.push(format!(
                        "{}: {what} {b} -> {n} (the source changed)",
                        name(base)
                    ));
                }
            }
        }
        match (base.bits_per_symbol, now.bits_per_symbol) {
            (Some(b), Some(n)) => {
                let slack = tol.bps.max(tol.rel * b);
                let line = format!(
                    "{}: {b:.5} -> {n:.5} bits/symbol ({:+.5})",
                    name(base),
                    n - b
                );
                if n > b + slack {
                    v.regressions.push(line);
                } else if n < b - slack {
                    v.improvements.push(line);
                } else {
                    v.unchanged += 1;
                }
            }
            (b, n) if b.is_some() || n.is_some() => v.regressions.push(format!(
                "{}: bits/symbol {} -> {}",
                name(base),
                fmt(b),
                fmt(n)
            )),
            _ => v.unchanged += 1,
        }
    }
    let base_keys: std::collections::BTreeSet<_> = baseline.iter().map(Record::key).collect();
    v.new_rows = results
        .iter()
        .filter(|r| !base_keys.contains(&r.key()))
        .count();
    v
}

/// Loads both files and compares them.
pub fn check(results: &Path, baseline: &Path, tol: &Tolerance) -> anyhow::Result<Verdict> {
    Ok(compare(
        &load_results(results)?,
        &load_results(baseline)?,
        tol,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str, bps: f64) -> Record {
        Record {
            experiment: "t".into(),
            job: 0,
            source: source.into(),
            source_params: "k=1".into(),
            length: 1000,
            seed: 0,
            compressor: "gzip-9".into(),
            compressor_params: "level=9".into(),
            bits_per_symbol: Some(bps),
            entropy_rate_bps: Some(0.0),
            alphabet: 2,
            verified: true,
            ..Record::default()
        }
    }

    const TOL: Tolerance = Tolerance {
        bps: 0.005,
        rel: 0.01,
    };

    #[test]
    fn flags_worse_missing_and_unverified_rows_and_reports_better_ones() {
        let base = vec![row("a", 0.5), row("b", 0.5), row("c", 0.5)];
        assert!(compare(&base, &base, &TOL).passed());
        let worse = vec![row("a", 0.52), row("b", 0.5), row("c", 0.5)];
        let v = compare(&worse, &base, &TOL);
        assert!(!v.passed() && v.regressions.len() == 1 && v.regressions[0].starts_with("a "));
        let within = vec![row("a", 0.504), row("b", 0.5), row("c", 0.5)];
        assert!(compare(&within, &base, &TOL).passed());
        let better = vec![row("a", 0.4), row("b", 0.5), row("c", 0.5)];
        let v = compare(&better, &base, &TOL);
        assert!(v.passed() && v.improvements.len() == 1);
        let v = compare(&base[..2], &base, &TOL);
        assert_eq!(v.missing.len(), 1);
        let mut bad = base.clone();
        bad[1].verified = false;
        assert_eq!(compare(&bad, &base, &TOL).unverified.len(), 1);
        // A yardstick that moves at all is a changed source.
        let mut measured = base.clone();
        measured[0].oracle_bps = Some(0.25);
        let mut moved = measured.clone();
        moved[0].oracle_bps = Some(0.2500001);
        let v = compare(&moved, &measured, &TOL);
        assert!(!v.passed() && v.regressions[0].contains("oracle_bps 0.25 -> 0.2500001"));
        assert!(compare(&measured, &measured, &TOL).passed());
    }

    #[test]
    fn a_row_below_the_oracle_beyond_chance_fails_the_gate() {
        let mut honest = row("a", 0.5);
        honest.compressed_bytes = Some(63);
        honest.oracle_bps = Some(0.5);
        let base = vec![honest.clone()];
        assert!(compare(&base, &base, &TOL).passed());
        // The same row with an oracle that is off: 1000 symbols at 0.6 bits is 600 bits,
        // 96 above the 504 coded.
        let mut off = honest;
        off.oracle_bps = Some(0.6);
        let v = compare(&[off], &base, &TOL);
        assert!(!v.passed() && v.unverified[0].contains("Kraft check failed"));
    }
}
