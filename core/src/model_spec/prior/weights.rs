//! The weights a model trained on the input itself stores in its file: each parameter in the
//! layout's order, little-endian at the prior's precision (f32, or f16 and bf16 rounded to
//! nearest, ties to even). The encoder codes with the rounded values, so both sides load the
//! same weights; the optimiser starts afresh on both.

use super::spec::Precision;

/// The weights of `trained` at `precision`; an error where one is not finite (a model that
/// diverged while it trained: nothing to store).
pub fn encode(trained: &neural::Trained, precision: Precision) -> Result<Vec<u8>, String> {
    let params = trained.params();
    if let Some(i) = params.iter().position(|x| !x.is_finite()) {
        return Err(format!(
            "pretrain: weight {i} of {} is {} after training on the input: the model \
             diverged (try a lower lr)",
            params.len(),
            params[i]
        ));
    }
    let mut out = Vec::with_capacity(params.len() * precision.bytes());
    for &x in params {
        match precision {
            Precision::F32 => out.extend_from_slice(&x.to_le_bytes()),
            Precision::F16 => out.extend_from_slice(&half::f16::from_f32(x).to_le_bytes()),
            Precision::Bf16 => out.extend_from_slice(&half::bf16::from_f32(x).to_le_bytes()),
        }
    }
    Ok(out)
}

/// The model `like` (fresh) with the weights of `bytes` at `precision`; an error naming what
/// does not fit: their count, or a weight that is not finite.
pub fn decode(
    like: &neural::Trained,
    bytes: &[u8],
    precision: Precision,
) -> Result<neural::Trained, String> {
    let width = precision.bytes();
    let expected = like.params().len();
    if bytes.len() != expected * width {
        return Err(format!(
            "{} bytes, where this model's {expected} weights at {} take {}",
            bytes.len(),
            precision.name(),
            expected * width
        ));
    }
    let params: Vec<f32> = bytes
        .chunks_exact(width)
        .map(|b| match precision {
            Precision::F32 => f32::from_le_bytes(b.try_into().expect("4 bytes")),
            Precision::F16 => half::f16::from_le_bytes([b[0], b[1]]).to_f32(),
            Precision::Bf16 => half::bf16::from_le_bytes([b[0], b[1]]).to_f32(),
        })
        .collect();
    if let Some(i) = params.iter().position(|x| !x.is_finite()) {
        return Err(format!("weight {i} is {} (corrupted)", params[i]));
    }
    Ok(neural::Trained::with_params(like, params).expect("the count checked"))
}
