//! A layer's weights as the cells see them: views into the flat parameter vector, with the
//! transposes the backward pass reads, kept in step with the parameters.

use super::layout::LayerLayout;
use crate::cell::CellWeights;

/// Wh and Wd transposed, kept in step with the parameters (Wd only where the gradient w.r.t.
/// the dense inputs is needed).
pub struct Transposed {
    pub wh: Vec<f32>,
    pub wd: Vec<f32>,
}

/// Layer `ll`'s weights inside `params`, with their transposes.
pub fn cell_weights<'a>(
    params: &'a [f32],
    ll: &LayerLayout,
    tr: &'a Transposed,
) -> CellWeights<'a> {
    CellWeights {
        wx: &params[ll.wx.clone()],
        wd: &params[ll.wd.clone()],
        wd_t: &tr.wd,
        wh: &params[ll.wh.clone()],
        wh_t: &tr.wh,
        b: &params[ll.b.clone()],
    }
}
