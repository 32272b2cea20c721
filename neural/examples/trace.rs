//! Prints a hash of every probability (as f32 bits) that each model kind emits over a fixed
//! symbol stream (five streams on 1 and on 3 threads for the last). The cross-CPU test runs
//! this from builds for different target CPUs and requires identical output: the proof that
//! decoding works on another machine.

use neural::{Config, Init, Mix, Model, ModelKind, Recipe, Reset, Transformer, TransformerConfig};

fn main() {
    // The `tuned` recipe's cells with their historical settings (their hashes predate the
    // recipes), then the `deepzip` recipe: Glorot init, reset-before GRU, no clipping; an
    // orthogonal init and the order-0 mixer.
    let tuned = |kind, window| Config {
        alphabet: 3,
        hidden: 40,
        window,
        recurrent_gain: 1.0,
        update_bias: 0.0,
        bptt: 25,
        beta1: 0.9,
        seed: 99,
        ..Config::defaults(kind, Recipe::Tuned)
    };
    let deepzip = |kind, window| Config {
        alphabet: 3,
        hidden: 40,
        window,
        bptt: 25,
        lr: 2e-3,
        seed: 99,
        ..Config::defaults(kind, Recipe::DeepZip)
    };
    let configs = [
        tuned(ModelKind::ChRnn, 1),
        tuned(ModelKind::ChGru, 1),
        tuned(ModelKind::Lstm, 1),
        tuned(ModelKind::Feat, 20),
        deepzip(ModelKind::ChRnn, 1),
        deepzip(ModelKind::ChGru, 1),
        Config {
            init: Init::Orthogonal,
            ..deepzip(ModelKind::Feat, 20)
        },
        Config {
            mix: Mix::Order0,
            reset: Reset::After,
            ..deepzip(ModelKind::ChGru, 1)
        },
    ];
    for cfg in configs {
        let label = format!(
            "{:?} window={} {} {} {}",
            cfg.cell(),
            cfg.window,
            cfg.recipe.name(),
            cfg.init.name(),
            cfg.mix.name()
        );
        println!("{label} {:016x}", trace(cfg, 1));
    }
    // Five streams on 1 and on 3 threads (groups of 2, 2 and 1 rows): one hash.
    let batched = Config {
        streams: 5,
        ..deepzip(ModelKind::Feat, 20)
    };
    let one = trace(batched.clone(), 1);
    assert_eq!(one, trace(batched, 3), "3 threads differ from 1");
    println!("GruResetBefore window=20 deepzip streams=5 threads=1,3 {one:016x}");
    let transformer = TransformerConfig {
        alphabet: 3,
        d_model: 16,
        heads: 2,
        context: 40,
        segment: 16,
        streams: 2,
        ..Default::default()
    };
    println!(
        "Transformer d_model=16 context=40 streams=2 {:016x}",
        trace_transformer(transformer)
    );
}

/// A hash of every probability `cfg`'s model emits over a fixed stream on `threads` threads.
fn trace(cfg: Config, threads: usize) -> u64 {
    let streams = cfg.streams;
    let mut model = Model::with_threads(cfg, threads);
    hash_steps(streams, |hash, symbols| {
        hash(model.predict(streams));
        model.update(symbols);
    })
}

/// The same for a Transformer.
fn trace_transformer(cfg: TransformerConfig) -> u64 {
    let streams = cfg.streams;
    let mut model = Transformer::new(cfg);
    hash_steps(streams, |hash, symbols| {
        hash(model.predict(streams));
        model.update(symbols);
    })
}

/// FNV-1a over the probabilities `step` hands to its first argument at each of 3000 steps,
/// each step then given the next symbol of every stream (a fixed pseudo-random sequence).
fn hash_steps(streams: usize, mut step: impl FnMut(&mut dyn FnMut(&[f32]), &[u8])) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut state = 1u64;
    for _ in 0..3000 {
        let symbols: Vec<u8> = (0..streams)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 33) % 3) as u8
            })
            .collect();
        let mut add = |probs: &[f32]| {
            for p in probs {
                for b in p.to_bits().to_le_bytes() {
                    hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
                }
            }
        };
        step(&mut add, &symbols);
    }
    hash
}
