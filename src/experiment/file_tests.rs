//! `kind: file` over the symbols a file holds: a source written by `bench gen` and read back
//! codes to the same bytes as the source itself, and `alphabet` names what the file cannot
//! show.

use std::path::Path;

use super::Experiment;

/// The experiment of `yaml` (sources and compressors), its files relative to `dir`.
fn experiment(dir: &Path, yaml: &str) -> Experiment {
    Experiment::parse(yaml, &dir.join("e.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

/// Every compressor whose input is the symbol stream: order-k, a neural model of each
/// family, and the mixer.
const COMPRESSORS: &str = "compressors:\n  - {kind: order, k: 3}\n  - {kind: chgru, hidden: 8}\n  \
     - {kind: chrnn, hidden: 8, experts: [match, order2]}\n  - {kind: transformer, d_model: 16, \
     heads: 2, layers: 1, context: 16}\n  - {kind: mixer, experts: [match, order1, order2]}\n";

#[test]
fn a_generated_source_read_back_codes_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for noise in [0.0, 0.05] {
        let source = format!("{{kind: markov, k: 3, alphabet: 4, noise: {noise}}}");
        let e = experiment(
            dir.path(),
            &format!("name: t\nlength: 3000\nsources: [{source}]\n{COMPRESSORS}"),
        );
        let symbols = e.sources[0].generate(3000, 5).unwrap();
        std::fs::write(dir.path().join("m.bin"), &symbols).unwrap();
        let back = experiment(
            dir.path(),
            &format!(
                "name: t\nlength: 3000\nsources: [{{kind: file, path: m.bin}}]\n{COMPRESSORS}"
            ),
        );
        let file = &back.sources[0];
        assert_eq!(file.alphabet(), 4);
        assert_eq!(file.label(), "file-m.bin");
        assert!(
            file.params().ends_with("alphabet=auto values=[0,1,2,3]"),
            "{}",
            file.params()
        );
        assert_eq!(file.generate(3000, 5).unwrap(), symbols);
        for compressor in &e.compressors {
            let code = |alphabet| {
                compressor
                    .build(alphabet, 5, 1)
                    .compress(&symbols)
                    .unwrap()
                    .bytes
            };
            assert_eq!(
                code(e.sources[0].alphabet()),
                code(file.alphabet()),
                "{} at noise {noise}",
                compressor.label()
            );
        }
    }
}

#[test]
fn auto_codes_the_values_that_occur_and_a_size_restores_the_alphabet() {
    let dir = tempfile::tempdir().unwrap();
    // A four-symbol source in which symbol 1 never came: auto sees three values.
    let bytes: Vec<u8> = (0..600u32)
        .map(|i| [0u8, 2, 3][(i * i % 7 % 3) as usize])
        .collect();
    std::fs::write(dir.path().join("d.bin"), &bytes).unwrap();
    let e = experiment(
        dir.path(),
        "name: t\nlength: 1000\nsources:\n  - {kind: file, path: d.bin}\n  - {kind: file, \
         path: d.bin, alphabet: [4, 256]}\ncompressors: [{kind: gzip}]\n",
    );
    let (auto, four, all) = (&e.sources[0], &e.sources[1], &e.sources[2]);
    assert_eq!(
        (auto.alphabet(), four.alphabet(), all.alphabet()),
        (3, 4, 256)
    );
    assert_eq!(
        (
            auto.label().as_str(),
            four.label().as_str(),
            all.label().as_str()
        ),
        ("file-d.bin", "file-d.bin-M4", "file-d.bin-M256")
    );
    assert_eq!(
        auto.params(),
        "path=d.bin alphabet=auto values=[0,2,3]"
            .replace("d.bin", &dir.path().join("d.bin").display().to_string())
    );
    let mapped: Vec<u8> = bytes.iter().map(|&b| [0, 0, 1, 2][b as usize]).collect();
    assert_eq!(auto.generate(1000, 0).unwrap(), mapped);
    assert_eq!(four.generate(1000, 0).unwrap(), bytes);
    // Over sixteen values, the count alone.
    let text: Vec<u8> = (0..400u32).map(|i| b'a' + (i % 20) as u8).collect();
    std::fs::write(dir.path().join("t.txt"), &text).unwrap();
    let e = experiment(
        dir.path(),
        "name: t\nlength: 1000\nsources: [{kind: file, path: t.txt}]\ncompressors: [{kind: gzip}]\n",
    );
    assert!(
        e.sources[0].params().ends_with("alphabet=auto values=20"),
        "{}",
        e.sources[0].params()
    );
}

#[test]
fn a_size_below_the_largest_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.bin"), [0u8, 7, 3]).unwrap();
    for (alphabet, says) in [
        (
            "4",
            "expected `auto` or an alphabet size M in 8..=256 (the largest byte of",
        ),
        ("257", "in 8..=256"),
        (
            "many",
            "sources[0].alphabet: expected `auto` or an alphabet size M in 2..=256, got `many`",
        ),
    ] {
        let err = Experiment::parse(
            &format!("name: t\nlength: 10\nsources: [{{kind: file, path: d.bin, alphabet: {alphabet}}}]\ncompressors: [{{kind: gzip}}]\n"),
            &dir.path().join("e.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sources[0].alphabet:"), "{err}");
        assert!(err.contains(says), "{err}");
    }
}
