//! Fingerprints of the frequency tables a compress run coded with, so that a decode run of a
//! predictor that cannot replay itself (a GPU kernel, float16, a random draw) is told where
//! it first computed something else, instead of just failing to decode. Each stream's table
//! at each step is hashed; the first `EXACT_SYMBOLS` tables keep their own hash (the first
//! difference is named to the step and stream), later ones are folded into one hash per
//! `BLOCK_STEPS` steps (named to the block), so memory stays bounded at any length: 16 MiB
//! plus 8 bytes per block (200 KB at 1e8 symbols).

/// Tables fingerprinted one by one, from the start.
const EXACT_SYMBOLS: usize = 1 << 22;
/// Steps per block hash after that.
const BLOCK_STEPS: usize = 4096;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn table_hash(table: &[u32]) -> u32 {
    let h = table.iter().fold(FNV_OFFSET, |h, &f| {
        f.to_le_bytes()
            .iter()
            .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
    });
    (h ^ (h >> 32)) as u32
}

/// Where a decode run's tables first differ from the compress run's.
#[derive(Debug, Clone, PartialEq)]
pub enum Divergence {
    /// Step t, stream b.
    At { step: usize, stream: usize },
    /// Somewhere in steps `first..=last`.
    Within { first: usize, last: usize },
}

impl std::error::Error for Divergence {}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Divergence::At { step, stream } => write!(
                f,
                "the predictor is not replayable: its output at step {} (stream {stream}) differs \
                 from the compress run",
                thousands(*step)
            ),
            Divergence::Within { first, last } => write!(
                f,
                "the predictor is not replayable: its output differs from the compress run \
                 between steps {} and {}",
                thousands(*first),
                thousands(*last)
            ),
        }
    }
}

/// 123456 → `123,456`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The fingerprints of one run, in the order its steps came.
#[derive(Debug, Default, Clone)]
pub struct Fingerprints {
    exact: Vec<u32>,
    blocks: Vec<u64>,
    /// The block being folded: its hash, steps so far and first step.
    open: Option<(u64, usize, usize)>,
}

impl Fingerprints {
    pub fn new() -> Fingerprints {
        Fingerprints::default()
    }

    /// Adds step `t`'s tables, `live` streams of `m` entries; the steps of a block it closed.
    pub fn add(
        &mut self,
        t: usize,
        live: usize,
        freqs: &[u32],
        m: usize,
    ) -> Option<(usize, usize)> {
        let mut folded = false;
        for table in freqs[..live * m].chunks_exact(m) {
            let h = table_hash(table);
            if self.exact.len() < EXACT_SYMBOLS {
                self.exact.push(h);
            } else {
                let (hash, _, _) = self.open.get_or_insert((FNV_OFFSET, 0, t));
                *hash = (*hash ^ h as u64).wrapping_mul(FNV_PRIME);
                folded = true;
            }
        }
        if !folded {
            return None;
        }
        let (_, steps, _) = self.open.as_mut().expect("folded");
        *steps += 1;
        if *steps == BLOCK_STEPS {
            self.close()
        } else {
            None
        }
    }

    /// Ends the run, closing a last, partial block: its steps.
    pub fn finish(&mut self) -> Option<(usize, usize)> {
        self.close()
    }

    fn close(&mut self) -> Option<(usize, usize)> {
        let (hash, steps, first) = self.open.take()?;
        self.blocks.push(hash);
        Some((first, first + steps - 1))
    }
}

/// A decode run checked step by step against its compress run's fingerprints.
pub struct Replay<'a> {
    reference: &'a Fingerprints,
    own: Fingerprints,
}

impl<'a> Replay<'a> {
    pub fn new(reference: &'a Fingerprints) -> Replay<'a> {
        Replay {
            reference,
            own: Fingerprints::new(),
        }
    }

    /// Step `t`'s tables, as `Fingerprints::add` takes them; an error at the first difference.
    pub fn check(
        &mut self,
        t: usize,
        live: usize,
        freqs: &[u32],
        m: usize,
    ) -> Result<(), Divergence> {
        let exact_before = self.own.exact.len();
        let closed = self.own.add(t, live, freqs, m);
        for i in exact_before..self.own.exact.len() {
            if self.reference.exact.get(i) != Some(&self.own.exact[i]) {
                return Err(Divergence::At {
                    step: t,
                    stream: i - exact_before,
                });
            }
        }
        self.compare_block(closed)
    }

    /// After the last step: the last block compared.
    pub fn finish(&mut self) -> Result<(), Divergence> {
        let closed = self.own.finish();
        self.compare_block(closed)
    }

    fn compare_block(&self, closed: Option<(usize, usize)>) -> Result<(), Divergence> {
        match closed {
            Some((first, last)) => {
                let k = self.own.blocks.len() - 1;
                if self.reference.blocks.get(k) == self.own.blocks.last() {
                    Ok(())
                } else {
                    Err(Divergence::Within { first, last })
                }
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tables: &[Vec<u32>], live: usize) -> Fingerprints {
        let mut f = Fingerprints::new();
        for (t, step) in tables.chunks(live).enumerate() {
            f.add(t, live, &step.concat(), 2);
        }
        f.finish();
        f
    }

    #[test]
    fn names_the_step_and_stream_of_the_first_difference() {
        let tables: Vec<Vec<u32>> = (0..30u32).map(|i| vec![i + 1, 100 - i]).collect();
        let reference = run(&tables, 3);
        let mut replay = Replay::new(&reference);
        for (t, step) in tables.chunks(3).enumerate() {
            let mut step = step.concat();
            if t == 7 {
                step[2 * 2] += 1;
            }
            if let Err(d) = replay.check(t, 3, &step, 2) {
                assert_eq!(d, Divergence::At { step: 7, stream: 2 });
                assert_eq!(
                    d.to_string(),
                    "the predictor is not replayable: its output at step 7 (stream 2) differs \
                     from the compress run"
                );
                return;
            }
        }
        panic!("the difference went unseen");
    }

    #[test]
    fn the_same_tables_pass_and_a_late_difference_names_its_block() {
        // Past the exact fingerprints: one stream of M = 2 for EXACT_SYMBOLS + 2.5 blocks.
        let steps = EXACT_SYMBOLS + 2 * BLOCK_STEPS + BLOCK_STEPS / 2;
        let table = |t: usize| [1 + (t % 7) as u32, 9];
        let mut reference = Fingerprints::new();
        for t in 0..steps {
            reference.add(t, 1, &table(t), 2);
        }
        reference.finish();
        let replay = |changed: Option<usize>| {
            let mut r = Replay::new(&reference);
            for t in 0..steps {
                let mut tab = table(t);
                if Some(t) == changed {
                    tab[1] += 1;
                }
                r.check(t, 1, &tab, 2)?;
            }
            r.finish()
        };
        assert_eq!(replay(None), Ok(()));
        let late = EXACT_SYMBOLS + BLOCK_STEPS + 5;
        assert_eq!(
            replay(Some(late)),
            Err(Divergence::Within {
                first: EXACT_SYMBOLS + BLOCK_STEPS,
                last: EXACT_SYMBOLS + 2 * BLOCK_STEPS - 1
            })
        );
        let last = steps - 1;
        assert_eq!(
            replay(Some(last)),
            Err(Divergence::Within {
                first: EXACT_SYMBOLS + 2 * BLOCK_STEPS,
                last
            })
        );
        assert_eq!(thousands(123_456), "123,456");
        assert_eq!(thousands(12), "12");
    }
}
