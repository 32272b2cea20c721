//! The `.dz` format versions as they bear on the compressor spec a header holds: which
//! version a spec is written as, and how an older header's spec is read.
//!
//! Versions: 1 predates the neural `recurrent_gain` setting (its models drew Wh with gain 1);
//! 2 predates `update_bias` (its GRU update gates started at bias 0); 3 predates the recipes
//! (its models used what is now `recipe=tuned`); 4 names the recipe where it is not the
//! kind's default and every setting that differs from the recipe's defaults; 5 raised the
//! Transformer's `distance_lr` from 1 to 100 and its `leak` from 0 (version-4 Transformers
//! trained their distance biases at lr, and used a ReLU); 6 adds the experts (`experts=[…]`
//! on a neural kind, `mixer`). A file without experts is still written as version 5, the same
//! bytes as before, so older builds keep reading it and refuse only what they cannot decode.
//! An older header is read as the spec its models actually used (`upgrade_spec`), so old
//! files keep decoding.

/// The newest version, which this build writes for a spec with experts.
pub const VERSION: u8 = 6;
/// The version of a file whose spec names no experts.
const WITHOUT_EXPERTS: u8 = 5;
/// The oldest version this build reads.
pub const OLDEST: u8 = 1;

/// The settings a header of an older `version` leaves to defaults that have changed since,
/// made explicit: version-1 neural models drew Wh with gain 1; the GRU models of versions 1
/// and 2 started their update gates at bias 0; every neural model before version 4 trained
/// with the `tuned` recipe; version-4 Transformers trained their distance biases at lr and
/// used a ReLU.
pub fn upgrade_spec(version: u8, mut spec: String) -> String {
    const IMPLICIT: [(u8, &[&str], &str, &str); 5] = [
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
    let mut words = spec.split_whitespace();
    let mixed = words.next() == Some("mixer") || words.any(|w| w.starts_with("experts="));
    if mixed {
        VERSION
    } else {
        WITHOUT_EXPERTS
    }
}
