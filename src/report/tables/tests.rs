//! The tables: cells over seeds, regret, encodings in bold, references beside ours.

use super::*;

fn row(source: &str, compressor: &str, seed: u64, bps: f64, h: Option<f64>) -> Record {
    Record {
        experiment: "t".into(),
        job: 0,
        source: source.into(),
        source_params: String::new(),
        length: 100,
        seed,
        compressor: compressor.into(),
        compressor_params: String::new(),
        bits_per_symbol: Some(bps),
        entropy_rate_bps: h,
        alphabet: 2,
        verified: true,
        ..Record::default()
    }
}

#[test]
fn cells_hold_mean_and_sd_over_seeds() {
    let rows = vec![
        row("iid", "gzip", 1, 2.0, Some(1.75)),
        row("iid", "gzip", 2, 2.2, Some(1.75)),
        row("iid", "order-0", 1, 1.76, Some(1.75)),
        row("file", "gzip", 1, 3.0, None),
    ];
    let t = Table::build(&rows, false);
    assert_eq!(t.sources, vec!["iid", "file"]);
    let c = t.cells[&("iid".into(), "gzip".into())];
    assert!((c.mean - 2.1).abs() < 1e-12 && (c.sd - 0.141_421_356).abs() < 1e-6);
    assert!(t
        .markdown("x")
        .contains("| iid | 1.7500 | 2.1000 ± 0.1414 | 1.7600 |"));
    assert!(t.markdown("x").contains("| file |  | 3.0000 |  |"));
    let g = Table::build(&rows, true);
    assert!((g.cells[&("iid".into(), "order-0".into())].mean - 0.01).abs() < 1e-12);
    assert!(!g.cells.contains_key(&("file".into(), "gzip".into())));
    assert!(g
        .csv()
        .unwrap()
        .starts_with("source,entropy_rate_bps,gzip,gzip_sd,order-0,order-0_sd\n"));
}

#[test]
fn regret_is_against_the_oracle_with_the_bayes_learner_beside() {
    let with = |mut r: Record, oracle: Option<f64>, bayes: Option<f64>| {
        r.oracle_bps = oracle;
        r.bayes_bps = bayes;
        r
    };
    let rows = vec![
        with(
            row("chain", "order-2", 1, 1.30, None),
            Some(1.25),
            Some(1.26),
        ),
        with(row("chain", "gzip", 1, 1.50, None), Some(1.25), Some(1.26)),
        with(
            row("chain", "order-2", 2, 1.32, None),
            Some(1.29),
            Some(1.31),
        ),
        with(row("hmm", "order-2", 1, 2.0, None), Some(1.9), None),
        row("file", "order-2", 1, 3.0, None),
    ];
    assert!(Table::regret(&rows[4..]).is_none());
    let t = Table::regret(&rows).unwrap();
    assert_eq!(t.compressors, ["order-2", "gzip", BAYES_LEARNER]);
    let cell = |s: &str, c: &str| t.cells.get(&(s.to_string(), c.to_string())).copied();
    // (0.05 + 0.03) / 2 over the two seeds; the learner once per seed, not per column.
    assert!((cell("chain", "order-2").unwrap().mean - 0.04).abs() < 1e-12);
    let learner = cell("chain", BAYES_LEARNER).unwrap();
    assert_eq!(learner.n, 2);
    assert!((learner.mean - 0.015).abs() < 1e-12);
    assert!((cell("hmm", "order-2").unwrap().mean - 0.1).abs() < 1e-12);
    assert!(cell("hmm", BAYES_LEARNER).is_none() && cell("file", "order-2").is_none());
}

#[test]
fn the_better_encoding_of_a_classical_compressor_is_bold() {
    let rows = vec![
        row("m20", "xz-9", 1, 1.0006, Some(0.0)),
        row("m20", "xz-9-bytes", 1, 0.496, Some(0.0)),
        row("iid", "xz-9", 1, 1.8, Some(1.75)),
        row("iid", "xz-9-bytes", 1, 2.5, Some(1.75)),
        row("iid", "order-2", 1, 1.76, Some(1.75)),
    ];
    let md = Table::build(&rows, false).markdown("x");
    assert!(
        md.contains("| m20 | 0.0000 | 1.0006 | **0.4960** |  |"),
        "{md}"
    );
    assert!(
        md.contains("| iid | 1.7500 | **1.8000** | 2.5000 | 1.7600 |"),
        "{md}"
    );
    assert!(md.contains("the better of the two is in bold"), "{md}");
}

#[test]
fn references_sit_beside_our_cells_with_their_citation() {
    let rows = vec![
        row("iid", "gzip", 1, 2.0, Some(1.75)),
        row("file", "gzip", 1, 3.0, None),
    ];
    let reference = |source: &str, bps, length| Reference {
        source: source.into(),
        compressor: "gzip".into(),
        bits_per_symbol: bps,
        length,
        citation: "Paper, Table 1".into(),
    };
    let refs = [
        reference("iid", 2.5, Some(100)),
        reference("file", 3.5, None),
        reference("elsewhere", 1.0, None),
    ];
    let t = Table::build(&rows, false).with_references(&refs, false);
    let md = t.markdown("x");
    assert!(
        md.contains("| iid | 1.7500 | 2.0000 / 2.5000 [1] |"),
        "{md}"
    );
    assert!(md.contains("| file |  | 3.0000 / 3.5000 [2] |"), "{md}");
    assert!(
        md.ends_with("1. Paper, Table 1 (100 symbols)\n2. Paper, Table 1\n"),
        "{md}"
    );
    // As gaps: the source without an entropy rate has no reference gap.
    let g = Table::build(&rows, true).with_references(&refs, true);
    let md = g.markdown("x");
    assert!(
        md.contains("| iid | 1.7500 | 0.2500 / 0.7500 [1] |"),
        "{md}"
    );
    assert!(!md.contains("[2]"), "{md}");
    // Ours only in the CSV.
    assert!(!t.csv().unwrap().contains("2.5"));
}

#[test]
fn an_unmixed_source_is_marked_and_the_regret_named_as_the_number_to_read() {
    let mut peaky = row("chain-M16-k1-a0.01", "order-1", 0, 0.16, Some(6.8e-6));
    peaky.mixed = Some(false);
    let mut mixed = row("chain-M4-k2", "order-1", 0, 1.3, Some(1.27));
    mixed.mixed = Some(true);
    let md = Table::build(&[peaky, mixed.clone()], true).markdown("gap");
    assert!(
        md.contains("| chain-M16-k1-a0.01 † | 0.0000 | 0.1600 |"),
        "{md}"
    );
    assert!(md.contains("| chain-M4-k2 | 1.2700 |"), "{md}");
    assert!(md.contains("† Not mixed:") && md.contains("read the regret against the oracle"));
    // Nothing unmixed, no mark and no note.
    let md = Table::build(&[mixed], true).markdown("gap");
    assert!(!md.contains('†'), "{md}");
}

#[test]
fn a_label_with_a_comma_is_quoted_in_the_csv() {
    let rows = vec![
        row("file-a,b.txt", "gzip", 1, 2.0, None),
        row("iid", "gzip", 1, 1.8, Some(1.75)),
    ];
    let csv = Table::build(&rows, false).csv().unwrap();
    assert_eq!(
        csv,
        "source,entropy_rate_bps,gzip,gzip_sd\n\"file-a,b.txt\",,2,0\niid,1.7500,1.8,0\n"
    );
}

/// A prior's row beside the same model online: raw and adjusted rates, and the window end at
/// which its bytes are repaid; a prior never repaid within the run says so.
#[test]
fn priors_are_read_raw_adjusted_and_against_the_model_online() {
    use crate::record::Curve;
    let with =
        |job: usize, compressor: &str, params: &str, bytes: u64, prior: Option<u64>| Record {
            job,
            compressor: compressor.into(),
            compressor_params: params.into(),
            length: 1000,
            compressed_bytes: Some(bytes),
            bits_per_symbol: Some(8.0 * bytes as f64 / 1000.0),
            prior_bytes: prior,
            adjusted_bps: prior.map(|p| 8.0 * (bytes + p) as f64 / 1000.0),
            ..row("chain", "", 0, 0.0, None)
        };
    let rows = vec![
        with(0, "lstm-8", "hidden=8", 100, None),
        with(
            1,
            "lstm-8-pt10x10",
            "hidden=8 pretrain.on=family",
            50,
            Some(30),
        ),
        with(
            2,
            "lstm-8-pt1x1",
            "hidden=8 pretrain.on=family pretrain.length=1",
            99,
            Some(20),
        ),
    ];
    // Windows of 250 symbols: online 1 bit/symbol, the first prior 0.25 (240 bits of price are
    // repaid by the second window end, not the first), the second 0.99 (never within 1000 symbols).
    let curve = |job: usize, bps: f64| Curve {
        job,
        points: (1..=4).map(|i| (250 * i, bps)).collect(),
        ..Curve::default()
    };
    let curves = vec![curve(0, 1.0), curve(1, 0.25), curve(2, 0.99)];
    let priced = priced::priced(&rows, &curves);
    assert_eq!(priced.len(), 2);
    assert_eq!((priced[0].raw, priced[0].adjusted), (0.4, 0.64));
    assert_eq!(priced[0].online, Some(("lstm-8".into(), 0.8)));
    assert_eq!(priced[0].break_even, Some(Ok(500)));
    assert_eq!(priced[1].break_even, Some(Err(1000)));
    let md = priced::markdown(&priced, "t: priors");
    assert!(md
        .contains("| chain | lstm-8-pt10x10 | 0 | 0.4000 | 0.6400 | 30 | lstm-8 | 0.8000 | 500 |"));
    assert!(md.contains("| > 1000 |"), "{md}");
    assert!(priced::markdown(&[], "t").is_empty());
}
