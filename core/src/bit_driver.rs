//! The coding loop of a model that predicts bit by bit (`predict::bits`), on both sides:
//! each symbol's bits, most significant first, coded by the range coder as binary decisions
//! under the model's probability; a forced bit (one that only symbols of M or more would take)
//! is not coded. One stream; symbols come from and go to the driver's callbacks, through the
//! x86 call transform where the model asks for it (`coding::calls`).

use std::io;

use crate::coding::calls::Calls;
use crate::coding::range_coder::{code_length_bits, Decoder, Encoder, TOTAL_FREQ};
use crate::coding_steps::{
    ended, still_reading, stop_on_signal, DecodeError, EncodeError, SINK_CHUNK,
};
use crate::parts::Parts;
use crate::predict::bits::{forced, symbol_bits, BitPredictor};
use generators::curve::CurveRecorder;

/// The binary table of a probability of a 1.
fn table(p1: u32) -> [u32; 2] {
    [TOTAL_FREQ - p1, p1]
}

/// Encodes `n` symbols over alphabet `m`, as `driver::encode` does.
pub fn encode(
    model: &mut dyn BitPredictor,
    m: usize,
    n: usize,
    mut fill: impl FnMut(&Parts, usize, &mut [u8]) -> io::Result<()>,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
    mut curve: Option<&mut CurveRecorder>,
) -> Result<(), EncodeError> {
    let (parts, bits) = (Parts::new(n, 1), symbol_bits(m));
    let mut step = [0u8];
    let mut encoder = Encoder::default();
    let mut out = Vec::with_capacity(2 * SINK_CHUNK);
    let costs = curve.is_some();
    let mut calls = model.calls().then(Calls::default);
    for t in 0..n {
        stop_on_signal()?;
        fill(&parts, t, &mut step)?;
        let symbol = match &mut calls {
            Some(calls) => calls.forward(t as u64, step[0]),
            None => step[0],
        } as u32;
        let (mut value, mut cost) = (0u32, 0.0);
        for j in (0..bits).rev() {
            let bit = (symbol >> j) & 1;
            let p1 = model.p1();
            if !forced(value, j, m) {
                let table = table(p1);
                encoder.encode(&table, bit as usize);
                if costs {
                    cost += code_length_bits(table[bit as usize]);
                }
            }
            model.update(bit as u8);
            value = value * 2 + bit;
        }
        if let Some(c) = curve.as_deref_mut() {
            c.record(cost);
        }
        if encoder.pending() >= SINK_CHUNK {
            encoder.drain_into(&mut out);
            sink(&out)?;
            out.clear();
        }
    }
    sink(&encoder.finish())?;
    Ok(())
}

/// Decodes `n` symbols over alphabet `m` from `payload`, as `driver::decode` does.
pub fn decode(
    model: &mut dyn BitPredictor,
    m: usize,
    n: usize,
    payload: impl io::Read,
    mut put: impl FnMut(&Parts, usize, &[u8]) -> io::Result<()>,
) -> Result<(), DecodeError> {
    let (parts, bits) = (Parts::new(n, 1), symbol_bits(m));
    let mut decoder = Decoder::new(payload);
    let mut calls = model.calls().then(Calls::default);
    for t in 0..n {
        stop_on_signal()?;
        let mut value = 0u32;
        for j in (0..bits).rev() {
            let p1 = model.p1();
            let bit = match forced(value, j, m) {
                true => 0,
                false => decoder.decode(&table(p1)) as u32,
            };
            model.update(bit as u8);
            value = value * 2 + bit;
        }
        let symbol = match &mut calls {
            Some(calls) => calls.inverse(t as u64, value as u8),
            None => value as u8,
        };
        put(&parts, t, &[symbol]).map_err(DecodeError::Io)?;
        still_reading(&mut decoder)?;
    }
    ended(decoder)
}
