//! The match model's candidate distances: each with how long it has matched, how often it was
//! right, and how many long runs it has had, which make its class for the learned vote
//! strength; and the set of them a stream keeps.

/// Candidate distances kept per stream.
pub const CANDIDATES: usize = 64;
/// Length classes of the learned vote strength.
pub const LENGTH_CLASSES: usize = 48;
/// Long-run classes: 0, 1, 2–3, 4–7, 8 and more.
pub const RUN_CLASSES: usize = 5;

/// A stream's candidates, one array per field (the searches run over contiguous arrays).
pub struct Candidates {
    distance: Vec<u32>,
    /// Symbols it has matched back from now.
    length: Vec<u32>,
    /// Times it was right.
    hits: Vec<u32>,
    /// Runs that reached the long-run length.
    runs: Vec<u32>,
}

impl Candidates {
    pub fn new() -> Self {
        Candidates {
            distance: Vec::with_capacity(CANDIDATES),
            length: Vec::with_capacity(CANDIDATES),
            hits: Vec::with_capacity(CANDIDATES),
            runs: Vec::with_capacity(CANDIDATES),
        }
    }

    /// Each candidate's distance and its class for the learned vote strength, in set order.
    pub fn classes(&self) -> impl Iterator<Item = (u32, usize)> + '_ {
        (0..self.distance.len()).map(|i| (self.distance[i], self.class(i)))
    }

    /// Candidate `i`'s class: its length class, then its long-run class.
    fn class(&self, i: usize) -> usize {
        let runs = match self.runs[i] {
            0 => 0,
            1 => 1,
            2..=3 => 2,
            4..=7 => 3,
            _ => 4,
        };
        length_class(self.length[i]) * RUN_CLASSES + runs
    }

    /// The longest current match.
    pub fn longest(&self) -> u32 {
        self.length.iter().copied().max().unwrap_or(0)
    }

    /// Scores every candidate on `symbol`, the symbol after `history`: counts a trial of its
    /// class, and a hit when it was right (its length grows; reaching `long_run` symbols is a
    /// long run); one that was wrong falls to length 0. True when a long run broke.
    pub fn score(
        &mut self,
        history: &[u8],
        symbol: u8,
        long_run: u32,
        hits: &mut [u64],
        trials: &mut [u64],
    ) -> bool {
        let t = history.len();
        let mut long_break = false;
        for i in 0..self.distance.len() {
            let class = self.class(i);
            trials[class] += 1;
            if history[t - self.distance[i] as usize] == symbol {
                hits[class] += 1;
                self.length[i] += 1;
                self.hits[i] = self.hits[i].saturating_add(1);
                if self.length[i] == long_run {
                    self.runs[i] = self.runs[i].saturating_add(1);
                }
            } else {
                long_break |= self.length[i] >= long_run;
                self.length[i] = 0;
            }
        }
        long_break
    }

    /// Puts a candidate at `distance` in the set, or lengthens the one there; when the set is
    /// full it replaces the candidate that is not matching with the fewest long runs, then
    /// the fewest hits (the first such), and is dropped if every candidate is matching.
    pub fn add(&mut self, distance: u32, length: u32) {
        if let Some(i) = self.distance.iter().position(|&d| d == distance) {
            self.length[i] = self.length[i].max(length);
            return;
        }
        if self.distance.len() < CANDIDATES {
            self.distance.push(distance);
            self.length.push(length);
            self.hits.push(0);
            self.runs.push(0);
            return;
        }
        // The first idle candidate of the fewest (runs, hits), written without a branch per
        // candidate (whether one is idle is as good as random).
        let mut idle = (u64::MAX, CANDIDATES);
        for i in 0..CANDIDATES {
            let key = (self.runs[i] as u64) << 32 | self.hits[i] as u64;
            let better = (self.length[i] == 0) & ((idle.1 == CANDIDATES) | (key < idle.0));
            idle = if better { (key, i) } else { idle };
        }
        if let (_, i @ 0..CANDIDATES) = idle {
            self.distance[i] = distance;
            self.length[i] = length;
            self.hits[i] = 0;
            self.runs[i] = 0;
        }
    }
}

/// The length class of a match of `length` symbols.
fn length_class(length: u32) -> usize {
    if length < 32 {
        length as usize
    } else {
        (27 + length.ilog2() as usize).min(LENGTH_CLASSES - 1)
    }
}
