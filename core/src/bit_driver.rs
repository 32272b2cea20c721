//! The coding loop of a model that predicts bit by bit (`predict::bits`), on both sides:
//! the bits of each symbol's code (the model's `Tree`), most significant first, coded by the
//! range coder as binary decisions under the model's probability (the range split exactly,
//! or through a 16-bit table as before version 13); a forced bit (one that only
//! one branch's symbols take) is not coded. One stream; symbols come from and go to the
//! driver's callbacks, through the x86 call transform where the model asks for it
//! (`coding::calls`).

use std::io;

use crate::coding::calls::Calls;
use crate::coding::range_coder::{code_length_bits, Decoder, Encoder, TOTAL_FREQ};
use crate::coding_steps::{
    ended, still_reading, stop_on_signal, DecodeError, EncodeError, SINK_CHUNK,
};
use crate::parts::Parts;
use crate::predict::bits::BitPredictor;
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
    let tree = model.tree().clone();
    debug_assert_eq!(tree.alphabet(), m);
    let (parts, bits) = (Parts::new(n, 1), tree.bits());
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
        };
        let code = tree.code(symbol);
        let (mut prefix, mut cost) = (1u32, 0.0);
        for j in (0..bits).rev() {
            let bit = (code >> j) & 1;
            let p1 = model.p1();
            if tree.forced(prefix).is_none() {
                let table = table(p1);
                match tree.exact() {
                    true => encoder.encode_bit(p1, bit as u8),
                    false => encoder.encode(&table, bit as usize),
                }
                if costs {
                    cost += code_length_bits(table[bit as usize]);
                }
            }
            model.update(bit as u8);
            prefix = prefix * 2 + bit;
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
    let tree = model.tree().clone();
    debug_assert_eq!(tree.alphabet(), m);
    let (parts, bits) = (Parts::new(n, 1), tree.bits());
    let mut decoder = Decoder::new(payload);
    let mut calls = model.calls().then(Calls::default);
    for t in 0..n {
        stop_on_signal()?;
        let mut prefix = 1u32;
        for _ in 0..bits {
            let p1 = model.p1();
            let bit = match (tree.forced(prefix), tree.exact()) {
                (Some(bit), _) => bit as u32,
                (None, true) => decoder.decode_bit(p1) as u32,
                (None, false) => decoder.decode(&table(p1)) as u32,
            };
            model.update(bit as u8);
            prefix = prefix * 2 + bit;
        }
        let symbol = tree.symbol(prefix - (1 << bits));
        let symbol = match &mut calls {
            Some(calls) => calls.inverse(t as u64, symbol),
            None => symbol,
        };
        put(&parts, t, &[symbol]).map_err(DecodeError::Io)?;
        still_reading(&mut decoder)?;
    }
    ended(decoder)
}
