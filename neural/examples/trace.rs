//! Prints a hash of every probability (as f32 bits) that each model kind emits over a fixed
//! symbol stream. The cross-CPU test runs this from builds for different target CPUs and
//! requires identical output: the proof that decoding works on another machine.

use neural::{CellKind, Config, Model};

fn main() {
    for (cell, window) in [
        (CellKind::Rnn, 1),
        (CellKind::Gru, 1),
        (CellKind::Lstm, 1),
        (CellKind::Gru, 20),
    ] {
        let mut model = Model::new(Config {
            cell,
            alphabet: 3,
            hidden: 40,
            layers: 1,
            embed: 0,
            contexts: 0,
            recurrent_gain: 1.0,
            update_bias: 0.0,
            window,
            bptt: 25,
            lr: 2e-3,
            beta1: 0.9,
            beta2: 0.999,
            clip: 5.0,
            streams: 1,
            seed: 99,
        });
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        let mut state = 1u64;
        for _ in 0..3000 {
            for p in model.predict(1) {
                for b in p.to_bits().to_le_bytes() {
                    hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
                }
            }
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            model.update(&[((state >> 33) % 3) as u8]);
        }
        println!("{cell:?} window={window} {hash:016x}");
    }
}
