//! The stationary distribution of an order-k chain over its M^k contexts: context c moves to
//! (c·M + x) mod M^k with probability P(x | c). Up to `SOLVE_MAX` contexts it is the exact
//! solution of πP = π, Σπ = 1 (Gaussian elimination with partial pivoting, in f64); beyond,
//! or where the system is singular, power iteration from the uniform distribution (the
//! distribution of the chain's first context) until the L1 change of one step is below
//! `ITERATION_TOLERANCE`. For an aperiodic chain whose second eigenvalue has modulus λ the
//! distance left is at most that change / (1 − λ).
//!
//! Peaky priors (α ≤ 0.01) draw rows whose probabilities underflow to 0 or to denormals, and
//! the chain can fall apart into several closed classes: πP = π then has many solutions, and
//! the elimination meets a pivot of (nearly) zero. A pivot below `SINGULAR_PIVOT` hands the
//! chain to the iteration, which finds the one distribution the chain reaches from its
//! uniform start (each closed class weighted by the chance of falling into it). A periodic
//! class makes the plain iteration oscillate; if it has not settled halfway through
//! `MAX_ITERATIONS`, the rest runs the lazy chain (I + P)/2, which has the same limit from
//! the same start and converges. Rounding can leave a component a few ulps below 0: it is
//! clamped to 0 when it lies within `ROUNDING_BOUND`, and a solution that goes further is
//! rejected for the iteration's.

/// Contexts solved exactly (a 256 × 256 system).
pub const SOLVE_MAX: usize = 256;
/// L1 change of one iteration at which it stops.
pub const ITERATION_TOLERANCE: f64 = 1e-14;
/// A pivot this small (the matrix's entries are O(1)) means a singular system.
pub const SINGULAR_PIVOT: f64 = 1e-9;
/// How far below 0 rounding may leave a probability or an entropy before it is an error.
pub const ROUNDING_BOUND: f64 = 1e-12;
/// Iterations at most.
const MAX_ITERATIONS: usize = 100_000;

/// The chain over `m` symbols whose `rows` (M per context, `rows.len() / m` contexts) give
/// P(x | c).
pub fn stationary(m: usize, rows: &[f64]) -> Vec<f64> {
    if rows.len() / m <= SOLVE_MAX {
        if let Some(pi) = solve(m, rows) {
            return pi;
        }
    }
    iterate(m, rows)
}

/// One step of the chain applied to the distribution `pi`; `lazy` stays put with
/// probability ½.
fn step(m: usize, rows: &[f64], pi: &[f64], next: &mut [f64], lazy: bool) {
    let contexts = pi.len();
    next.iter_mut().for_each(|x| *x = 0.0);
    for (c, &w) in pi.iter().enumerate() {
        for (x, &p) in rows[c * m..(c + 1) * m].iter().enumerate() {
            next[(c * m + x) % contexts] += w * p;
        }
    }
    if lazy {
        next.iter_mut()
            .zip(pi)
            .for_each(|(n, &p)| *n = 0.5 * (*n + p));
    }
}

pub fn iterate(m: usize, rows: &[f64]) -> Vec<f64> {
    let contexts = rows.len() / m;
    let mut pi = vec![1.0 / contexts as f64; contexts];
    let mut next = vec![0.0; contexts];
    for i in 0..MAX_ITERATIONS {
        step(m, rows, &pi, &mut next, i >= MAX_ITERATIONS / 2);
        let change: f64 = pi.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut pi, &mut next);
        if change < ITERATION_TOLERANCE {
            break;
        }
    }
    pi
}

/// The exact solution, or `None` where the system is singular or rounding left a component
/// below −`ROUNDING_BOUND`.
pub fn solve(m: usize, rows: &[f64]) -> Option<Vec<f64>> {
    let n = rows.len() / m;
    // Row i of A: Σ_c π(c) P(c → i) − π(i) = 0; the last row replaced by Σ π = 1.
    let mut a = vec![0.0f64; n * n];
    for c in 0..n {
        for (x, &p) in rows[c * m..(c + 1) * m].iter().enumerate() {
            a[((c * m + x) % n) * n + c] += p;
        }
        a[c * n + c] -= 1.0;
    }
    let mut b = vec![0.0f64; n];
    a[(n - 1) * n..].iter_mut().for_each(|x| *x = 1.0);
    b[n - 1] = 1.0;
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))
            .expect("rows left");
        if pivot != col {
            for j in 0..n {
                a.swap(pivot * n + j, col * n + j);
            }
            b.swap(pivot, col);
        }
        let d = a[col * n + col];
        if !d.is_finite() || d.abs() < SINGULAR_PIVOT {
            return None;
        }
        for row in col + 1..n {
            let f = a[row * n + col] / d;
            if f != 0.0 {
                for j in col..n {
                    a[row * n + j] -= f * a[col * n + j];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut pi = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|j| a[row * n + j] * pi[j]).sum();
        pi[row] = (b[row] - s) / a[row * n + row];
    }
    if pi.iter().any(|&p| !p.is_finite() || p < -ROUNDING_BOUND) {
        return None;
    }
    pi.iter_mut().for_each(|p| *p = p.max(0.0));
    Some(pi)
}
