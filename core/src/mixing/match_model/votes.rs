//! The match model's votes combined into a distribution, as "one candidate, or none, is the
//! source": a vote of class c (a candidate's current length, exact to 31 then by powers of
//! two, and how many long runs it has had; or a record candidate's length) is right with a
//! probability Q_c learned online from every vote of that class; its share is what it is
//! right beyond chance, v = max(0, Q_c − 1/M) · M/(M − 1). The most trusted vote takes its
//! share of the belief, the next its share of what is left, and so on; votes of equal share
//! (one class) take their shares together and split them evenly, so no symbol is favoured by
//! the order; what no vote takes is spread evenly, and a floor ε/M keeps every symbol
//! possible. A vote no better than chance (a hash find at a random place) so changes nothing,
//! and a long match is not diluted by them.

use neural::math::ln;

/// The floor of every symbol's probability, times M.
const FLOOR: f32 = 1e-3;

pub struct Votes {
    alphabet: usize,
    /// Per class, votes that were right and votes cast.
    hits: Vec<u64>,
    trials: Vec<u64>,
    /// Scratch: each vote's class and symbol; per class, its share, votes and next place; the
    /// classes voting now, most trusted first; the symbols in that order; the belief per
    /// symbol.
    entries: Vec<(u16, u8)>,
    class_share: Vec<f32>,
    class_count: Vec<u32>,
    class_place: Vec<u32>,
    touched: Vec<u16>,
    ordered: Vec<u8>,
    belief: Vec<f32>,
}

impl Votes {
    /// Votes over `alphabet` symbols in `classes` classes, at most `most` at a time.
    pub fn new(alphabet: usize, classes: usize, most: usize) -> Self {
        Votes {
            alphabet,
            hits: vec![0; classes],
            trials: vec![0; classes],
            entries: Vec::with_capacity(most),
            class_share: vec![0.0; classes],
            class_count: vec![0; classes],
            class_place: vec![0; classes],
            touched: Vec::with_capacity(classes),
            ordered: Vec::with_capacity(most),
            belief: vec![0.0; alphabet],
        }
    }

    /// The per-class counts of right votes and of votes, for the caller to score its votes.
    pub fn tallies(&mut self) -> (&mut [u64], &mut [u64]) {
        (&mut self.hits, &mut self.trials)
    }

    /// Starts the votes of a new step.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// A vote of class `class` for `symbol`.
    pub fn cast(&mut self, class: usize, symbol: u8) {
        self.entries.push((class as u16, symbol));
    }

    /// The share of belief a vote of class `k` has earned: what it is right beyond chance,
    /// from 0 to 1.
    fn share(&self, k: usize) -> f32 {
        if self.alphabet < 2 {
            return 0.0;
        }
        let m = self.alphabet as f32;
        let q = (self.hits[k] as f32 + 0.5) / (self.trials[k] as f32 + 1.0);
        (q - 1.0 / m).max(0.0) * m / (m - 1.0)
    }

    /// ln P(s) for every s, from the votes cast.
    pub fn ln_probs(&mut self, out: &mut [f32]) {
        let m = self.alphabet as f32;
        // Count the votes per class, and learn each class's share once.
        self.touched.clear();
        for &(class, _) in &self.entries {
            let k = class as usize;
            if self.class_count[k] == 0 {
                self.touched.push(class);
                self.class_share[k] = self.share(k);
            }
            self.class_count[k] += 1;
        }
        // The trusted classes by share, highest first (a positive f32's bits order as its
        // value), then their votes' symbols in that order: a counting sort.
        let shares = &self.class_share;
        self.touched
            .sort_unstable_by_key(|&k| (u32::MAX - shares[k as usize].to_bits(), k));
        // (The untrusted classes, of share 0, come last; their symbols are placed but not read.)
        let mut place = 0;
        for &k in &self.touched {
            self.class_place[k as usize] = place;
            place += self.class_count[k as usize];
        }
        self.ordered.resize(place as usize, 0);
        for &(class, symbol) in &self.entries {
            let k = class as usize;
            self.ordered[self.class_place[k] as usize] = symbol;
            self.class_place[k] += 1;
        }
        // Votes of equal share take their shares together, split evenly.
        self.belief.iter_mut().for_each(|v| *v = 0.0);
        let mut left = 1.0f32;
        let mut start = 0;
        for group in self
            .touched
            .chunk_by(|&a, &b| shares[a as usize] == shares[b as usize])
        {
            let share = shares[group[0] as usize];
            if share <= 0.0 {
                // The untrusted classes come last.
                break;
            }
            let n: u32 = group.iter().map(|&k| self.class_count[k as usize]).sum();
            let kept = (1.0 - share).powi(n as i32);
            let each = left * (1.0 - kept) / n as f32;
            for &symbol in &self.ordered[start..start + n as usize] {
                self.belief[symbol as usize] += each;
            }
            start += n as usize;
            left *= kept;
        }
        for &k in &self.touched {
            self.class_count[k as usize] = 0;
        }
        let base = (FLOOR + left) / m;
        let ln_norm = ln(1.0 + FLOOR);
        // A symbol without votes (v = 0) gets ln(base) − ln_norm; no branch, so the loop
        // vectorises.
        for (o, &v) in out.iter_mut().zip(&self.belief) {
            *o = ln(base + v) - ln_norm;
        }
    }
}
