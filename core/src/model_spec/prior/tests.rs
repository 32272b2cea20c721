//! A prior rebuilt from its spec is the same prior; its words read back; bad settings get
//! clear errors.

use std::sync::Arc;

use generators::{MarkovChain, Source};

use super::spec::Prior;
use super::train::train_uncached;
use super::train::trained;
use super::SILENT;
use crate::model_spec::{parse, Learned, ModelSpec};
use crate::yaml::Node;

fn family() -> Source {
    Source::MarkovChain(MarkovChain::new(2, 1, 1.0, Some(50)).unwrap())
}

fn chgru() -> Learned {
    Learned::Recurrent(neural::Config {
        hidden: 8,
        ..neural::Config::new(neural::ModelKind::ChGru)
    })
}

fn small_prior() -> Prior {
    Prior {
        sequences: 10,
        length: 50,
        batch: 4,
        family: Some(family()),
        ..Prior::default()
    }
}

/// The specs of a YAML compressor entry, or its error as `path: message`.
fn specs(entry: &str) -> Result<Vec<ModelSpec>, String> {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(entry).unwrap();
    let mut f = Node::root(&value).fields().unwrap();
    let kind = f.require("kind").unwrap().as_str().unwrap().to_string();
    let (specs, allowed) = parse(&kind, &mut f).map_err(|e| e.to_string())?.unwrap();
    f.finish(allowed).map_err(|e| e.to_string())?;
    Ok(specs)
}

/// Rebuilt twice, on one thread and on two, a prior has the same weights and Adam state to
/// the bit; asked for again in one process, it is the one already trained.
#[test]
fn a_prior_rebuilt_from_its_spec_is_the_same() {
    let prior = small_prior();
    let one = train_uncached(&chgru(), &prior, None, 2, 1, SILENT).unwrap();
    let two = train_uncached(&chgru(), &prior, None, 2, 2, SILENT).unwrap();
    assert_eq!(one.weights.hash(), two.weights.hash());
    let untrained = chgru().online_model(2, prior.seed, 1).trained();
    assert_ne!(one.weights.hash(), untrained.hash(), "it learned");
    let other_seed = Prior {
        seed: 1,
        ..prior.clone()
    };
    let three = train_uncached(&chgru(), &other_seed, None, 2, 1, SILENT).unwrap();
    assert_ne!(one.weights.hash(), three.weights.hash());
    // Restarting at each segment of 10 symbols trains another prior.
    let restarted = train_uncached(&chgru(), &prior, Some(10), 2, 1, SILENT).unwrap();
    assert_ne!(one.weights.hash(), restarted.weights.hash());
    let first = trained(&chgru(), &prior, None, 2, 1, SILENT).unwrap();
    let again = trained(&chgru(), &prior, None, 2, 2, SILENT).unwrap();
    assert!(Arc::ptr_eq(&first, &again));
    assert_eq!(first.weights.hash(), one.weights.hash());
    // Its price: the parameters at 16 bits, in whole bytes.
    assert_eq!(prior.bytes(first.parameters), 2 * first.parameters as u64);
    assert_eq!(prior.symbols(0), 500);
}

/// A header's words read back as the spec that wrote them, family and segment length
/// included; only the settings that differ from the defaults are written.
#[test]
fn a_header_reads_back_the_prior_and_restart() {
    let entry = "{kind: lstm, hidden: 8, restart: segment, experts: [order1], \
                 pretrain: {sequences: 20, length: 50, after: frozen, batch: 4}}";
    let spec = specs(entry)
        .unwrap()
        .remove(0)
        .for_source(&family())
        .unwrap();
    let line = spec.spec_line();
    assert_eq!(
        line,
        "lstm hidden=8 experts=[order1] pretrain.on=family pretrain.sequences=20 \
         pretrain.length=50 pretrain.batch=4 pretrain.after=frozen \
         pretrain.family=M=2;order=1;alpha=1;resample=50 restart=50"
    );
    let words: Vec<String> = line.split(' ').map(String::from).collect();
    let read = ModelSpec::from_words(&words).unwrap();
    assert_eq!(read.spec_line(), line);
    let key = |s: &ModelSpec| s.prepared().and_then(|p| p.prior_key(2));
    assert_eq!(key(&read), key(&spec), "the same weights");
    assert_eq!(spec.label(), "lstm-8+order1-pt20x50-b4-frozen-restart");
    assert!(spec
        .params()
        .ends_with("pretrain.bits_per_parameter=16 pretrain.seed=0 restart=segment"));
}

#[test]
fn bad_priors_get_clear_errors() {
    let error = |entry: &str| specs(entry).unwrap_err();
    assert_eq!(
        error("{kind: chgru, pretrain: {epochs: 0}}"),
        "pretrain.epochs: expected an integer in 1..=1000, got `0`"
    );
    assert!(error("{kind: transformer, pretrain: {sequences: 0}}")
        .starts_with("pretrain.sequences: expected an integer in 1..="));
    assert!(error("{kind: chgru, pretrain: {on: itself}}")
        .starts_with("pretrain.on: expected one of: family, self"));
    assert!(
        error("{kind: chgru, pretrain: {on: self, sequences: 10}}").starts_with(
            "pretrain.sequences: `sequences` is a setting of a prior on the family (`on: family`)"
        )
    );
    assert!(error("{kind: lstm, pretrain: {batch: 2, on: self}}")
        .starts_with("pretrain.batch: `batch` is a setting of a prior on the family"));
    assert!(
        error("{kind: chgru, pretrain: {precision: f16}}").starts_with(
            "pretrain.precision: `precision` is the precision of stored weights (`on: self`)"
        )
    );
    assert_eq!(
        error("{kind: chgru, pretrain: {source: x}}"),
        "pretrain.source: a family's source spec is read in an experiment only"
    );
    assert!(error("{kind: chgru, pretrain: {seeds: 1}}")
        .starts_with("pretrain.seeds: unknown field `seeds` (expected one of: on, sequences"));
    assert!(error("{kind: order, k: 2, pretrain: {}}").starts_with("pretrain: unknown field"));
    assert!(error("{kind: mixer, experts: [order1], pretrain: {}}")
        .starts_with("pretrain: unknown field"));
    assert_eq!(
        error("{kind: chgru, restart: 3}"),
        "restart: expected `segment` (restart at each segment of a `resample: L` source)"
    );
    assert!(error("{kind: chgru, streams: 2, restart: segment}")
        .starts_with("restart: restarts one coded stream; `chgru-128-B2` codes 2"));
    let iid = Source::Iid(generators::Iid::new(vec![0.5, 0.5]).unwrap());
    let no_segments = specs("{kind: lstm, restart: segment}").unwrap().remove(0);
    assert!(no_segments
        .for_source(&iid)
        .unwrap_err()
        .contains("has none (a `markov_chain` with `resample: L` has)"));
}
