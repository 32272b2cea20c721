//! A recurrent next-symbol model trained online by truncated BPTT: it predicts the next L
//! symbols with the current weights (hidden state carried across segments), then
//! backpropagates through that segment and takes one Adam step. With B > 1 streams, B parts of
//! the input advance together as one batch and share every Adam step. The decoder replays
//! exactly the same calls, so only the seed needs storing.
//!
//! Threads: the B rows are cut into groups (`rows`) that run their forward and backward
//! passes side by side, and the weight gradients are cut into parts (`weight_grads`) that add
//! their terms in one fixed order. No sum is ever split, so the bits are the same for any
//! thread count; a file written with T threads decodes with any other.

mod config;
mod crew;
pub mod declared;
mod features;
mod layout;
mod memory;
mod mix;
mod prior;
mod recipe;
mod rows;
mod segment;
mod settings;
mod weight_grads;
mod weights;

use crate::cell::CellKind;
use crate::shared::adam::Adam;
use crate::shared::kernels::transpose;
use crew::Crew;
use features::ContextCounts;
use layout::Layout;
use mix::FixedShare;
use rows::{Rows, Shared};
use std::sync::Mutex;
use weight_grads::Part;
use weights::Transposed;

pub use config::Config;
pub use settings::{Init, Mix, ModelKind, Recipe, Reset, Schedule};

pub struct Model {
    cfg: Config,
    layout: Layout,
    params: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam,
    /// Per layer.
    transposed: Vec<Transposed>,
    /// The rows, in groups of consecutive rows (one per thread).
    groups: Vec<Rows>,
    /// The gradient vector cut for threads.
    parts: Vec<Part>,
    /// The threads beyond the caller's (none for one thread).
    crew: Option<Crew>,
    contexts: Option<ContextCounts>,
    /// The order-0 mixer of `mix: order0`.
    mixer: Option<FixedShare>,
    /// Sliding schedule: the last B − 1 symbols, most recent first (the targets of the
    /// delayed rows), and how many symbols have come.
    recent: Vec<u8>,
    seen: usize,
    /// Rows whose forward pass for the current step is done (0: not done yet).
    ready: usize,
    /// The current step's distributions of every row, M per row.
    probs: Vec<f32>,
    /// Whether the weights stay as they are (`freeze`): the segments pass without training.
    frozen: bool,
}

impl Model {
    /// A model that runs on this thread.
    pub fn new(cfg: Config) -> Model {
        Model::with_threads(cfg, 1)
    }

    /// A model whose passes run on `threads` threads (the same bits for any count).
    pub fn with_threads(cfg: Config, threads: usize) -> Model {
        assert!(cfg.layers >= 1 && cfg.window >= 1 && cfg.streams >= 1 && cfg.bptt >= 1);
        assert!(threads >= 1);
        let contexts = (cfg.contexts > 0).then(|| ContextCounts::new(cfg.alphabet, cfg.contexts));
        let layout = Layout::new(&cfg, contexts.as_ref().map_or(0, |c| c.len()));
        let groups = Rows::groups(&cfg, &layout, threads);
        let transposed = layout
            .layers
            .iter()
            .enumerate()
            .map(|(l, ll)| Transposed {
                wh: vec![0.0; ll.wh.len()],
                wd: vec![
                    0.0;
                    if l > 0 || cfg.embed > 0 {
                        ll.wd.len()
                    } else {
                        0
                    }
                ],
            })
            .collect();
        // The caller's thread works too (see `share`).
        let crew = (threads > 1).then(|| Crew::new(threads));
        let mut model = Model {
            params: layout.initial(&cfg),
            adam: Adam::new(layout.len(), cfg.lr, cfg.beta1, cfg.beta2, cfg.clip),
            grads: vec![0.0; layout.len()],
            transposed,
            groups,
            parts: weight_grads::parts(&cfg, &layout, threads),
            crew,
            contexts,
            mixer: (cfg.mix == Mix::Order0)
                .then(|| FixedShare::new(cfg.alphabet, cfg.coded_streams())),
            recent: Vec::with_capacity(cfg.streams),
            seen: 0,
            ready: 0,
            probs: vec![0.0; cfg.alphabet * cfg.streams],
            frozen: false,
            layout,
            cfg,
        };
        model.refresh_transposes();
        model
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// Distributions of the next symbol of the first `live` coded streams (`live` × M
    /// values), to code with: the model's own, or blended by the mixer. `live` may only
    /// shrink along a stream, as the shorter parts end. The sliding schedule codes one
    /// stream, from row 0.
    pub fn predict(&mut self, live: usize) -> &[f32] {
        self.model_predict(self.rows(live));
        let probs = &self.probs[..live * self.cfg.alphabet];
        match &mut self.mixer {
            Some(mixer) => mixer.mix(probs, live),
            None => probs,
        }
    }

    /// Reveals the next symbol of each live coded stream; trains at the end of every
    /// segment.
    pub fn update(&mut self, symbols: &[u8]) {
        let live = symbols.len();
        if self.mixer.is_some() {
            self.model_predict(self.rows(live));
            let probs = &self.probs[..live * self.cfg.alphabet];
            self.mixer.as_mut().expect("checked").update(probs, symbols);
        }
        match self.cfg.schedule {
            Schedule::Online => self.train_step(symbols),
            Schedule::Sliding => {
                debug_assert_eq!(live, 1);
                // Row b's target is the symbol b steps back.
                let rows = self.sliding_rows();
                self.recent.insert(0, symbols[0]);
                // Taken out for the call (no copy per symbol), and kept to the B − 1 latest.
                let recent = std::mem::take(&mut self.recent);
                self.seen += 1;
                self.train_step(&recent[..rows]);
                self.recent = recent;
                self.recent.truncate(self.cfg.streams - 1);
            }
        }
    }

    /// Rows live at this step of the sliding schedule: row b starts once b symbols have come.
    fn sliding_rows(&self) -> usize {
        (self.seen + 1).min(self.cfg.streams)
    }

    /// Rows that run for `live` coded streams.
    fn rows(&self, live: usize) -> usize {
        match self.cfg.schedule {
            Schedule::Online => live,
            Schedule::Sliding => self.sliding_rows(),
        }
    }

    /// Steps recorded in the current segment.
    fn steps(&self) -> usize {
        self.groups[0].seg.len
    }

    /// The model's own distributions of the next symbols of the first `rows` rows (what it
    /// trains on).
    fn model_predict(&mut self, rows: usize) -> &[f32] {
        debug_assert!(rows >= 1 && rows <= self.cfg.streams);
        if self.ready != rows {
            self.forward_step(rows);
            self.ready = rows;
        }
        &self.probs[..rows * self.cfg.alphabet]
    }

    /// One step of the rows: the symbols that came (one per row) become the step's targets;
    /// the segment trains when full. Rows may start late (the sliding schedule) or end early
    /// (uneven parts); each step records its own live count for the backward pass.
    fn train_step(&mut self, symbols: &[u8]) {
        let live = symbols.len();
        self.model_predict(live);
        let t = self.steps();
        for rows in &mut self.groups {
            let mine = &symbols[rows.start.min(live)..(rows.start + rows.len).min(live)];
            rows.finish_step(t, mine, self.contexts.as_mut());
        }
        self.ready = 0;
        if self.steps() == self.cfg.bptt {
            self.end_segment();
        }
    }

    /// Trains on the segment recorded so far (unless frozen) and starts the next.
    fn end_segment(&mut self) {
        if !self.frozen && self.steps() > 0 {
            self.accumulate_gradients();
            self.adam.step(&mut self.params, &self.grads);
            self.refresh_transposes();
        }
        self.groups.iter_mut().for_each(|rows| rows.seg.len = 0);
    }

    /// Runs `f` on every group, side by side where there are threads.
    fn each_group(&mut self, f: impl Fn(&mut Rows, &Shared) + Sync) {
        let shared = Shared {
            cfg: &self.cfg,
            layout: &self.layout,
            params: &self.params,
            transposed: &self.transposed,
            contexts: self.contexts.as_ref(),
        };
        share(self.crew.as_mut(), &mut self.groups, true, |rows| {
            f(rows, &shared)
        });
    }

    fn forward_step(&mut self, rows: usize) {
        let t = self.steps();
        self.each_group(|g, shared| g.forward_step(shared, t, g.live_of(rows)));
        let m = self.cfg.alphabet;
        for g in &self.groups {
            let live = g.live_of(rows);
            self.probs[g.start * m..(g.start + live) * m].copy_from_slice(g.seg.probs(t, live));
        }
    }

    /// Gradients of Σ −ln p(target) over the segment's steps and rows into `self.grads`: each
    /// group's backward pass, then the sums across rows, part by part.
    fn accumulate_gradients(&mut self) {
        self.each_group(|g, shared| g.backward(shared));
        let (cfg, layout, groups) = (&self.cfg, &self.layout, &self.groups[..]);
        let mut work = weight_grads::split(&mut self.grads, &self.parts);
        share(self.crew.as_mut(), &mut work, false, |(part, g)| {
            weight_grads::accumulate(cfg, layout, groups, part, g)
        });
    }

    /// Copies Wh (and Wd where needed) into their transposes; the weights change only at Adam
    /// steps.
    fn refresh_transposes(&mut self) {
        let gh = self.cfg.cell().gates() * self.cfg.hidden;
        // The reset-before GRU's Wh is two matrices (r and z, then n): each transposed.
        let wh_cols: &[usize] = match self.cfg.cell() {
            CellKind::GruResetBefore => &[2 * self.cfg.hidden, self.cfg.hidden],
            _ => &[gh],
        };
        for (ll, tr) in self.layout.layers.iter().zip(&mut self.transposed) {
            let (mut src, mut dst) = (&self.params[ll.wh.clone()], &mut tr.wh[..]);
            for &cols in wh_cols {
                let n = cols * self.cfg.hidden;
                transpose(&src[..n], cols, &mut dst[..n]);
                (src, dst) = (&src[n..], &mut dst[n..]);
            }
            if !tr.wd.is_empty() {
                transpose(&self.params[ll.wd.clone()], gh, &mut tr.wd);
            }
        }
    }
}

/// Runs `work` on every item: on this thread alone, or on the crew's threads together. With
/// `each`, thread i runs item i (the groups: one per thread, so a group's state stays in one
/// core's cache from step to step); otherwise every thread takes the next item until none is
/// left (the gradient parts, of uneven size).
fn share<T: Send>(
    crew: Option<&mut Crew>,
    items: &mut [T],
    each: bool,
    work: impl Fn(&mut T) + Sync,
) {
    let Some(crew) = crew.filter(|_| items.len() > 1) else {
        items.iter_mut().for_each(work);
        return;
    };
    if each {
        let slots: Vec<Mutex<Option<&mut T>>> = items
            .iter_mut()
            .map(|item| Mutex::new(Some(item)))
            .collect();
        crew.run(&|i| {
            let mine = slots
                .get(i)
                .and_then(|slot| slot.lock().expect("no panics while held").take());
            if let Some(item) = mine {
                work(item);
            }
        });
        return;
    }
    let queue = Mutex::new(items.iter_mut());
    crew.run(&|_| loop {
        let next = queue.lock().expect("no panics while held").next();
        match next {
            Some(item) => work(item),
            None => break,
        }
    });
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod prior_tests;
