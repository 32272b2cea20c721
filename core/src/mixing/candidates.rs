//! The match model's candidate distances: each with how long it has matched, how often it was
//! right, and how many long runs it has had, which make its class for the learned vote
//! strength; and the set of them a stream keeps.

/// Candidate distances kept per stream.
pub const CANDIDATES: usize = 64;
/// Length classes of the learned vote strength.
pub const LENGTH_CLASSES: usize = 48;
/// Long-run classes: 0, 1, 2–3, 4–7, 8 and more.
pub const RUN_CLASSES: usize = 5;

#[derive(Clone, Copy)]
pub struct Candidate {
    pub distance: u32,
    pub length: u32,
    pub hits: u32,
    /// Runs that reached the long-run length.
    pub runs: u32,
}

impl Candidate {
    /// Its class for the learned vote strength.
    pub fn class(&self) -> usize {
        let runs = match self.runs {
            0 => 0,
            1 => 1,
            2..=3 => 2,
            4..=7 => 3,
            _ => 4,
        };
        length_class(self.length) * RUN_CLASSES + runs
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

/// Puts a candidate at `distance` in the set, or lengthens the one there; when the set is
/// full it replaces the candidate that is not matching with the fewest long runs, then the
/// fewest hits (the first such),
/// and is dropped if every candidate is matching.
pub fn add_candidate(candidates: &mut Vec<Candidate>, distance: u32, length: u32) {
    if let Some(c) = candidates.iter_mut().find(|c| c.distance == distance) {
        c.length = c.length.max(length);
        return;
    }
    let fresh = Candidate {
        distance,
        length,
        hits: 0,
        runs: 0,
    };
    if candidates.len() < CANDIDATES {
        candidates.push(fresh);
        return;
    }
    let idle = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.length == 0)
        .min_by_key(|(i, c)| (c.runs, c.hits, *i))
        .map(|(i, _)| i);
    if let Some(i) = idle {
        candidates[i] = fresh;
    }
}
