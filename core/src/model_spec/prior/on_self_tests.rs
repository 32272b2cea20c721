//! A model trained on its input stores its weights, rounded as stated, and the decoder codes
//! with exactly those: every kind decodes bit for bit, on any thread count; the training pass
//! pays on a source it can learn; bad weights sections get clear errors.

use super::spec::Precision;
use super::weights;
use crate::coding::container::Header;
use crate::model_spec::ModelSpec;
use crate::predict::bits::Values;
use crate::predict::Run;

fn spec(line: &str) -> ModelSpec {
    let words: Vec<String> = line.split(' ').map(String::from).collect();
    ModelSpec::from_words(&words).unwrap()
}

/// Markov-4 over bits (x_n = x_{n-1} xor x_{n-4}) after a pseudo-random start, with one
/// symbol in 64 flipped: a source a small network learns within a pass.
fn markov4(n: usize) -> Vec<u8> {
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let mut x: Vec<u8> = (0..4).map(|_| (next() & 1) as u8).collect();
    while x.len() < n {
        let t = x.len();
        let flip = (next() % 64 == 0) as u8;
        x.push(x[t - 1] ^ x[t - 4] ^ flip);
    }
    x
}

#[test]
fn every_kind_stores_its_weights_and_decodes_bit_for_bit() {
    let data: Vec<u8> = markov4(1500)
        .chunks(2)
        .map(|c| c[0] * 2 + c.get(1).copied().unwrap_or(0))
        .collect();
    for (line, width) in [
        ("chrnn hidden=8 pretrain.on=self", 4),
        (
            "chgru hidden=8 streams=3 pretrain.on=self pretrain.precision=f16",
            2,
        ),
        (
            "lstm hidden=8 experts=[order1] pretrain.on=self pretrain.epochs=2 \
             pretrain.after=frozen",
            4,
        ),
        (
            "transformer context=20 d_model=16 heads=2 streams=2 pretrain.on=self \
             pretrain.precision=bf16",
            2,
        ),
    ] {
        let spec = spec(line);
        assert!(spec.stores_weights());
        assert_eq!(spec.spec_line(), line, "its words read back");
        let encoded = spec.build(4, 3, 1).compress(&data).unwrap();
        let (header, _) = Header::parse(&encoded.bytes).unwrap();
        assert_eq!(header.version, 8, "{line}");
        let stored = encoded.stored.unwrap();
        assert_eq!(stored.bytes as usize, header.weights.len());
        let learned = spec.learned().unwrap();
        let parameters = learned.online_model(4, 3, 1).trained().params().len();
        assert_eq!(header.weights.len(), parameters * width, "{line}");
        for threads in [1, 2] {
            let decoded = spec
                .build(4, 3, threads)
                .decompress(&encoded.bytes)
                .unwrap();
            assert_eq!(decoded, data, "{line} on {threads} threads");
        }
        // Without its weights section the model cannot start.
        let run = Run {
            alphabet: 4,
            values: Values::first(4),
            length: 10,
            seed: 3,
            decompress: true,
        };
        let missing = spec.predictor(run, 1, &[]).err().unwrap().0;
        assert!(missing.contains("has no weights section"), "{missing}");
        let wrong = spec.predictor(run, 1, &[0; 6]).err().unwrap().0;
        assert!(
            wrong.starts_with("the weights section: 6 bytes, where this model's"),
            "{wrong}"
        );
    }
}

/// One pass over Markov-4 before coding: the payload without the weights is smaller than
/// the same model's online, and the weights are counted in the stream.
#[test]
fn the_training_pass_pays_in_the_payload() {
    let data = markov4(20_000);
    let payload = |line: &str| {
        let encoded = spec(line).build(2, 0, 1).compress(&data).unwrap();
        let stored = encoded.stored.map_or(0, |s| s.bytes);
        let header = encoded.header_bytes.unwrap();
        assert!(header >= stored);
        encoded.bytes.len() as u64 - header
    };
    let online = payload("chrnn hidden=16");
    let trained = payload("chrnn hidden=16 pretrain.on=self");
    assert!(
        trained < online * 9 / 10,
        "payload after a pass {trained} bytes, online {online}"
    );
}

#[test]
fn weights_round_to_their_precision_and_bad_ones_are_named() {
    let fresh = spec("chrnn hidden=4")
        .learned()
        .unwrap()
        .online_model(2, 0, 1)
        .trained();
    let n = fresh.params().len();
    let thirds = neural::Trained::with_params(&fresh, vec![1.0 / 3.0; n]).unwrap();
    for (precision, value, width) in [
        (Precision::F32, 1.0f32 / 3.0, 4),
        (Precision::F16, 0.333_251_95, 2),
        (Precision::Bf16, 0.333_984_38, 2),
    ] {
        let bytes = weights::encode(&thirds, precision).unwrap();
        assert_eq!(bytes.len(), n * width);
        let back = weights::decode(&fresh, &bytes, precision).unwrap();
        assert!(back.params().iter().all(|&x| x == value), "{precision:?}");
    }
    let mut nan = vec![0.5; n];
    nan[2] = f32::NAN;
    let diverged = neural::Trained::with_params(&fresh, nan).unwrap();
    let error = weights::encode(&diverged, Precision::F16).unwrap_err();
    assert!(error.starts_with("pretrain: weight 2 of"), "{error}");
    let mut bytes = weights::encode(&thirds, Precision::F32).unwrap();
    bytes[4..8].copy_from_slice(&f32::INFINITY.to_le_bytes());
    let error = weights::decode(&fresh, &bytes, Precision::F32)
        .err()
        .unwrap();
    assert_eq!(error, "weight 1 is inf (corrupted)");
    assert!(weights::decode(&fresh, &bytes[1..], Precision::F32).is_err());
}
