//! Finite-difference gradient checks for every cell kind, and learning on an easy source.

use super::settings::{Init, Mix, ModelKind, Recipe, Reset, Schedule};
use super::*;
use crate::cell::CellKind;
use crate::shared::init::SplitMix64;

fn config(cell: CellKind, window: usize, bptt: usize) -> Config {
    let (kind, reset) = match cell {
        CellKind::Rnn => (ModelKind::ChRnn, Reset::After),
        CellKind::Gru => (ModelKind::ChGru, Reset::After),
        CellKind::GruResetBefore => (ModelKind::ChGru, Reset::Before),
        CellKind::Lstm => (ModelKind::Lstm, Reset::After),
    };
    Config {
        alphabet: 3,
        hidden: 6,
        window,
        init: Init::FanIn,
        reset,
        recurrent_gain: 1.0,
        update_bias: 0.0,
        bptt,
        lr: 1e-3,
        beta1: 0.9,
        clip: 0.0,
        seed: 17,
        ..Config::defaults(kind, Recipe::Tuned)
    }
}

const SYMBOLS: [u8; 9] = [0, 2, 1, 1, 0, 2, 2, 0, 1];

/// The symbols of each step, one per row: online, the second stream ends one step early;
/// with the sliding schedule, row b starts at step b.
fn steps(cfg: &Config) -> Vec<Vec<u8>> {
    let streams = cfg.streams;
    (0..SYMBOLS.len())
        .map(|t| {
            let live = match cfg.schedule {
                Schedule::Sliding => (t + 1).min(streams),
                Schedule::Online if t + 1 == SYMBOLS.len() => 1,
                Schedule::Online => streams,
            };
            (0..live)
                .map(|b| SYMBOLS[(t + 4 * b) % SYMBOLS.len()])
                .collect()
        })
        .collect()
}

/// Σ −ln p(symbol) over every step and row with the given parameters, in f64: the loss
/// the rows train on.
fn loss(cfg: &Config, params: &[f32]) -> f64 {
    let mut model = Model::new(cfg.clone());
    model.params.copy_from_slice(params);
    let mut total = 0.0;
    for symbols in steps(cfg) {
        let probs = model.model_predict(symbols.len());
        for (b, &s) in symbols.iter().enumerate() {
            total -= (probs[b * cfg.alphabet + s as usize] as f64).ln();
        }
        model.train_step(&symbols);
    }
    total
}

#[test]
fn gradients_match_finite_differences() {
    // (cell, window, streams, layers, embed, contexts)
    for case in [
        (CellKind::Rnn, 1, 1, 1, 0, 0),
        (CellKind::Gru, 1, 1, 1, 0, 0),
        (CellKind::Lstm, 1, 1, 1, 0, 0),
        (CellKind::Gru, 3, 1, 1, 0, 0),
        (CellKind::Gru, 1, 2, 1, 0, 0),
        (CellKind::Lstm, 2, 3, 1, 0, 0),
        (CellKind::Gru, 1, 1, 2, 0, 0),
        (CellKind::Rnn, 1, 2, 2, 0, 0),
        (CellKind::Lstm, 1, 3, 2, 0, 0),
        (CellKind::Gru, 3, 1, 1, 2, 0),
        (CellKind::Gru, 3, 2, 1, 0, 2),
        (CellKind::Lstm, 2, 2, 2, 3, 1),
        (CellKind::GruResetBefore, 1, 1, 1, 0, 0),
        (CellKind::GruResetBefore, 1, 5, 2, 0, 0),
        (CellKind::GruResetBefore, 3, 2, 1, 2, 2),
    ]
    .into_iter()
    .map(|c| (c, Schedule::Online))
    .chain([
        ((CellKind::Rnn, 1, 3, 1, 0, 0), Schedule::Sliding),
        ((CellKind::GruResetBefore, 1, 5, 2, 0, 0), Schedule::Sliding),
        ((CellKind::Lstm, 2, 4, 1, 2, 1), Schedule::Sliding),
    ]) {
        let ((cell, window, streams, layers, embed, contexts), schedule) = case;
        // One segment longer than the sequence, so no Adam step happens while feeding it.
        let mut cfg = config(cell, window, SYMBOLS.len() + 1);
        (cfg.streams, cfg.layers, cfg.embed, cfg.contexts) = (streams, layers, embed, contexts);
        cfg.schedule = schedule;
        let mut model = Model::new(cfg.clone());
        // Random, non-trivial biases too.
        let mut rng = SplitMix64::new(5);
        for l in 0..layers {
            let b = model.layout.layers[l].b.clone();
            model.params[b]
                .iter_mut()
                .for_each(|p| *p = rng.uniform(0.5));
        }
        let params = model.params.clone();
        for symbols in steps(&cfg) {
            model.train_step(&symbols);
        }
        model.accumulate_gradients();
        let analytic = model.grads.clone();
        let mut checked = 0;
        for i in (0..params.len()).step_by(7) {
            let eps = 1e-2f32;
            let mut plus = params.clone();
            plus[i] += eps;
            let mut minus = params.clone();
            minus[i] -= eps;
            let numeric = (loss(&cfg, &plus) - loss(&cfg, &minus)) / (2.0 * eps as f64);
            let a = analytic[i] as f64;
            assert!(
                (numeric - a).abs() <= 2e-2 * numeric.abs().max(a.abs()) + 2e-3,
                "{cfg:?}: parameter {i}: analytic {a}, numeric {numeric}"
            );
            checked += (a.abs() > 1e-3) as usize;
        }
        assert!(checked > 10, "{cfg:?}: too few non-zero gradients checked");
        // Every tensor of every layer had some of its entries checked.
        let l = &model.layout;
        let mut tensors = vec![l.wo.clone(), l.embed.clone()];
        for ll in &l.layers {
            tensors.extend([ll.wx.clone(), ll.wd.clone(), ll.wh.clone()]);
        }
        for r in tensors.into_iter().filter(|r| r.len() >= 7) {
            assert!(
                r.clone().any(|i| i % 7 == 0 && analytic[i] != 0.0),
                "{cfg:?}: no gradient reached {r:?}"
            );
        }
    }
}

#[test]
fn loss_falls_on_an_easy_source() {
    for cell in [
        CellKind::Rnn,
        CellKind::Gru,
        CellKind::GruResetBefore,
        CellKind::Lstm,
    ] {
        let mut cfg = config(cell, 1, 20);
        cfg.alphabet = 2;
        cfg.hidden = 16;
        cfg.lr = 0.01;
        let mut model = Model::new(cfg);
        // Period-3 pattern 0 0 1: predictable from the last two symbols.
        let n = 6000;
        let bits: Vec<f64> = (0..n)
            .map(|i| {
                let s = (i % 3 == 2) as u8;
                let p = model.predict(1)[s as usize] as f64;
                model.update(&[s]);
                -p.log2()
            })
            .collect();
        let first: f64 = bits[..60].iter().sum::<f64>() / 60.0;
        let last: f64 = bits[n - 600..].iter().sum::<f64>() / 600.0;
        assert!(
            first > 0.5 && last < 0.05,
            "{cell:?}: {first} -> {last} bits"
        );
    }
}

#[test]
fn same_seed_same_probabilities_and_different_seed_differs() {
    let run = |seed| {
        let mut cfg = config(CellKind::Gru, 2, 5);
        cfg.seed = seed;
        let mut model = Model::new(cfg);
        let mut out = Vec::new();
        for i in 0..200u32 {
            out.extend(model.predict(1).iter().map(|p| p.to_bits()));
            model.update(&[(i * 7 % 3) as u8]);
        }
        out
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

/// The AVX2 copies of the kernels (where this CPU has AVX2) against the baseline copies: the same probabilities to the bit, for every cell kind, with stacked layers,
/// embeddings and context features, a full block of streams plus a partial one, and widths
/// that leave a partial register tile.
#[test]
fn every_kernel_level_gives_the_same_bits() {
    use crate::shared::isa::{set_kernels, Kernels};
    let levels: Vec<Kernels> = Kernels::ALL
        .into_iter()
        .filter(|&k| k <= Kernels::available())
        .collect();
    if levels.len() == 1 {
        eprintln!("this CPU has no AVX2: only the baseline kernels run here");
    }
    let run = |cfg: &Config, level: Kernels| {
        set_kernels(level);
        let mut model = Model::new(cfg.clone());
        let mut out = Vec::new();
        for i in 0..400usize {
            let symbols: Vec<u8> = (0..cfg.streams)
                .map(|b| ((i * 7 + b * 5 + i / 3) % cfg.alphabet) as u8)
                .collect();
            out.extend(model.predict(cfg.streams).iter().map(|p| p.to_bits()));
            model.update(&symbols);
        }
        set_kernels(Kernels::Avx2);
        out
    };
    for (cell, window, streams, hidden, layers, embed, contexts) in [
        (CellKind::Rnn, 1, 1, 40, 1, 0, 0),
        (CellKind::Gru, 1, 5, 21, 2, 3, 0),
        (CellKind::Lstm, 1, 6, 19, 2, 0, 0),
        (CellKind::Gru, 4, 5, 21, 1, 2, 3),
        (CellKind::GruResetBefore, 1, 6, 21, 2, 0, 0),
        (CellKind::GruResetBefore, 3, 3, 19, 1, 2, 2),
    ] {
        let mut cfg = config(cell, window, 7);
        (cfg.streams, cfg.hidden, cfg.layers) = (streams, hidden, layers);
        (cfg.embed, cfg.contexts, cfg.lr) = (embed, contexts, 0.01);
        let baseline = run(&cfg, Kernels::Baseline);
        for &level in &levels[1..] {
            assert!(
                baseline == run(&cfg, level),
                "{cell:?} B={streams} hidden {hidden}: {level:?} differs from the baseline"
            );
        }
    }
}

/// The sliding schedule through the public calls: one coded stream, row 0's distribution,
/// and row b trained on the symbol b steps back (the same as driving the rows directly).
#[test]
fn sliding_rows_code_row_zero_and_train_on_delayed_targets() {
    let mut cfg = config(CellKind::Gru, 1, 4);
    (cfg.streams, cfg.schedule) = (3, Schedule::Sliding);
    assert_eq!(cfg.coded_streams(), 1);
    let symbols: Vec<u8> = (0..40u32).map(|i| (i * 5 % 7 % 3) as u8).collect();
    let mut sliding = Model::new(cfg.clone());
    let mut rows = Model::new(cfg);
    for (t, &s) in symbols.iter().enumerate() {
        let coded = sliding.predict(1).to_vec();
        let live = (t + 1).min(3);
        assert_eq!(coded, rows.model_predict(live)[..3].to_vec(), "step {t}");
        sliding.update(&[s]);
        let targets: Vec<u8> = (0..live).map(|b| symbols[t - b]).collect();
        rows.train_step(&targets);
    }
    assert_eq!(sliding.params, rows.params);
}

/// Threads split the rows and the weight gradients but never a sum: the same probabilities
/// and the same weights to the bit for 1, 2, 3 and 8 threads, for every cell kind, with
/// stacked layers, embeddings, context features, rows that end early, the sliding schedule
/// and the mixer.
#[test]
fn any_thread_count_gives_the_same_bits() {
    let run = |cfg: &Config, threads: usize| {
        let mut model = Model::with_threads(cfg.clone(), threads);
        let mut out = Vec::new();
        let coded = cfg.coded_streams();
        for i in 0..300usize {
            // Online rows end one by one after step 200 (the parts are uneven).
            let live = coded - (i.saturating_sub(200) / 40).min(coded - 1);
            let symbols: Vec<u8> = (0..live)
                .map(|b| ((i * 7 + b * 5 + i / 3) % cfg.alphabet) as u8)
                .collect();
            out.extend(model.predict(live).iter().map(|p| p.to_bits()));
            model.update(&symbols);
        }
        out.extend(model.params.iter().map(|p| p.to_bits()));
        out
    };
    for (cell, window, streams, hidden, layers, embed, contexts, schedule, mix) in [
        (CellKind::Rnn, 1, 1, 40, 1, 0, 0, Schedule::Online, Mix::Off),
        (CellKind::Gru, 1, 5, 21, 2, 3, 0, Schedule::Online, Mix::Off),
        (
            CellKind::Lstm,
            1,
            9,
            19,
            2,
            0,
            0,
            Schedule::Online,
            Mix::Order0,
        ),
        (CellKind::Gru, 4, 5, 21, 1, 2, 3, Schedule::Online, Mix::Off),
        (
            CellKind::GruResetBefore,
            1,
            7,
            21,
            2,
            0,
            0,
            Schedule::Online,
            Mix::Off,
        ),
        (
            CellKind::GruResetBefore,
            3,
            3,
            19,
            1,
            2,
            2,
            Schedule::Online,
            Mix::Off,
        ),
        (
            CellKind::GruResetBefore,
            1,
            6,
            16,
            1,
            0,
            0,
            Schedule::Sliding,
            Mix::Off,
        ),
    ] {
        let mut cfg = config(cell, window, 7);
        (cfg.streams, cfg.hidden, cfg.layers) = (streams, hidden, layers);
        (cfg.embed, cfg.contexts, cfg.lr) = (embed, contexts, 0.01);
        (cfg.schedule, cfg.mix) = (schedule, mix);
        let one = run(&cfg, 1);
        for threads in [2, 3, 8] {
            assert!(
                one == run(&cfg, threads),
                "{cell:?} B={streams} {schedule:?}: {threads} threads differ from one"
            );
        }
    }
}
