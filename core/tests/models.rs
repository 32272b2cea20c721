//! The neural codecs end to end: round trips, pinned output, and quality on easy sources.

use generators::{Iid, Markov, Source};

use deepzip_core::model_spec::{Learned, ModelSpec};
use neural::{Init, Mix, ModelKind, Recipe, Schedule};

fn spec(kind: &'static str, hidden: usize, window: usize) -> ModelSpec {
    ModelSpec::Neural(neural::Config {
        hidden,
        window,
        ..defaults(kind)
    })
}

fn streams(kind: &'static str, hidden: usize, streams: usize) -> ModelSpec {
    ModelSpec::Neural(neural::Config {
        hidden,
        streams,
        ..defaults(kind)
    })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// (compressed bytes, hash of the output) after checking the round trip.
fn compress(spec: &ModelSpec, source: &Source, len: usize) -> (usize, u64) {
    let symbols = source.generate(len, 3).unwrap();
    let codec = spec.build(source.alphabet(), 3, 1);
    let enc = codec.compress(&symbols).unwrap();
    assert_eq!(codec.decompress(&enc.bytes).unwrap(), symbols);
    (enc.bytes.len(), fnv1a(&enc.bytes))
}

#[test]
fn every_model_roundtrips_and_its_output_is_pinned() {
    let source = Source::Markov(Markov::new(3, 4, 0.05).unwrap());
    let golden = [
        ("chrnn", 1, "deepzip", (869, 6774351679613413186)),
        ("chgru", 1, "deepzip", (849, 16631424177368699697)),
        ("lstm", 1, "deepzip", (940, 8980645912361277028)),
        ("feat", 8, "deepzip", (904, 7764130033975338284)),
        ("chrnn", 1, "tuned", (854, 5187297516908163054)),
        ("chgru", 1, "tuned", (845, 16731577067165112000)),
        ("lstm", 1, "tuned", (842, 18322253825995709694)),
        ("feat", 8, "tuned", (862, 5240813184269399133)),
    ];
    for (kind, window, recipe, want) in golden {
        let recipe = Recipe::from_name(recipe).unwrap();
        let spec = ModelSpec::Neural(neural::Config {
            hidden: 24,
            window,
            ..neural::Config::defaults(ModelKind::from_name(kind).unwrap(), recipe)
        });
        let got = compress(&spec, &source, 4000);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
}

#[test]
fn orthogonal_init_order0_mixing_and_sliding_rows_roundtrip_and_are_pinned() {
    let source = Source::Markov(Markov::new(2, 6, 0.02).unwrap());
    let with = |init, mix, schedule, streams| {
        ModelSpec::Neural(neural::Config {
            hidden: 16,
            init,
            mix,
            schedule,
            streams,
            ..defaults("chgru")
        })
    };
    let online = Schedule::Online;
    for (spec, want) in [
        (
            with(Init::Orthogonal, Mix::Off, online, 1),
            (566, 7131044173264838941),
        ),
        (
            with(Init::Glorot, Mix::Order0, online, 1),
            (562, 15326421859116414084),
        ),
        (
            with(Init::Glorot, Mix::Off, Schedule::Sliding, 5),
            (698, 13057709796071237909),
        ),
    ] {
        let got = compress(&spec, &source, 4000);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
}

#[test]
fn parallel_streams_roundtrip_on_uneven_cuts_and_are_pinned() {
    let source = Source::Markov(Markov::new(2, 5, 0.02).unwrap());
    for (b, len) in [(2, 1), (3, 3001), (16, 4003)] {
        compress(&streams("chgru", 16, b), &source, len);
    }
    let got = compress(&streams("lstm", 24, 4), &source, 4002);
    assert_eq!(
        got,
        (558, 1358374743253635291),
        "B = 4: compressed output changed"
    );
}

#[test]
fn the_models_learn_markov_and_iid_sources() {
    // Markov-4 in 50k symbols: the tuned ChGRU and the report's ChRNN are fast (0.04 and
    // 0.17 bits/symbol measured); the report's ChGRU (lr 2e-4) is still at 0.65 there, and
    // reaches 0.20 by 200k.
    let markov = Source::Markov(Markov::new(2, 4, 0.0).unwrap());
    let tuned_gru = ModelSpec::Neural(neural::Config {
        hidden: 64,
        ..neural::Config::defaults(ModelKind::ChGru, Recipe::Tuned)
    });
    for (spec, bound) in [(tuned_gru, 0.15), (spec("chrnn", 64, 1), 0.3)] {
        let (bytes, _) = compress(&spec, &markov, 50_000);
        let bps = 8.0 * bytes as f64 / 50_000.0;
        assert!(
            bps < bound,
            "{} on Markov-4: {bps} bits/symbol",
            spec.label()
        );
    }
    let iid = Source::Iid(Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap());
    let (bytes, _) = compress(&spec("chgru", 32, 1), &iid, 30_000);
    let bps = 8.0 * bytes as f64 / 30_000.0;
    assert!((bps - 1.75).abs() < 0.06, "iid: {bps} bits/symbol");
}

#[test]
fn layers_embeddings_and_context_features_roundtrip_and_are_pinned() {
    let source = Source::Markov(Markov::new(3, 4, 0.05).unwrap());
    let with = |kind, window, layers, embed, contexts, streams| {
        ModelSpec::Neural(neural::Config {
            hidden: 16,
            window,
            layers,
            embed,
            contexts,
            streams,
            ..defaults(kind)
        })
    };
    let cases = [
        (with("chgru", 1, 2, 0, 0, 1), (880, 338903894317579324)),
        (with("lstm", 1, 1, 4, 0, 1), (850, 3015892133521991417)),
        (with("feat", 8, 1, 2, 3, 1), (892, 4599692749924311523)),
        (with("feat", 6, 2, 3, 2, 3), (987, 3851536857096452140)),
    ];
    for (spec, want) in cases {
        let got = compress(&spec, &source, 4000);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
}

/// The default settings of the model named `kind`.
fn defaults(kind: &str) -> neural::Config {
    neural::Config::new(ModelKind::from_name(kind).expect("a neural kind"))
}

fn transformer(d_model: usize, context: usize, streams: usize) -> ModelSpec {
    with_ngram(d_model, context, streams, 1)
}

fn with_ngram(d_model: usize, context: usize, streams: usize, ngram: usize) -> ModelSpec {
    ModelSpec::Transformer(neural::TransformerConfig {
        d_model,
        heads: 2,
        context,
        streams,
        ngram,
        segment: 16,
        ..Default::default()
    })
}

/// The Transformer round trips (streams of unequal length included, n-gram inputs too) and
/// its output is pinned; it learns a Markov source and an i.i.d. one.
#[test]
fn the_transformer_roundtrips_is_pinned_and_learns() {
    let source = Source::Markov(Markov::new(3, 4, 0.05).unwrap());
    for (spec, want) in [
        (transformer(16, 24, 1), (589, 6301574274015352613)),
        (transformer(8, 40, 3), (836, 11931722558604945448)),
        (with_ngram(8, 40, 2, 3), (908, 8002714249017776758)),
    ] {
        let got = compress(&spec, &source, 4001);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
    // Markov-4 (X_n = X_{n-1} xor X_{n-4}) over 20k symbols, learning phase included: 0.054
    // bits/symbol measured here (0.314 with a ReLU and the distance biases at lr, the
    // version-4 recipe); 1 is nothing learned.
    let markov = Source::Markov(Markov::new(2, 4, 0.0).unwrap());
    let (bytes, _) = compress(&transformer(32, 32, 1), &markov, 20_000);
    let bps = 8.0 * bytes as f64 / 20_000.0;
    assert!(bps < 0.25, "Markov-4: {bps} bits/symbol");
    let iid = Source::Iid(Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap());
    let (bytes, _) = compress(&transformer(32, 32, 1), &iid, 30_000);
    let bps = 8.0 * bytes as f64 / 30_000.0;
    // 1.795 measured at 30k symbols (the ChGRU's bound above is the same).
    assert!((bps - 1.75).abs() < 0.06, "iid: {bps} bits/symbol");
}

#[test]
fn experts_with_a_model_and_alone_roundtrip_and_are_pinned() {
    use deepzip_core::mixing::experts::Expert;
    // Markov-3 over 4 symbols with noise: the match model and the orders all have something
    // to say; B = 3 streams share the experts' tables and the mixer's weights.
    let source = Source::Markov(Markov::new(4, 3, 0.05).unwrap());
    let experts = vec![Expert::Match, Expert::Order(1), Expert::Order(3)];
    let mixed = |model: Option<ModelSpec>| ModelSpec::Mixed {
        model: model.map(|m| Learned::of(m).unwrap()),
        experts: experts.clone(),
    };
    for (spec, want) in [
        (
            mixed(Some(streams("chgru", 16, 3))),
            (409, 8978755001919509819),
        ),
        (mixed(None), (307, 16818189128778835287)),
    ] {
        let got = compress(&spec, &source, 4000);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
}
