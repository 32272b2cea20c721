//! Learning curves: the bits a coded stream (or a yardstick) spent, averaged over at most `CURVE_POINTS`
//! windows of its positions; and on a source redrawn every L symbols, averaged by position in
//! the segment (the in-context papers' picture).

/// How many points a learning curve has at most.
pub const CURVE_POINTS: usize = 100;

/// Accumulates per-symbol code lengths into at most `CURVE_POINTS` windows, in constant memory
/// per window.
pub struct CurveRecorder {
    window: u64,
    position: u64,
    bits: f64,
    points: Vec<(u64, f64)>,
    /// Bits summed by position in the segment, and how many segments reached each.
    by_position: Vec<(f64, u64)>,
}

impl CurveRecorder {
    pub fn new(length: usize) -> Self {
        CurveRecorder::with_segments(length, None)
    }

    /// Also averages by position in segments of `segment` symbols.
    pub fn with_segments(length: usize, segment: Option<usize>) -> Self {
        CurveRecorder {
            window: (length as u64).div_ceil(CURVE_POINTS as u64).max(1),
            position: 0,
            bits: 0.0,
            points: Vec::with_capacity(CURVE_POINTS),
            by_position: vec![(0.0, 0); segment.unwrap_or(0)],
        }
    }

    pub fn record(&mut self, bits: f64) {
        if !self.by_position.is_empty() {
            let at = (self.position % self.by_position.len() as u64) as usize;
            self.by_position[at].0 += bits;
            self.by_position[at].1 += 1;
        }
        self.bits += bits;
        self.position += 1;
        if self.position.is_multiple_of(self.window) {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let start = self.points.last().map_or(0, |p| p.0);
        let n = self.position - start;
        if n > 0 {
            self.points.push((self.position, self.bits / n as f64));
            self.bits = 0.0;
        }
    }

    /// Bits per symbol at each position of a segment (the first is position 1), averaged
    /// over the segments; empty without segments.
    pub fn by_position(&self) -> Vec<f64> {
        self.by_position
            .iter()
            .take_while(|(_, n)| *n > 0)
            .map(|&(bits, n)| bits / n as f64)
            .collect()
    }

    pub fn finish(mut self) -> Vec<(u64, f64)> {
        self.flush();
        self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_windows_average_their_bits() {
        let mut c = CurveRecorder::new(250);
        for i in 0..250 {
            c.record(if i < 3 { 2.0 } else { 1.0 });
        }
        let points = c.finish();
        assert_eq!(points.len(), 84);
        assert_eq!(points[0], (3, 2.0));
        assert_eq!(points[1], (6, 1.0));
        assert_eq!(points.last().unwrap().0, 250);
    }

    #[test]
    fn positions_in_a_segment_average_over_the_segments() {
        let mut c = CurveRecorder::with_segments(10, Some(4));
        for i in 0..10 {
            c.record(i as f64);
        }
        // Positions 1-4 saw 0, 4, 8 / 1, 5, 9 / 2, 6 / 3, 7.
        assert_eq!(c.by_position(), [4.0, 5.0, 4.0, 5.0]);
        assert!(CurveRecorder::new(10).by_position().is_empty());
    }
}
