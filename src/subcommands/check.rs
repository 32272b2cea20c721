//! `bench check`: the CI regression gate.

use anyhow::Context;

use crate::cli::CheckArgs;
use crate::regression_gate::{check as compare, Tolerance};

pub fn check(args: CheckArgs) -> anyhow::Result<bool> {
    for (flag, v) in [
        ("--tolerance-bps", args.tolerance_bps),
        ("--tolerance-rel", args.tolerance_rel),
    ] {
        anyhow::ensure!(
            v.is_finite() && v >= 0.0,
            "{flag} must be a non-negative number, got {v}"
        );
    }
    let tol = Tolerance {
        bps: args.tolerance_bps,
        rel: args.tolerance_rel,
    };
    let v = compare(&args.results, &args.baseline, &tol)?;
    let sections = [
        ("WORSE than baseline", &v.regressions),
        ("MISSING from results", &v.missing),
        ("UNVERIFIED or failed", &v.unverified),
        (
            "better than baseline (refresh with --update)",
            &v.improvements,
        ),
    ];
    for (title, lines) in sections {
        if !lines.is_empty() {
            println!("{title}:");
            for l in lines.iter() {
                println!("  {l}");
            }
        }
    }
    println!(
        "check: {} worse, {} missing, {} unverified, {} better, {} unchanged, {} new (tolerance {} bits/symbol or {}%)",
        v.regressions.len(),
        v.missing.len(),
        v.unverified.len(),
        v.improvements.len(),
        v.unchanged,
        v.new_rows,
        tol.bps,
        tol.rel * 100.0
    );
    if args.update {
        std::fs::copy(&args.results, &args.baseline).with_context(|| {
            format!(
                "cannot copy {} to {}",
                args.results.display(),
                args.baseline.display()
            )
        })?;
        println!("baseline {} updated", args.baseline.display());
        return Ok(true);
    }
    println!("{}", if v.passed() { "PASS" } else { "FAIL" });
    Ok(v.passed())
}
