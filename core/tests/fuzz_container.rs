//! Property-based fuzzing of the `.dz` parser and decoder: arbitrary bytes and mutations of
//! valid streams must give an error or the original data, never a panic or a hang.

use deepzip_core::codec::Codec;
use deepzip_core::coding::container::Header;
use deepzip_core::model_spec::ModelSpec;
use proptest::prelude::*;

fn codecs() -> Vec<(Box<dyn Codec>, Vec<u8>)> {
    let data: Vec<u8> = (0..600u32).map(|i| ((i * 7 + i / 13) % 5) as u8).collect();
    let specs = [
        ModelSpec::Order { k: 2 },
        ModelSpec::Neural(neural::Config {
            hidden: 4,
            streams: 2,
            ..neural::Config::new(neural::ModelKind::ChGru)
        }),
    ];
    // A model that stores its weights (the header's weights section, at f16).
    let words = [
        "chgru",
        "hidden=4",
        "streams=2",
        "pretrain.on=self",
        "pretrain.precision=f16",
    ];
    let stored = ModelSpec::from_words(&words.map(String::from)).unwrap();
    // The binary context mixer, coded bit by bit (M = 5: forced bits too).
    let cm = ModelSpec::from_words(&["cm", "order=3", "table_bits=12"].map(String::from)).unwrap();
    // With a neural input (a header of version 11 or later).
    let words = ["cm", "order=2", "table_bits=12", "neural=chgru", "hidden=4"];
    let neural_cm = ModelSpec::from_words(&words.map(String::from)).unwrap();
    specs
        .iter()
        .chain([&stored, &cm, &neural_cm])
        .map(|s| {
            let codec = s.build(5, 1, 1);
            let bytes = codec.compress(&data).unwrap().bytes;
            assert_eq!(codec.decompress(&bytes).unwrap(), data);
            (codec, bytes)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Header::parse(&bytes);
        let mut with_magic = b"DZIP\x01".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = Header::parse(&with_magic);
    }

    #[test]
    fn mutated_streams_decode_to_an_error_or_the_original(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        thread_local!(static CODECS: Vec<(Box<dyn Codec>, Vec<u8>)> = codecs());
        CODECS.with(|c| {
            let (codec, good) = &c[which];
            let mut bytes = good.clone();
            for (at, value) in &edits {
                let i = at.index(bytes.len());
                bytes[i] ^= value | 1;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            if let Ok(decoded) = codec.decompress(&bytes) {
                // Only a mutation that cancels out can decode, and then to the original.
                let original = codec.decompress(good).unwrap();
                assert_eq!(decoded, original);
            }
        });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Weights edited behind a checksum that still matches (the section's CRC rewritten):
    /// the model codes with other weights, and the data's CRC catches it.
    #[test]
    fn edited_weights_with_a_valid_checksum_decode_to_an_error_or_the_original(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        thread_local!(static CODECS: Vec<(Box<dyn Codec>, Vec<u8>)> = codecs());
        CODECS.with(|c| {
            let (codec, good) = &c[2];
            let (header, payload) = Header::parse(good).unwrap();
            let end = good.len() - payload.len();
            let weights = end - 4 - header.weights.len()..end - 4;
            let mut bytes = good.clone();
            for (at, value) in &edits {
                bytes[weights.start + at.index(weights.len())] ^= value | 1;
            }
            let crc = crc32fast::hash(&bytes[weights.clone()]);
            bytes[end - 4..end].copy_from_slice(&crc.to_le_bytes());
            if let Ok(decoded) = codec.decompress(&bytes) {
                assert_eq!(decoded, codec.decompress(good).unwrap());
            }
        });
    }
}

/// The committed `.dz` fixtures are the seed corpus of the file-level decoder.
fn corpus() -> Vec<Vec<u8>> {
    // They sit with the CLI tests that write and read them, beside this crate.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("dz"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_fail_cleanly_through_the_file_decoder(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let seeds = corpus();
        let mut bytes = seeds[which.index(seeds.len())].clone();
        for (at, value) in &edits {
            let i = at.index(bytes.len());
            bytes[i] ^= value | 1;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.dz");
        let output = dir.path().join("out.bin");
        std::fs::write(&input, &bytes).unwrap();
        let out = deepzip_core::atomic_file::AtomicFile::create(&output, false).unwrap();
        let settings = deepzip_core::dzfile::Settings { quiet: true, threads: 1 };
        if deepzip_core::dzfile::decompress(&input, out, settings, None).is_err() {
            prop_assert!(!output.exists(), "a failed decompress left its output");
        }
    }
}
