//! A prior on the input itself (`on: self`), the DeepZip report's protocol and DZip's
//! bootstrap model: `epochs` passes of the model's own online training over the input (cut
//! into its coded streams as the coder cuts it, every state restarted at each pass's end and
//! at each segment where the model restarts), before it codes. The decoder has not got the
//! input, so the weights go into the file's weights section (`weights`), and both sides code
//! with the stored values.

use std::time::Instant;

use super::spec::Prior;
use super::tick::Tick;
use super::weights;
use crate::model_spec::model::Learned;
use crate::parts::Parts;
use crate::predict::Run;

/// The weights a model stores, as the file holds them, and the seconds training took.
pub struct Stored {
    pub bytes: Vec<u8>,
    pub seconds: f64,
}

/// `learned`, seeded with `run`'s seed for its alphabet on `threads` threads, trained on
/// `symbols` as `prior` says, restarting every `segment` symbols where given; `tick` is told
/// its progress.
pub fn train(
    learned: &Learned,
    prior: &Prior,
    segment: Option<usize>,
    symbols: &[u8],
    run: Run,
    threads: usize,
    tick: Tick,
) -> Result<Stored, String> {
    let start = Instant::now();
    let mut model = learned.online_model(run.alphabet, run.seed, threads);
    let parts = Parts::new(symbols.len(), model.coded_streams());
    let mut step = vec![0u8; parts.streams];
    let mut done = 0u64;
    for _ in 0..prior.epochs {
        for t in 0..parts.steps() {
            if t > 0 && segment.is_some_and(|l| t % l == 0) {
                model.restart();
            }
            let live = parts.live(t);
            for (b, s) in step[..live].iter_mut().enumerate() {
                *s = symbols[parts.index(b, t)];
            }
            model.update(&step[..live]);
            done += live as u64;
            if t % 4096 == 0 {
                tick(done);
            }
        }
        model.restart();
    }
    Ok(Stored {
        bytes: weights::encode(&model.trained(), prior.precision)?,
        seconds: start.elapsed().as_secs_f64(),
    })
}
