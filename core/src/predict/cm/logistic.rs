//! The logistic domain of the binary context mixer, in integers: probabilities are 12-bit
//! (1..=4095 of 4096), their stretch ln(p/(1 − p)) is scaled by 256 and held in ±2047.
//! `squash` interpolates 33 fixed points of 4096/(1 + e^(−x/256)) (computed once and written
//! here, so no machine's libm is involved) and `stretch` is its inverse by table: every
//! machine computes the same bits.

/// 4096/(1 + e^(−x/256)) at x = −2048, −1920, …, 2048, rounded.
const POINTS: [i32; 33] = [
    1, 2, 4, 6, 10, 17, 27, 45, 74, 120, 194, 311, 488, 747, 1102, 1546, 2048, 2550, 2994, 3349,
    3608, 3785, 3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095,
];

/// The largest stretch held.
pub const MAX_STRETCH: i32 = 2047;

/// `x` within `lo..=hi` (`Ord::clamp`, which a constant cannot call).
const fn within(x: i32, lo: i32, hi: i32) -> i32 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// The 12-bit probability of stretch `x` (clamped to ±2047).
pub const fn squash(x: i32) -> i32 {
    let x = within(x, -MAX_STRETCH, MAX_STRETCH);
    let (i, w) = (((x >> 7) + 16) as usize, x & 127);
    within(
        (POINTS[i] * (128 - w) + POINTS[i + 1] * w + 64) >> 7,
        1,
        4095,
    )
}

/// The stretch of each 12-bit probability: the smallest x whose squash reaches it (built
/// when the program is: a table built at run time costs a check at every read).
static STRETCH: [i16; 4096] = {
    let mut table = [MAX_STRETCH as i16; 4096];
    let (mut p, mut x) = (0usize, -MAX_STRETCH);
    while x <= MAX_STRETCH {
        let v = squash(x) as usize;
        while p <= v {
            table[p] = x as i16;
            p += 1;
        }
        x += 1;
    }
    table
};

/// The stretch of a 12-bit probability.
pub fn stretch(p: i32) -> i32 {
    STRETCH[p.clamp(0, 4095) as usize] as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_and_stretch_are_inverse_and_monotone() {
        assert_eq!((squash(0), squash(-5000), squash(5000)), (2048, 1, 4095));
        assert_eq!(
            (squash(256), squash(320)),
            (2994, 3172),
            "a point, and between two"
        );
        for p in 1..4095 {
            let x = stretch(p);
            assert!(
                squash(x) >= p && (x == -MAX_STRETCH || squash(x - 1) < p),
                "{p}"
            );
            assert!(stretch(p + 1) >= x);
        }
        assert!((-MAX_STRETCH..MAX_STRETCH).all(|x| squash(x) <= squash(x + 1)));
    }
}
