//! Decoding a `.dz` stream, for `decompress` and for a compress run's check: the header read,
//! the model its spec names (with the user's predictor command, or the spec that compressed),
//! the symbols mapped back to bytes and the CRC checked.

use std::io::{Read, Write};

use anyhow::{bail, Context};

use super::input::progress;
use super::run_settings::Settings;
use crate::coding::container::Header;
use crate::driver::{self, DecodeError};
use crate::model_spec::predictor::Limits;
use crate::model_spec::versions::header_spec;
use crate::model_spec::ModelSpec;
use crate::predict::bits::Values;
use crate::predict::Run;
use crate::replay::{Fingerprints, Replay};

/// What decoding needs besides the stream: the outside predictor's command and limits (the
/// user's, for `decompress`), or the spec that compressed and its tables' fingerprints (a
/// compress run's check).
pub(super) trait Decoding {
    fn spec(&self, header: &Header, name: &str) -> anyhow::Result<ModelSpec>;
    fn reference(&self) -> Option<&Fingerprints> {
        None
    }
}

impl Decoding for Option<(&str, Limits)> {
    fn spec(&self, header: &Header, name: &str) -> anyhow::Result<ModelSpec> {
        let words: Vec<String> = header_spec(header)
            .split_whitespace()
            .map(String::from)
            .collect();
        let spec = ModelSpec::from_words(&words)
            .with_context(|| format!("{name}: unknown compressor in the header"))?;
        Ok(match (spec, *self) {
            (ModelSpec::External(e), Some((command, limits))) => {
                let mut e = e.limited(limits);
                e.command = Some(command.to_string());
                ModelSpec::External(e)
            }
            (other @ ModelSpec::External(_), None) => other,
            (other, Some(_)) => bail!(
                "{name}: written by `{}`, not by an outside predictor: leave out --predictor",
                other.spec_line()
            ),
            (other, None) => other,
        })
    }
}

impl Decoding for (&ModelSpec, Option<&Fingerprints>) {
    fn spec(&self, _: &Header, _: &str) -> anyhow::Result<ModelSpec> {
        Ok(self.0.clone())
    }
    fn reference(&self) -> Option<&Fingerprints> {
        self.1
    }
}

/// Decodes the `.dz` stream of `reader` (`total` bytes, `name` in errors) into `out`, and
/// checks its CRC; its header.
pub(super) fn decode_into(
    name: &str,
    mut reader: impl Read,
    total: u64,
    out: &mut dyn Write,
    settings: Settings,
    decoding: impl Decoding,
) -> anyhow::Result<Header> {
    let (header, _) = Header::read(&mut reader, total)
        .with_context(|| format!("{name} is not a valid .dz file"))?;
    let spec = decoding.spec(&header, name)?;
    let m = header.alphabet();
    spec.check_memory(m)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let run = Run {
        alphabet: m,
        values: Values::of(&header.map),
        length: header.length,
        seed: header.seed,
        decompress: true,
    };
    super::prior_notice::prepare_prior(&spec, m, settings, name, "rebuilding")?;
    let mut model = spec
        .predictor(run, settings.threads, &header.weights)
        .with_context(|| name.to_string())?;
    let n = header.length as usize;
    let streams = model.streams();
    let mut crc = crc32fast::Hasher::new();
    let bar = progress(header.length, settings.quiet, "decompress");
    let mut whole = if streams > 1 {
        vec![0u8; n]
    } else {
        Vec::new()
    };
    let mut replay = decoding.reference().map(Replay::new);
    let result = driver::decode(
        model.as_mut(),
        m,
        n,
        &mut reader,
        |parts, t, step| {
            if parts.streams > 1 {
                for (b, &s) in step.iter().enumerate() {
                    whole[parts.index(b, t)] = header.map[s as usize];
                }
                return Ok(());
            }
            let byte = header.map[step[0] as usize];
            crc.update(&[byte]);
            if let Some(bar) = &bar {
                if t % 65536 == 0 {
                    bar.set_position(t as u64);
                }
            }
            out.write_all(&[byte])
        },
        replay.as_mut(),
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let hint = not_replayable_hint(&spec);
    match result {
        Ok(()) => {}
        Err(DecodeError::Io(e)) => return Err(e).context("cannot write the output"),
        Err(DecodeError::Container(e)) => {
            return Err(e).with_context(|| format!("{name}: cannot decode{hint}"))
        }
        Err(DecodeError::Predictor(e)) => {
            return Err(e).with_context(|| format!("{name}: cannot decode"))
        }
        Err(DecodeError::NotReplayable(d)) => {
            return Err(d).with_context(|| format!("{name}: cannot decode"))
        }
    }
    if streams > 1 {
        crc.update(&whole);
        out.write_all(&whole).context("cannot write the output")?;
    }
    header
        .verify(crc.finalize())
        .with_context(|| format!("{name}: nothing written{hint}"))?;
    Ok(header)
}

/// For a file of an outside predictor: what a decode failure of an intact file most likely
/// means. Empty for the built-in models, proven replayable by their tests.
pub(super) fn not_replayable_hint(spec: &ModelSpec) -> String {
    match spec {
        ModelSpec::External(_) => " (the file may well be intact: most likely the predictor, \
                                   or its environment, computed other distributions than \
                                   when it compressed; check it replays with the same \
                                   inputs, seeds and library versions)"
            .into(),
        _ => String::new(),
    }
}
