//! `.dz` files written by earlier builds, one or two per format version
//! (tests/fixtures/sample.v*.dz), decode to the text they were written from.

mod common;

use common::{bench, fixture};

/// Files written by earlier builds: container version 1 (models with recurrent gain 1),
/// version 2 (gain default 3 for chgru, layers, embeddings, context features; GRU update
/// gates at bias 0) and version 3 (chgru update-gate bias default −0.5, beta1 0.7): all read
/// as `recipe=tuned`. They were written before the AVX2 kernels existed, and
/// decode with every level (auto is the widest this CPU has). Version 4: the `deepzip` recipe (Glorot init, reset-before
/// GRU), an orthogonal init with the order-0 mixer, and the Transformer (2 streams), read as
/// `distance_lr=1 leak=0`. Version 5: the Transformer with its distance biases at 100 × lr
/// and a leaky ReLU. Version 7: an LSTM and a frozen Transformer with priors on a family of
/// 36-symbol chains, rebuilt from the header's words. Version 8: a ChGRU (2 streams, f16) and
/// a frozen Transformer (bf16, 2 epochs) trained on the input, their weights stored.
/// Version 9: the binary context mixer (`cm`), at its defaults and at order 3 with 2^16 slots.
/// Version 10: cm with its bit histories, second mixer, word, sparse and column contexts, at
/// its defaults and at order 3 with the second APM, linear inputs and another mixer rate.
/// Version 11: cm with a neural input, a ChGRU (order 3) and a Transformer (order 2).
/// Version 12: cm with its last stage and buckets of 2 ways (order 3), and its lean engine.
/// Version 13: cm coding each symbol as the byte it stands for (the text's 36 values are not
/// 0..36): order 3, with a ChGRU input (order 2), and the lean engine.
#[test]
fn committed_fixtures_still_decode() {
    let original = std::fs::read(fixture("sample.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for kernels in ["auto", "avx2", "baseline"] {
        for name in [
            "sample.order2.dz",
            "sample.chgru16.dz",
            "sample.feat-b3.dz",
            "sample.v2.chgru16-l2-e4.dz",
            "sample.v2.feat-ctx2-b2.dz",
            "sample.v3.chgru16-b2.dz",
            "sample.v3.feat8-ub.dz",
            "sample.v4.chgru16-b2.dz",
            "sample.v4.feat8-orth-mix.dz",
            "sample.v4.transformer-d16-b2.dz",
            "sample.v5.transformer-d16-b2.dz",
            "sample.v6.chgru16-b2-match-order2.dz",
            "sample.v6.mixer-match-order1-order3.dz",
            "sample.v7.lstm8-prior.dz",
            "sample.v7.transformer-d16-prior-frozen.dz",
            "sample.v8.chgru16-b2-self-f16.dz",
            "sample.v8.transformer-d16-self-bf16-frozen.dz",
            "sample.v9.cm.dz",
            "sample.v9.cm-o3-t16.dz",
            "sample.v10.cm.dz",
            "sample.v10.cm-o3-t16-apm2-linear.dz",
            "sample.v11.cm-o3-t16-chgru16.dz",
            "sample.v11.cm-o2-t16-transformer-d16.dz",
            "sample.v12.cm-o3-t16.dz",
            "sample.v12.cm-lean-t16.dz",
            "sample.v13.cm-o3-t16.dz",
            "sample.v13.cm-o2-t16-chgru16.dz",
            "sample.v13.cm-lean-t16.dz",
        ] {
            let out = dir.path().join(name);
            bench()
                .env("DEEPZIP_KERNELS", kernels)
                .arg("decompress")
                .arg(fixture(name))
                .arg(&out)
                .arg("-q")
                .arg("--force")
                .assert()
                .success();
            assert_eq!(std::fs::read(&out).unwrap(), original, "{name} {kernels}");
        }
    }
}
