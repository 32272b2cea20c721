//! Learning curves: the bits a coded stream (or a yardstick) spent, averaged over at most `CURVE_POINTS`
//! windows of its positions.

/// How many points a learning curve has at most.
pub const CURVE_POINTS: usize = 100;

/// Accumulates per-symbol code lengths into at most `CURVE_POINTS` windows, in constant memory
/// per window.
pub struct CurveRecorder {
    window: u64,
    position: u64,
    bits: f64,
    points: Vec<(u64, f64)>,
}

impl CurveRecorder {
    pub fn new(length: usize) -> Self {
        CurveRecorder {
            window: (length as u64).div_ceil(CURVE_POINTS as u64).max(1),
            position: 0,
            bits: 0.0,
            points: Vec::with_capacity(CURVE_POINTS),
        }
    }

    pub fn record(&mut self, bits: f64) {
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
}
