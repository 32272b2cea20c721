use super::*;
use crate::shared::isa::{set_kernels, Kernels};

fn small() -> TransformerConfig {
    TransformerConfig {
        alphabet: 3,
        context: 5,
        layers: 2,
        d_model: 8,
        heads: 2,
        ngram: 3,
        segment: 7,
        streams: 2,
        lr: 0.01,
        seed: 11,
        ..TransformerConfig::default()
    }
}

/// Symbol of stream b at step i: a fixed, varied pattern.
fn symbol(cfg: &TransformerConfig, i: usize, b: usize) -> u8 {
    ((i * 7 + b * 5 + i / 3 + (i * i) % 5) % cfg.alphabet) as u8
}

/// Runs steps `from..to` of every stream; returns Σ −ln p(symbol) of the streams' codes.
fn run(model: &mut Transformer, from: usize, to: usize) -> f64 {
    let cfg = model.cfg.clone();
    let mut loss = 0.0;
    for i in from..to {
        let symbols: Vec<u8> = (0..cfg.streams).map(|b| symbol(&cfg, i, b)).collect();
        let probs = model.predict(cfg.streams).to_vec();
        for (b, &y) in symbols.iter().enumerate() {
            loss -= (probs[b * cfg.alphabet + y as usize] as f64).ln();
        }
        model.update(&symbols);
    }
    loss
}

/// The analytic gradient against central differences, for weights of every kind, on the
/// third segment: its positions attend back into two trained segments' cached keys and
/// values (constants of its loss) and the context is shorter than the segment.
#[test]
fn gradients_match_finite_differences() {
    let cfg = small();
    let mut base = Transformer::new(cfg.clone());
    run(&mut base, 0, 2 * cfg.segment);
    let steps = cfg.segment - 1;
    let mut model = base.clone();
    run(&mut model, 2 * cfg.segment, 2 * cfg.segment + steps);
    model.accumulate_gradients();
    let l = &model.layout;
    let mut checked = 0;
    let ranges = [&l.emb, &l.lnf, &l.wout, &l.bout]
        .into_iter()
        .chain(l.layers.iter().flat_map(|ll| {
            [
                &ll.ln1, &ll.wqkv, &ll.wo, &ll.bo, &ll.pos, &ll.ln2, &ll.w1, &ll.b1, &ll.w2, &ll.b2,
            ]
        }));
    let mut skipped = 0;
    for r in ranges {
        for i in r.clone().step_by(r.len().div_ceil(5)) {
            // The loss, and which activations of the segment are above their kink.
            let loss_at = |delta: f32| {
                let mut m = base.clone();
                m.params[i] += delta;
                let loss = run(&mut m, 2 * cfg.segment, 2 * cfg.segment + steps);
                let on: Vec<bool> = m
                    .streams
                    .iter()
                    .flat_map(|st| st.layers.iter().flat_map(|r| r.u.iter().map(|&u| u > 0.0)))
                    .collect();
                (loss, on)
            };
            let eps = 1e-3;
            let ((up, on_up), (down, on_down)) = (loss_at(eps), loss_at(-eps));
            if on_up != on_down {
                // An activation crossed its kink between the two points: the loss has a kink
                // there, and the difference quotient measures neither side's slope.
                skipped += 1;
                continue;
            }
            let fd = (up - down) / (2.0 * eps as f64);
            let g = model.grads[i] as f64;
            assert!(
                (fd - g).abs() <= 2e-3 + 1e-2 * g.abs().max(fd.abs()),
                "weight {i} (in {r:?}): analytic {g}, finite difference {fd}"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 80 && skipped < checked / 4,
        "{checked} checked, {skipped} skipped"
    );
}

#[test]
fn the_cache_holds_every_position_a_segment_reads() {
    let cfg = small();
    let mut cache = state::Cache::new(&cfg);
    let d = cfg.d_model;
    let kv = |p: usize| -> Vec<f32> { (0..2 * d).map(|e| (p * 100 + e) as f32).collect() };
    for p in 0..200 {
        cache.push(&kv(p));
        // The oldest position a segment ending here may still read.
        let oldest = (p + 1).saturating_sub(cfg.context + cfg.segment - 1);
        let n = p + 1 - oldest;
        for e in 0..d {
            let want: Vec<f32> = (oldest..=p).map(|q| kv(q)[e]).collect();
            assert_eq!(&cache.key_rows(e, oldest)[..n], &want[..], "keys at {p}");
            let want: Vec<f32> = (oldest..=p).map(|q| kv(q)[d + e]).collect();
            assert_eq!(
                &cache.value_rows(e, oldest)[..n],
                &want[..],
                "values at {p}"
            );
        }
    }
}

/// Probabilities and final weights, bit for bit, with the baseline and the AVX2 kernels;
/// streams ending at different steps.
#[test]
fn every_kernel_level_gives_the_same_bits() {
    let levels: Vec<Kernels> = Kernels::ALL
        .into_iter()
        .filter(|&k| k <= Kernels::available())
        .collect();
    let go = |level: Kernels| {
        set_kernels(level);
        let cfg = TransformerConfig {
            d_model: 24,
            heads: 3,
            context: 19,
            streams: 5,
            ..small()
        };
        let mut model = Transformer::new(cfg.clone());
        let mut out = Vec::new();
        for i in 0..150 {
            let live = if i < 100 { 5 } else { 3 };
            let symbols: Vec<u8> = (0..live).map(|b| symbol(&cfg, i, b)).collect();
            out.extend(model.predict(live).iter().map(|p| p.to_bits()));
            model.update(&symbols);
        }
        out.extend(model.params.iter().map(|p| p.to_bits()));
        set_kernels(Kernels::Avx2);
        out
    };
    let baseline = go(Kernels::Baseline);
    for &level in &levels[1..] {
        assert!(baseline == go(level), "{level:?} differs from the baseline");
    }
}

/// The loss falls on a source with one deterministic rule the attention must find: each
/// symbol repeats the one 4 back.
#[test]
fn learns_a_lag_copy() {
    let cfg = TransformerConfig {
        alphabet: 4,
        context: 16,
        d_model: 16,
        heads: 2,
        segment: 16,
        streams: 1,
        lr: 3e-3,
        ..TransformerConfig::default()
    };
    let mut model = Transformer::new(cfg.clone());
    let mut rng = crate::shared::init::SplitMix64::new(5);
    let mut seq: Vec<u8> = (0..4).map(|_| (rng.next_u64() % 4) as u8).collect();
    let (mut first, mut last) = (0.0, 0.0);
    for i in 0..6000 {
        if i >= 4 {
            seq.push(seq[i - 4]);
        }
        let y = seq[i];
        let p = model.predict(1)[y as usize] as f64;
        let bits = -p.log2();
        if i < 100 {
            first += bits / 100.0;
        } else if i >= 5500 {
            last += bits / 500.0;
        }
        model.update(&[y]);
    }
    assert!(
        first > 1.0 && last < 0.05,
        "bits/symbol: first 100 {first}, last 500 {last}"
    );
}

/// The declared defaults are the documented ones (docs/transformer.md), listed in the table's
/// order: a changed default or order would move every label, param and header.
#[test]
fn declared_defaults_and_their_order() {
    let words: Vec<String> = TransformerConfig::default()
        .settings()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        words.join(" "),
        "context=256 layers=2 d_model=64 heads=4 segment=64 ngram=1 leak=0.0625 lr=0.001 \
         distance_lr=100 beta1=0.9 beta2=0.99 clip=1 streams=1"
    );
    let changed = TransformerConfig {
        heads: 8,
        lr: 0.002,
        ..TransformerConfig::default()
    };
    assert_eq!(
        changed.changed_settings(),
        [("heads", "8".to_string()), ("lr", "0.002".to_string())]
    );
}

/// A model trained on one sequence, restarted, codes the next exactly as a fresh model handed
/// what it learned (weights and Adam's moments); a frozen model keeps its weights and, after
/// a restart, codes as it did from the start.
#[test]
fn restart_freeze_and_hand_over() {
    let cfg = small();
    let mut trained = Transformer::new(cfg.clone());
    run(&mut trained, 0, 30);
    trained.restart();
    let mut handed = Transformer::new(cfg.clone());
    handed.load(&trained.trained());
    let probs = |m: &mut Transformer| {
        let mut out = Vec::new();
        for i in 0..40 {
            let symbols: Vec<u8> = (0..cfg.streams).map(|b| symbol(&cfg, i + 3, b)).collect();
            out.extend(m.predict(cfg.streams).iter().map(|p| p.to_bits()));
            m.update(&symbols);
        }
        out
    };
    assert_eq!(probs(&mut trained), probs(&mut handed));
    assert_eq!(trained.trained().hash(), handed.trained().hash());
    assert_ne!(
        probs(&mut Transformer::new(cfg.clone())),
        probs(&mut handed)
    );

    let mut frozen = Transformer::new(cfg.clone());
    frozen.freeze();
    let before = frozen.trained().params().to_vec();
    let first = probs(&mut frozen);
    assert_eq!(frozen.trained().params(), &before[..]);
    frozen.restart();
    assert_eq!(probs(&mut frozen), first);
}
