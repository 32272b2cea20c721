//! The coding loop every model-based compressor shares, on both sides: predict, code the
//! step's symbols, update. With B streams the input is cut into B contiguous parts (the longer
//! ones first) and coded step by step across them. Symbols come from and go to callbacks, so
//! the same loop serves in-memory grid jobs and streamed files.

use std::io;

use crate::coding::container::ContainerError;
use crate::coding::range_coder::{code_length_bits, Decoder, Encoder};
use crate::curve::CurveRecorder;
use crate::predict::Predictor;

/// Coded bytes are handed to the sink in pieces of about this size.
const SINK_CHUNK: usize = 1 << 16;

/// The cut of `n` symbols into `streams` parts: part b starts at `start(b)`; at step t the
/// first `live(t)` parts still have a symbol.
pub struct Parts {
    base: usize,
    extra: usize,
    pub streams: usize,
}

impl Parts {
    pub fn new(n: usize, streams: usize) -> Parts {
        Parts {
            base: n / streams,
            extra: n % streams,
            streams,
        }
    }

    pub fn steps(&self) -> usize {
        self.base + (self.extra > 0) as usize
    }

    pub fn live(&self, t: usize) -> usize {
        if t < self.base {
            self.streams
        } else {
            self.extra
        }
    }

    /// Index in the whole input of part b's symbol at step t.
    pub fn index(&self, b: usize, t: usize) -> usize {
        b * self.base + b.min(self.extra) + t
    }
}

/// Encodes `n` symbols over alphabet `m`. `fill(t, step)` writes step t's symbols, one per
/// live stream; `sink` receives the coded bytes as they become final; `curve` gets each
/// symbol's code length.
pub fn encode(
    model: &mut dyn Predictor,
    m: usize,
    n: usize,
    mut fill: impl FnMut(usize, &mut [u8]) -> io::Result<()>,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
    mut curve: Option<&mut CurveRecorder>,
) -> io::Result<()> {
    let parts = Parts::new(n, model.streams());
    let mut freqs = vec![0u32; m * parts.streams];
    let mut step = vec![0u8; parts.streams];
    let mut encoder = Encoder::default();
    let mut out = Vec::with_capacity(2 * SINK_CHUNK);
    for t in 0..parts.steps() {
        let live = parts.live(t);
        fill(t, &mut step[..live])?;
        model.predict(live, &mut freqs);
        for (b, &s) in step[..live].iter().enumerate() {
            let table = &freqs[b * m..(b + 1) * m];
            encoder.encode(table, s as usize);
            if let Some(c) = curve.as_deref_mut() {
                c.record(code_length_bits(table[s as usize]));
            }
        }
        model.update(&step[..live]);
        if encoder.pending() >= SINK_CHUNK {
            encoder.drain_into(&mut out);
            sink(&out)?;
            out.clear();
        }
    }
    sink(&encoder.finish())
}

/// Decodes `n` symbols over alphabet `m` from `payload`; `put(t, step)` receives step t's
/// symbols, one per live stream. Stops with `Truncated` as soon as the payload runs out.
pub fn decode(
    model: &mut dyn Predictor,
    m: usize,
    n: usize,
    payload: impl io::Read,
    mut put: impl FnMut(usize, &[u8]) -> io::Result<()>,
) -> Result<(), DecodeError> {
    let parts = Parts::new(n, model.streams());
    let mut freqs = vec![0u32; m * parts.streams];
    let mut step = vec![0u8; parts.streams];
    let mut decoder = Decoder::new(payload);
    for t in 0..parts.steps() {
        let live = parts.live(t);
        model.predict(live, &mut freqs);
        for (b, s) in step[..live].iter_mut().enumerate() {
            *s = decoder.decode(&freqs[b * m..(b + 1) * m]) as u8;
        }
        model.update(&step[..live]);
        put(t, &step[..live]).map_err(DecodeError::Io)?;
        if let Some(e) = decoder.take_error() {
            return Err(DecodeError::Io(e));
        }
        if decoder.overran() {
            return Err(DecodeError::Container(ContainerError::Truncated));
        }
    }
    match decoder.ended_exactly() {
        Some(true) => Ok(()),
        Some(false) => Err(DecodeError::Container(ContainerError::Truncated)),
        None => Err(DecodeError::Container(ContainerError::Trailing)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error(transparent)]
    Container(#[from] ContainerError),
    #[error(transparent)]
    Io(io::Error),
}

#[cfg(test)]
mod tests {
    use super::Parts;

    #[test]
    fn parts_cover_the_input_once_longer_parts_first() {
        for (n, b) in [(10, 3), (9, 3), (2, 4), (1, 1), (0, 2), (100, 16)] {
            let parts = Parts::new(n, b);
            let mut seen = vec![0; n];
            for t in 0..parts.steps() {
                for s in 0..parts.live(t) {
                    seen[parts.index(s, t)] += 1;
                }
            }
            assert!(seen.iter().all(|&c| c == 1), "n={n} B={b}: {seen:?}");
        }
    }
}
