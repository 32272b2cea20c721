//! The cut of a run's input into B streams, the one definition every side uses: the coding
//! loop, the file reader and writer, and the protocol an outside predictor is told (part b
//! starts at b·base + min(b, extra); the longer parts first).

/// The cut of `n` symbols into `streams` parts: part b starts at `start(b)`; at step t the
/// first `live(t)` parts still have a symbol.
pub struct Parts {
    base: usize,
    extra: usize,
    pub streams: usize,
}

impl Parts {
    pub fn new(n: usize, streams: usize) -> Parts {
        Parts {
            base: n / streams,
            extra: n % streams,
            streams,
        }
    }

    pub fn steps(&self) -> usize {
        self.base + (self.extra > 0) as usize
    }

    pub fn live(&self, t: usize) -> usize {
        if t < self.base {
            self.streams
        } else {
            self.extra
        }
    }

    /// Index in the whole input of part b's symbol at step t.
    pub fn index(&self, b: usize, t: usize) -> usize {
        b * self.base + b.min(self.extra) + t
    }
}

#[cfg(test)]
mod tests {
    use super::Parts;

    #[test]
    fn parts_cover_the_input_once_longer_parts_first() {
        for (n, b) in [(10, 3), (9, 3), (2, 4), (1, 1), (0, 2), (100, 16)] {
            let parts = Parts::new(n, b);
            let mut seen = vec![0; n];
            for t in 0..parts.steps() {
                for s in 0..parts.live(t) {
                    seen[parts.index(s, t)] += 1;
                }
            }
            assert!(seen.iter().all(|&c| c == 1), "n={n} B={b}: {seen:?}");
        }
    }
}
