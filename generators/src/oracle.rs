//! The oracle of the report's sources, from the symbols and the random events that made them
//! (the new sources tally theirs as they generate): i.i.d. −log2 p(x); Markov-k and lagged
//! Fibonacci log2 M for each of the k uniform start symbols, then for a noisy Markov-k
//! −log2(1 − p) where the recurrence held and −log2(p/(M − 1)) where noise replaced it; the
//! counter nothing; repeats L·log2 M for each of the first K blocks, then −log2(1 − q) +
//! L·log2 M for a fresh block and −log2(q/K) for a copy (spread over the block's symbols).

use crate::math::log2;
use crate::yardsticks::{Tally, Yardstick};
use crate::{Iid, LaggedFibonacci, Markov, Repeats};

pub fn iid(source: &Iid, symbols: &[u8]) -> Yardstick {
    let mut tally = Tally::new(symbols.len());
    let bits: Vec<f64> = source.probs().iter().map(|&p| -log2(p)).collect();
    symbols.iter().for_each(|&x| tally.add(bits[x as usize]));
    tally.finish()
}

/// Uniform start symbols, then a symbol that is the recurrence's with probability 1 − p.
fn recurrence(
    symbols: &[u8],
    m: usize,
    warmup: usize,
    noise: f64,
    next: impl Fn(&[u8], usize) -> u8,
) -> Yardstick {
    let mut tally = Tally::new(symbols.len());
    let uniform = log2(m as f64);
    let (held, replaced) = match noise {
        p if p > 0.0 => (-log2(1.0 - p), -log2(p / (m - 1) as f64)),
        _ => (0.0, f64::INFINITY),
    };
    for t in 0..symbols.len() {
        tally.add(match t < warmup {
            true => uniform,
            false if symbols[t] == next(symbols, t) => held,
            false => replaced,
        });
    }
    tally.finish()
}

pub fn markov(source: &Markov, symbols: &[u8]) -> Yardstick {
    let (m, k) = (source.alphabet(), source.k());
    recurrence(symbols, m, k, source.noise(), |s, t| {
        ((s[t - 1] as usize + s[t - k] as usize) % m) as u8
    })
}

pub fn lagged_fibonacci(source: &LaggedFibonacci, symbols: &[u8]) -> Yardstick {
    let (m, j, k) = (source.alphabet(), source.j(), source.k());
    recurrence(symbols, m, k, 0.0, |s, t| {
        ((s[t - j] as usize + s[t - k] as usize) % m) as u8
    })
}

pub fn counter(symbols: &[u8]) -> Yardstick {
    let mut tally = Tally::new(symbols.len());
    symbols.iter().for_each(|_| tally.add(0.0));
    tally.finish()
}

pub fn repeats(source: &Repeats, symbols: &[u8], copies: &[bool]) -> Yardstick {
    let (l, k, q) = (source.block(), source.recall(), source.copy());
    let fresh = l as f64 * log2(source.alphabet() as f64);
    let mut tally = Tally::new(symbols.len());
    for (b, &copy) in copies.iter().enumerate() {
        let symbols_left = (symbols.len() - (b * l).min(symbols.len())).min(l);
        let bits = match (b < k, copy) {
            (true, _) => fresh,
            (false, false) => -log2(1.0 - q) + fresh,
            (false, true) => -log2(q / k as f64),
        };
        // A last, partial block pays its share.
        tally.spread(bits * symbols_left as f64 / l as f64, symbols_left);
    }
    tally.finish()
}
