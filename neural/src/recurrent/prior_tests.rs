//! `restart`, `freeze` and the hand-over of what a model learned, for every cell, with Feat's
//! context counts, two streams and the sliding schedule.

use super::settings::{ModelKind, Recipe, Schedule};
use super::{Config, Model};

/// Symbols of `n` steps of `streams` rows, varied by `salt`.
fn steps(n: usize, streams: usize, salt: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            (0..streams)
                .map(|b| ((i * 7 + b * 5 + salt + i / 3) % 3) as u8)
                .collect()
        })
        .collect()
}

/// The probabilities the model gives along `steps`, as bits.
fn run(model: &mut Model, steps: &[Vec<u8>]) -> Vec<u32> {
    let mut out = Vec::new();
    for symbols in steps {
        out.extend(model.predict(symbols.len()).iter().map(|p| p.to_bits()));
        model.update(symbols);
    }
    out
}

fn configs() -> Vec<Config> {
    let base = |kind| Config {
        alphabet: 3,
        hidden: 5,
        bptt: 7,
        seed: 3,
        ..Config::defaults(kind, Recipe::default_for(kind))
    };
    vec![
        base(ModelKind::ChRnn),
        Config {
            streams: 2,
            ..base(ModelKind::ChGru)
        },
        Config {
            layers: 2,
            ..base(ModelKind::Lstm)
        },
        Config {
            window: 3,
            contexts: 2,
            ..base(ModelKind::Feat)
        },
        Config {
            streams: 3,
            schedule: Schedule::Sliding,
            ..base(ModelKind::ChGru)
        },
    ]
}

/// A model trained on one sequence, restarted, codes the next exactly as a fresh model
/// handed what it learned: `restart` leaves no state behind, and the hand-over is exact
/// (weights and Adam's moments, so online training goes on the same).
#[test]
fn a_restarted_model_is_a_fresh_model_with_what_it_learned() {
    for cfg in configs() {
        let rows = cfg.coded_streams();
        let mut trained = Model::new(cfg.clone());
        run(&mut trained, &steps(40, rows, 0));
        trained.restart();
        let mut handed = Model::new(cfg.clone());
        handed.load(&trained.trained());
        let next = steps(50, rows, 1);
        let (mut a, mut b) = (trained, handed);
        assert_eq!(run(&mut a, &next), run(&mut b, &next), "{:?}", cfg.kind);
        assert_eq!(a.trained().hash(), b.trained().hash());
        // It learned: a fresh model gives other probabilities.
        assert_ne!(run(&mut Model::new(cfg.clone()), &next), run(&mut b, &next));
    }
}

/// A frozen model keeps its weights, and after a restart codes as it did from the start.
#[test]
fn a_frozen_model_keeps_its_weights() {
    for cfg in configs() {
        let rows = cfg.coded_streams();
        let mut model = Model::new(cfg.clone());
        model.freeze();
        let before = model.trained().params().to_vec();
        let seq = steps(30, rows, 2);
        let first = run(&mut model, &seq);
        assert_eq!(model.trained().params(), &before[..]);
        model.restart();
        assert_eq!(run(&mut model, &seq), first, "{:?}", cfg.kind);
    }
}

/// What a model learned, as bytes, reads back to the bit; bytes of another size are refused.
#[test]
fn what_a_model_learned_reads_back_from_bytes() {
    use crate::shared::trained::Trained;
    let cfg = configs().remove(1);
    let mut model = Model::new(cfg.clone());
    run(&mut model, &steps(60, cfg.coded_streams(), 0));
    let learned = model.trained();
    let fresh = Model::new(cfg).trained();
    let bytes = learned.to_bytes();
    let back = Trained::restore(&fresh, &bytes).unwrap();
    assert_eq!(back.hash(), learned.hash());
    assert_ne!(fresh.hash(), learned.hash());
    assert!(Trained::restore(&fresh, &bytes[1..]).is_none());
}
