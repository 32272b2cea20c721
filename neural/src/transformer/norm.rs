//! LayerNorm over one row, forward and backward, with every sum in index order.

const EPS: f32 = 1e-5;

/// y = (x − mean)/√(var + ε) · g + b, with g the first half of `gb` and b the second. Writes
/// x̂ = (x − mean)/√(var + ε) to `xhat` and returns 1/√(var + ε). The square root is IEEE
/// 754's, correctly rounded on every machine.
#[inline(always)]
pub fn forward(x: &[f32], gb: &[f32], xhat: &mut [f32], y: &mut [f32]) -> f32 {
    let n = x.len() as f32;
    let (g, b) = gb.split_at(x.len());
    let mean = x.iter().fold(0.0f32, |s, &v| s + v) / n;
    let var = x.iter().fold(0.0f32, |s, &v| s + (v - mean) * (v - mean)) / n;
    let rstd = 1.0 / (var + EPS).sqrt();
    for (((h, o), &v), (&g, &b)) in xhat.iter_mut().zip(y).zip(x).zip(g.iter().zip(b)) {
        *h = (v - mean) * rstd;
        *o = *h * g + b;
    }
    rstd
}

/// Adds the gradient w.r.t. x of a row whose output gradient is `dy` to `dx`, and the
/// gradients of g and b to `dgb` (laid out as `gb`).
#[inline(always)]
pub fn backward(dy: &[f32], xhat: &[f32], rstd: f32, gb: &[f32], dgb: &mut [f32], dx: &mut [f32]) {
    let d = dy.len();
    let n = d as f32;
    let (g, _) = gb.split_at(d);
    let (dg, db) = dgb.split_at_mut(d);
    let mut sum = 0.0f32;
    let mut sum_h = 0.0f32;
    for i in 0..d {
        dg[i] += dy[i] * xhat[i];
        db[i] += dy[i];
        let dh = dy[i] * g[i];
        sum += dh;
        sum_h += dh * xhat[i];
    }
    let (mean, mean_h) = (sum / n, sum_h / n);
    for i in 0..d {
        dx[i] += rstd * (dy[i] * g[i] - mean - xhat[i] * mean_h);
    }
}
