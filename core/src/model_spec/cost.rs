//! What a model-based compressor costs: relative compute per symbol (to order and balance a
//! grid's jobs) and memory (to refuse, before allocating, settings that would not fit).

use super::model::{transformer_job, with_job, ModelSpec};
use crate::mixing::experts::Expert;
use crate::mixing::order_expert::OrderExpert;

/// The most memory one neural model may take, in GiB.
pub const MAX_MODEL_GIB: f64 = 8.0;

impl ModelSpec {
    /// Relative cost per symbol, for ordering and balancing jobs (1 = a classic compressor).
    pub fn cost_per_symbol(&self) -> f64 {
        match self {
            ModelSpec::Order { .. } => 2.0,
            // A table read and write per order and the mixer's sums, for each bit.
            ModelSpec::Cm { config, neural } => {
                let own = 1.0 + (config.order as f64 + 2.0) * 2.0;
                own + neural.as_ref().map_or(0.0, |m| m.spec().cost_per_symbol())
            }
            // The match model's candidates and each order's row, beside the model's cost.
            ModelSpec::Mixed { model, experts } => {
                let experts: f64 = experts
                    .iter()
                    .map(|e| match e {
                        Expert::Match => 4.0,
                        Expert::Order(_) => 2.0,
                    })
                    .sum();
                model.as_ref().map_or(0.0, |m| m.spec().cost_per_symbol()) + experts
            }
            ModelSpec::Prepared(p) => p.model.cost_per_symbol(),
            // Unknown: as dear as a small neural model, so these start early.
            ModelSpec::External(_) => 100.0,
            // Multiply-adds per symbol relative to a classic compressor's few operations.
            ModelSpec::Neural(n) => {
                let (gh, h) = ((n.cell().gates() * n.hidden) as f64, n.hidden as f64);
                let layers = n.layers as f64;
                let dense = (n.window * n.embed + 2 * n.contexts) as f64 + h * (layers - 1.0);
                let inputs = 2.0 * n.window as f64 + 3.0 * dense;
                // The sliding schedule runs all B rows for every coded symbol.
                let rows = (n.streams / n.coded_streams()) as f64;
                1.0 + rows * (3.0 * h * gh * layers + inputs * gh) / 400.0
            }
            // The same unit: forward and backward multiply-adds of the projections, the
            // feed-forward block and attention over the context.
            ModelSpec::Transformer(t) => {
                let (d, c) = (t.d_model as f64, t.context as f64);
                let per_layer = 12.0 * d * d + 2.0 * c * d;
                1.0 + 3.0 * t.layers as f64 * per_layer / 400.0
            }
        }
    }

    /// An error unless this compressor's model fits in `MAX_MODEL_GIB` for a source of
    /// `alphabet` symbols. Settings within the YAML limits can still ask for terabytes (hidden
    /// 4096 × 8 layers, or bptt × streams records), and a forged `.dz` header may: this turns
    /// that into a clear error before anything is allocated.
    pub fn check_memory(&self, alphabet: usize) -> Result<(), String> {
        let what = match self {
            ModelSpec::Cm { .. } => {
                "its context tables (order, table_bits) and its neural input's state"
            }
            ModelSpec::Neural(_) => {
                "its weights and TBPTT records (hidden, layers, window, bptt × streams)"
            }
            ModelSpec::Transformer(_) => {
                "its weights, caches and segment records (d_model, layers, context, segment \
                 × streams)"
            }
            ModelSpec::Mixed { model, .. } => {
                return model
                    .as_ref()
                    .map_or(Ok(()), |m| m.spec().check_memory(alphabet))
            }
            ModelSpec::Prepared(p) => return p.model.check_memory(alphabet),
            ModelSpec::Order { .. } | ModelSpec::External(_) => return Ok(()),
        };
        let gib = self.model_bytes(alphabet).unwrap_or(0) as f64 / (1u64 << 30) as f64;
        if gib <= MAX_MODEL_GIB {
            Ok(())
        } else {
            Err(format!(
                "`{}` would need {gib:.1} GiB for {what} with {alphabet} symbols; at most \
                 {MAX_MODEL_GIB} GiB",
                self.label()
            ))
        }
    }

    /// A neural model's estimated state in bytes (see `neural::Config::memory_bytes`).
    pub fn model_bytes(&self, alphabet: usize) -> Option<u64> {
        match self {
            ModelSpec::Neural(n) => Some(with_job(n, alphabet, 0).memory_bytes() as u64),
            ModelSpec::Transformer(t) => {
                Some(transformer_job(t, alphabet, 0).memory_bytes() as u64)
            }
            // The model's state and the order experts' count tables (the match model grows
            // with the input, five bytes a symbol).
            ModelSpec::Mixed { model, experts } => {
                let tables: u64 = experts
                    .iter()
                    .map(|e| match e {
                        Expert::Order(k) => OrderExpert::memory_bytes(alphabet, *k),
                        Expert::Match => 0,
                    })
                    .sum();
                Some(
                    model
                        .as_ref()
                        .and_then(|m| m.spec().model_bytes(alphabet))
                        .unwrap_or(0)
                        + tables,
                )
            }
            ModelSpec::Prepared(p) => p.model.model_bytes(alphabet),
            ModelSpec::Cm { config, neural } => Some(
                config.memory_bytes(alphabet)
                    + neural
                        .as_ref()
                        .and_then(|m| m.spec().model_bytes(alphabet))
                        .unwrap_or(0),
            ),
            ModelSpec::Order { .. } | ModelSpec::External(_) => None,
        }
    }

    /// The learned parameters of its neural model (0 without one).
    pub fn parameter_count(&self, alphabet: usize) -> usize {
        match self {
            ModelSpec::Neural(n) => neural::Model::new(with_job(n, alphabet, 0)).parameter_count(),
            ModelSpec::Transformer(t) => {
                neural::Transformer::new(transformer_job(t, alphabet, 0)).parameter_count()
            }
            ModelSpec::Mixed { model, .. } | ModelSpec::Cm { neural: model, .. } => model
                .as_ref()
                .map_or(0, |m| m.spec().parameter_count(alphabet)),
            ModelSpec::Prepared(p) => p.model.parameter_count(alphabet),
            ModelSpec::Order { .. } | ModelSpec::External(_) => 0,
        }
    }
}
