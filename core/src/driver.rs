//! The coding loop every model-based compressor shares, on both sides: predict, code the
//! step's symbols, update. With B streams the input is cut into B contiguous parts (the longer
//! ones first) and coded step by step across them. Symbols come from and go to callbacks, so
//! the same loop serves in-memory grid jobs and streamed files.

use std::io;

use crate::coding::range_coder::{code_length_bits, Decoder, Encoder};
use crate::coding_steps::{ended, still_reading, stop_on_signal, SINK_CHUNK};
pub use crate::coding_steps::{DecodeError, EncodeError};
use crate::parts::Parts;
use crate::predict::Predictor;
use crate::process::measure::Usage;
use crate::replay::{Fingerprints, Replay};
use generators::curve::CurveRecorder;

/// Encodes `n` symbols over alphabet `m`, cut into the model's streams (`Parts`).
/// `fill(parts, t, step)` writes step t's symbols, one per live stream; `sink` receives the coded bytes as they become final; `curve` gets each
/// symbol's code length and `fingerprints` each step's tables. What an outside predictor
/// used, where it was measured.
pub fn encode(
    model: &mut dyn Predictor,
    m: usize,
    n: usize,
    mut fill: impl FnMut(&Parts, usize, &mut [u8]) -> io::Result<()>,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
    mut curve: Option<&mut CurveRecorder>,
    mut fingerprints: Option<&mut Fingerprints>,
) -> Result<Option<Usage>, EncodeError> {
    if let Some(bits) = model.bitwise() {
        crate::bit_driver::encode(bits, m, n, fill, sink, curve)?;
        return Ok(None);
    }
    let parts = Parts::new(n, model.streams());
    let mut freqs = vec![0u32; m * parts.streams];
    let mut step = vec![0u8; parts.streams];
    let mut encoder = Encoder::default();
    let mut out = Vec::with_capacity(2 * SINK_CHUNK);
    for t in 0..parts.steps() {
        stop_on_signal()?;
        let live = parts.live(t);
        fill(&parts, t, &mut step[..live])?;
        model.predict(live, &mut freqs)?;
        if let Some(f) = fingerprints.as_deref_mut() {
            f.add(t, live, &freqs, m);
        }
        for (b, &s) in step[..live].iter().enumerate() {
            let table = &freqs[b * m..(b + 1) * m];
            encoder.encode(table, s as usize);
            if let Some(c) = curve.as_deref_mut() {
                c.record(code_length_bits(table[s as usize]));
            }
        }
        model.update(&step[..live])?;
        if encoder.pending() >= SINK_CHUNK {
            encoder.drain_into(&mut out);
            sink(&out)?;
            out.clear();
        }
    }
    if let Some(f) = fingerprints {
        f.finish();
    }
    let usage = match model.outside() {
        Some(outside) => outside.finish()?,
        None => None,
    };
    sink(&encoder.finish())?;
    Ok(usage)
}

/// Decodes `n` symbols over alphabet `m` from `payload`, cut into the model's streams
/// (`Parts`); `put(parts, t, step)` receives step t's symbols, one per live stream. Stops with `Truncated` as soon as the payload runs out, and
/// at the first table that differs from the compress run's where `replay` has its
/// fingerprints.
pub fn decode(
    model: &mut dyn Predictor,
    m: usize,
    n: usize,
    payload: impl io::Read,
    mut put: impl FnMut(&Parts, usize, &[u8]) -> io::Result<()>,
    mut replay: Option<&mut Replay>,
) -> Result<(), DecodeError> {
    if let Some(bits) = model.bitwise() {
        return crate::bit_driver::decode(bits, m, n, payload, put);
    }
    let parts = Parts::new(n, model.streams());
    let mut freqs = vec![0u32; m * parts.streams];
    let mut step = vec![0u8; parts.streams];
    let mut decoder = Decoder::new(payload);
    for t in 0..parts.steps() {
        stop_on_signal()?;
        let live = parts.live(t);
        model.predict(live, &mut freqs)?;
        if let Some(r) = replay.as_deref_mut() {
            r.check(t, live, &freqs, m)?;
        }
        for (b, s) in step[..live].iter_mut().enumerate() {
            *s = decoder.decode(&freqs[b * m..(b + 1) * m]) as u8;
        }
        model.update(&step[..live])?;
        put(&parts, t, &step[..live]).map_err(DecodeError::Io)?;
        still_reading(&mut decoder)?;
    }
    if let Some(r) = replay {
        r.finish()?;
    }
    if let Some(outside) = model.outside() {
        outside.finish()?;
    }
    ended(decoder)
}
