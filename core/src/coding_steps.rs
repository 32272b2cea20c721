//! What both coding loops share (`driver` over distributions, `bit_driver` over bits): the
//! size of the sink's pieces, the signal check before each step, the checks of the payload
//! after each decoded step and at its end, and their errors.

use std::io;

use crate::coding::container::ContainerError;
use crate::coding::range_coder::Decoder;
use crate::predict::PredictError;
use crate::process::signals;
use crate::replay::Divergence;

/// Coded bytes are handed to the sink in pieces of about this size.
pub(crate) const SINK_CHUNK: usize = 1 << 16;

/// After a step: a read error, or a payload run out, ends the decode.
pub(crate) fn still_reading<R: io::Read>(decoder: &mut Decoder<R>) -> Result<(), DecodeError> {
    if let Some(e) = decoder.take_error() {
        return Err(DecodeError::Io(e));
    }
    match decoder.overran() {
        true => Err(DecodeError::Container(ContainerError::Truncated)),
        false => Ok(()),
    }
}

/// After the last step: the payload must end exactly there.
pub(crate) fn ended<R: io::Read>(mut decoder: Decoder<R>) -> Result<(), DecodeError> {
    match decoder.ended_exactly() {
        Some(true) => Ok(()),
        Some(false) => Err(DecodeError::Container(ContainerError::Truncated)),
        None => Err(DecodeError::Container(ContainerError::Trailing)),
    }
}

/// An ending signal stops the loop, so what it writes can be removed (`signals`).
pub(crate) fn stop_on_signal() -> Result<(), PredictError> {
    match signals::interrupted() {
        true => Err(PredictError("interrupted".into())),
        false => Ok(()),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Predictor(#[from] PredictError),
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error(transparent)]
    Container(#[from] ContainerError),
    #[error(transparent)]
    Io(io::Error),
    #[error(transparent)]
    Predictor(#[from] PredictError),
    #[error(transparent)]
    NotReplayable(#[from] Divergence),
}
