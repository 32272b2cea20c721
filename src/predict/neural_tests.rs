//! The neural codecs end to end: round trips, pinned output, and quality on easy sources.

use generators::{Iid, Markov, Source};

use crate::compressors::{CompressorSpec, NeuralSpec};

fn spec(kind: &'static str, hidden: usize, window: usize) -> CompressorSpec {
    CompressorSpec::Neural(NeuralSpec {
        hidden,
        window,
        ..NeuralSpec::defaults(kind)
    })
}

fn streams(kind: &'static str, hidden: usize, streams: usize) -> CompressorSpec {
    CompressorSpec::Neural(NeuralSpec {
        hidden,
        streams,
        ..NeuralSpec::defaults(kind)
    })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// (compressed bytes, hash of the output) after checking the round trip.
fn compress(spec: &CompressorSpec, source: &Source, len: usize) -> (usize, u64) {
    let symbols = source.generate(len, 3).unwrap();
    let codec = spec.build(source.alphabet(), 3);
    let enc = codec.compress(&symbols).unwrap();
    assert_eq!(codec.decompress(&enc.bytes).unwrap(), symbols);
    (enc.bytes.len(), fnv1a(&enc.bytes))
}

#[test]
fn every_model_roundtrips_and_its_output_is_pinned() {
    let source = Source::Markov(Markov::new(3, 4, 0.05).unwrap());
    let golden = [
        ("chrnn", 1, (897, 2515805058947001799)),
        ("chgru", 1, (888, 5541678637329316205)),
        ("lstm", 1, (898, 2770037661462827401)),
        ("feat", 8, (905, 15636849507141570108)),
    ];
    for (kind, window, want) in golden {
        let got = compress(&spec(kind, 24, window), &source, 4000);
        assert_eq!(got, want, "{kind}: compressed output changed");
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
        (604, 2215827790453941787),
        "B = 4: compressed output changed"
    );
}

#[test]
fn chgru_learns_markov_and_iid_sources() {
    let markov = Source::Markov(Markov::new(2, 4, 0.0).unwrap());
    let (bytes, _) = compress(&spec("chgru", 64, 1), &markov, 50_000);
    let bps = 8.0 * bytes as f64 / 50_000.0;
    assert!(bps < 0.15, "Markov-4: {bps} bits/symbol");
    let iid = Source::Iid(Iid::new(vec![0.5, 0.25, 0.125, 0.125]).unwrap());
    let (bytes, _) = compress(&spec("chgru", 32, 1), &iid, 30_000);
    let bps = 8.0 * bytes as f64 / 30_000.0;
    assert!((bps - 1.75).abs() < 0.06, "iid: {bps} bits/symbol");
}

#[test]
fn layers_embeddings_and_context_features_roundtrip_and_are_pinned() {
    let source = Source::Markov(Markov::new(3, 4, 0.05).unwrap());
    let with = |kind, window, layers, embed, contexts, streams| {
        CompressorSpec::Neural(NeuralSpec {
            hidden: 16,
            window,
            layers,
            embed,
            contexts,
            streams,
            ..NeuralSpec::defaults(kind)
        })
    };
    let cases = [
        (with("chgru", 1, 2, 0, 0, 1), (904, 224995789661138810)),
        (with("lstm", 1, 1, 4, 0, 1), (906, 2668487656765651806)),
        (with("feat", 8, 1, 2, 3, 1), (927, 10071560548020652796)),
        (with("feat", 6, 2, 3, 2, 3), (936, 3487923949413672054)),
    ];
    for (spec, want) in cases {
        let got = compress(&spec, &source, 4000);
        assert_eq!(got, want, "{}: compressed output changed", spec.label());
    }
}
