//! Where records start: data made of fixed-length records (tables, packets, the repeat
//! source's blocks) breaks its copies at record boundaries. The gaps between successive breaks
//! of long runs are counted; once one gap is the most frequent (at least `MIN_PERIOD_BREAKS`
//! times and a quarter of all), it is taken as the record length P, and records start at the
//! positions where breaks most often fall, modulo P (a break a symbol late, after a chance
//! match, does not move them).

/// Longest gap between breaks counted as a possible record length.
const MAX_PERIOD: usize = 4096;
/// Breaks at one gap before it is taken as the record length.
const MIN_PERIOD_BREAKS: u32 = 16;

/// One stream's breaks, and the record length and phase they show.
pub struct RecordLength {
    /// Position of the last break of a long run.
    last_break: Option<usize>,
    /// Per gap between breaks, how often it was seen; all gaps counted; the most frequent.
    gaps: Vec<u32>,
    breaks: u32,
    period: usize,
    /// Per position modulo the period, the breaks there; the most frequent.
    phases: Vec<u32>,
    phase: usize,
}

impl RecordLength {
    pub fn new() -> Self {
        RecordLength {
            last_break: None,
            gaps: vec![0; MAX_PERIOD],
            breaks: 0,
            period: 0,
            phases: vec![0; MAX_PERIOD],
            phase: 0,
        }
    }

    /// Counts a break of a long run at `t`, and takes the most frequent gap as the period.
    pub fn note_break(&mut self, t: usize) {
        if let Some(last) = self.last_break {
            let gap = t - last;
            if (1..MAX_PERIOD).contains(&gap) {
                self.gaps[gap] += 1;
                self.breaks += 1;
                let best = self.gaps[gap];
                let current = self.gaps[self.period];
                if gap != self.period && (best > current || (best == current && gap < self.period))
                {
                    self.period = gap;
                    self.phases.iter_mut().for_each(|c| *c = 0);
                    self.phase = t % gap;
                }
            }
        }
        if self.period > 0 {
            let p = t % self.period;
            self.phases[p] += 1;
            let (best, now) = (self.phases[p], self.phases[self.phase]);
            if best > now || (best == now && p < self.phase) {
                self.phase = p;
            }
        }
        self.last_break = Some(t);
    }

    /// The record length, once the breaks show one.
    pub fn length(&self) -> Option<usize> {
        let count = self.gaps[self.period];
        (self.period > 0 && count >= MIN_PERIOD_BREAKS && 4 * count >= self.breaks)
            .then_some(self.period)
    }

    /// The record length, if a record starts at `t`.
    pub fn starts_at(&self, t: usize) -> Option<usize> {
        self.length().filter(|&period| t % period == self.phase)
    }
}
