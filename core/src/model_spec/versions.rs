//! The `.dz` format versions as they bear on the compressor spec a header holds: which
//! version a spec is written as, and how an older header's spec is read. The container
//! (`coding::container`) frames the spec's bytes with its version and hands them over as
//! written; the words are upgraded here, above it.
//!
//! Versions: 1 predates the neural `recurrent_gain` setting (its models drew Wh with gain 1);
//! 2 predates `update_bias` (its GRU update gates started at bias 0); 3 predates the recipes
//! (its models used what is now `recipe=tuned`); 4 names the recipe where it is not the
//! kind's default and every setting that differs from the recipe's defaults; 5 raised the
//! Transformer's `distance_lr` from 1 to 100 and its `leak` from 0 (version-4 Transformers
//! trained their distance biases at lr, and used a ReLU); 6 adds the experts (`experts=[…]`
//! on a neural kind, `mixer`); 7 adds the prior (`pretrain.*` words: the model trained on its
//! family before coding) and the restart at each segment (`restart=L`); 8 adds the weights
//! section, for a model trained on the input itself (`pretrain.on=self`), which stores its
//! weights; 9 adds the binary context-mixing model (`cm`), coded bit by bit; 10 adds cm's second APM,
//! linear inputs, bit histories, a slower mixer, second mixer and word, sparse and column contexts (version-9 cm models had none); 11 adds cm's neural input (`neural=KIND` and that kind's words) and its x86 call transform (`e8e9`, on by default; version-10 files had none); 12 adds cm's last stage, the Bayes mixture with the highest order's count estimate (`kt`, on by default), and its buckets of 2 ways (`ways=2`; version-11 files had neither and 1 way); 13 codes each cm symbol as the byte it stands for (`bytes`, on by default; version-12 files coded its index) and splits the coder's range exactly at each of its bits (`exact_split`; version-12 files divided it by 2^16 first). A file without experts or prior is still written as version 5, one with experts
//! and no prior as 6, one with a family prior as 7, the same bytes as before, so older builds
//! keep reading them and refuse only what they cannot decode.
//! An older header is read as the spec its models actually used (`upgrade_spec`), so old
//! files keep decoding.

use crate::coding::container::{Header, VERSIONS};

/// The newest version, which this build writes for the binary context-mixing model (9 was its
/// first, without the second APM, linear inputs, bit histories, a slower mixer, second mixer
/// and word, sparse and column contexts; 10 had no neural input and no call transform; 11 no
/// last stage `kt` and 1 way; 12 coded each symbol's index, not its byte, and split the range through a 16-bit table).
const WITH_CM: u8 = *VERSIONS.end();
/// The version of a file whose model stores its weights.
const WITH_WEIGHTS: u8 = 8;
/// The version of a file whose spec names a prior rebuilt from the spec, or a restart.
const WITH_PRIOR: u8 = 7;
/// The version of a file whose spec names experts and no prior.
const WITH_EXPERTS: u8 = 6;
/// The version of a file whose spec names neither.
const WITHOUT_EXPERTS: u8 = 5;

/// The spec a header's model actually used, in this build's words.
pub fn header_spec(header: &Header) -> String {
    upgrade_spec(header.version, header.spec.clone())
}

/// The settings a header of an older `version` leaves to defaults that have changed since,
/// made explicit: version-1 neural models drew Wh with gain 1; the GRU models of versions 1
/// and 2 started their update gates at bias 0; every neural model before version 4 trained
/// with the `tuned` recipe; version-4 Transformers trained their distance biases at lr and
/// used a ReLU; version-9 cm models had no second APM, linear inputs, bit histories, second
/// mixer, word, sparse or column contexts, and their mixer learned at 2^-11; cm models before
/// version 11 had no call transform, before 12 no last stage `kt` and 1 way, and before 13
/// they coded each symbol's index, not its byte, through a 16-bit table.
fn upgrade_spec(version: u8, mut spec: String) -> String {
    const IMPLICIT: [(u8, &[&str], &str, &str); 18] = [
        (
            2,
            &["chrnn", "chgru", "lstm", "feat"],
            "recurrent_gain",
            "1",
        ),
        (3, &["chgru", "feat"], "update_bias", "0"),
        (4, &["chrnn", "chgru", "lstm", "feat"], "recipe", "tuned"),
        (5, &["transformer"], "distance_lr", "1"),
        (5, &["transformer"], "leak", "0"),
        (10, &["cm"], "apm2", "off"),
        (10, &["cm"], "linear", "off"),
        (10, &["cm"], "history", "off"),
        (10, &["cm"], "mixer_shift", "11"),
        (10, &["cm"], "mixer2", "off"),
        (10, &["cm"], "word", "off"),
        (10, &["cm"], "sparse", "off"),
        (10, &["cm"], "column", "off"),
        (11, &["cm"], "e8e9", "off"),
        (12, &["cm"], "kt", "off"),
        (12, &["cm"], "ways", "1"),
        (13, &["cm"], "bytes", "off"),
        (13, &["cm"], "exact_split", "off"),
    ];
    let kind = spec.split_whitespace().next().unwrap_or("").to_string();
    for (since, kinds, key, value) in IMPLICIT {
        let named = spec
            .split_whitespace()
            .any(|w| w.starts_with(&format!("{key}=")));
        if version < since && kinds.contains(&kind.as_str()) && !named {
            spec = format!("{spec} {key}={value}");
        }
    }
    spec
}

/// The oldest version that can read a file of `spec`.
pub fn written_version(spec: &str) -> u8 {
    let words: Vec<&str> = spec.split_whitespace().collect();
    let mixed = words.first() == Some(&"mixer") || words.iter().any(|w| w.starts_with("experts="));
    let prior = format!("{}.", super::prior::spec::BLOCK);
    let restart = format!("{}=", super::prior::spec::RESTART);
    if words.first() == Some(&"cm") {
        WITH_CM
    } else if words.contains(&super::prior::spec::STORED) {
        WITH_WEIGHTS
    } else if words
        .iter()
        .any(|w| w.starts_with(&prior) || w.starts_with(&restart))
    {
        WITH_PRIOR
    } else if mixed {
        WITH_EXPERTS
    } else {
        WITHOUT_EXPERTS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_written_as_the_oldest_version_that_reads_it() {
        assert_eq!(written_version("order k=3"), 5);
        assert_eq!(written_version("chgru hidden=16 recipe=tuned"), 5);
        assert_eq!(written_version("chgru hidden=16 experts=[match,order2]"), 6);
        assert_eq!(written_version("mixer experts=[order1]"), 6);
        assert_eq!(written_version("chgru hidden=16 pretrain.on=family"), 7);
        assert_eq!(written_version("transformer restart=100"), 7);
        assert_eq!(
            written_version("lstm hidden=8 experts=[match] pretrain.sequences=4"),
            7
        );
        assert_eq!(written_version("chrnn pretrain.on=self"), 8);
        assert_eq!(written_version("cm"), 13);
        assert_eq!(written_version("cm order=3 apm=off"), 13);
        assert_eq!(written_version("cm neural=chgru hidden=16"), 13);
        assert_eq!(
            written_version("chrnn pretrain.on=self pretrain.precision=f16"),
            8
        );
    }

    #[test]
    fn older_neural_specs_read_with_the_settings_they_used() {
        let read = |version: u8, spec: &str| upgrade_spec(version, spec.to_string());
        let chgru = "chgru hidden=16 bptt=50";
        assert_eq!(
            read(1, chgru),
            format!("{chgru} recurrent_gain=1 update_bias=0 recipe=tuned")
        );
        assert_eq!(
            read(2, chgru),
            format!("{chgru} update_bias=0 recipe=tuned")
        );
        assert_eq!(read(3, chgru), format!("{chgru} recipe=tuned"));
        // What a header names stays; the current version is read as written.
        assert_eq!(
            read(2, "feat hidden=8 update_bias=2"),
            "feat hidden=8 update_bias=2 recipe=tuned"
        );
        assert_eq!(read(WITH_WEIGHTS, chgru), chgru);
        // Only the kinds with the setting get it; order-k specs never change.
        assert_eq!(
            read(1, "lstm hidden=8"),
            "lstm hidden=8 recurrent_gain=1 recipe=tuned"
        );
        assert_eq!(read(2, "chrnn hidden=8"), "chrnn hidden=8 recipe=tuned");
        assert_eq!(read(1, "order k=3"), "order k=3");
        assert_eq!(
            read(4, "transformer d_model=16"),
            "transformer d_model=16 distance_lr=1 leak=0"
        );
        assert_eq!(read(5, "transformer d_model=16"), "transformer d_model=16");
        assert_eq!(
            read(9, "cm order=3 word=on"),
            "cm order=3 word=on apm2=off linear=off history=off mixer_shift=11 mixer2=off sparse=off column=off e8e9=off kt=off ways=1 bytes=off exact_split=off"
        );
        assert_eq!(
            read(10, "cm order=3"),
            "cm order=3 e8e9=off kt=off ways=1 bytes=off exact_split=off"
        );
        assert_eq!(
            read(11, "cm order=3"),
            "cm order=3 kt=off ways=1 bytes=off exact_split=off"
        );
        assert_eq!(
            read(12, "cm engine=lean"),
            "cm engine=lean bytes=off exact_split=off"
        );
        assert_eq!(read(WITH_CM, "cm"), "cm");
    }

    #[test]
    fn a_header_read_by_the_container_is_upgraded_here() {
        let header = Header {
            version: 2,
            spec: "chgru hidden=16".into(),
            seed: 0,
            map: vec![0, 1],
            length: 0,
            crc32: 0,
            weights: Vec::new(),
        };
        let (read, _) = Header::parse(&header.to_bytes()).unwrap();
        assert_eq!(read.spec, "chgru hidden=16");
        assert_eq!(
            header_spec(&read),
            "chgru hidden=16 update_bias=0 recipe=tuned"
        );
    }
}
