//! The match model: the symbols that followed earlier occurrences of the current context.
//!
//! Each stream keeps its history, a hash of its last `n` symbols at every position (n the
//! fewest symbols that make 12 bits: 12 at M = 2, 3 at M = 16, 2 at M = 256) chained to the
//! earlier positions with the same hash, and a set of up to `CANDIDATES` candidate distances.
//! After every symbol the chain's most recent `CHAIN` positions are checked against the
//! history (so a hash collision never predicts) and join the set with the length they match
//! back to. Every candidate votes for the symbol at its distance; one that is right grows its
//! length, one that is wrong falls to length 0 but stays, and leaves first when a new one
//! needs room (the fewest long runs, then the fewest hits). A run is long when chance would
//! give it less than 2⁻³² (8 symbols at M = 16). Distances that keep giving long runs (LZ's
//! repeated offsets) so stay, and at the first symbol of a new copy they point at its source
//! before any of it has been seen, each with the small share of belief it has earned.
//!
//! Records: at each record start (`record_length.rs`: the period and phase of the breaks of
//! long runs) the `RECORDS` earlier record starts (distances P, 2P, …) become record
//! candidates before any symbol of the new record is seen. A record candidate that mispredicts
//! leaves; the hash finds no candidate at a record candidate's distance. Their vote strength is
//! learned apart (by length), so where the breaks have no period they change nothing.
//!
//! The votes combine into a distribution in `votes.rs`: each with the share of belief its
//! class has earned, so a hash find at a random place changes nothing.

mod candidates;
mod record_length;
mod votes;

use candidates::{Candidates, CANDIDATES, LENGTH_CLASSES, RUN_CLASSES};
use record_length::RecordLength;
use votes::Votes;

/// Earlier positions of the context checked after each symbol.
const CHAIN: usize = 8;
/// How far back a found candidate's match length is checked.
const VERIFY: usize = 32;
/// Bits a run must be worth to be long.
const LONG_RUN_BITS: f64 = 32.0;
/// Bits of context a match must start from.
const CONTEXT_BITS: u32 = 12;
/// Earlier record starts proposed at each record start.
const RECORDS: usize = 64;
/// Length classes of record candidates (0 … n − 1 symbols matched).
const RECORD_CLASSES: usize = 32;
/// Vote classes of the candidates (length × long runs).
const CANDIDATE_CLASSES: usize = LENGTH_CLASSES * RUN_CLASSES;
/// Classes a vote's strength is learned by: the candidates', then the record candidates'.
const VOTE_CLASSES: usize = CANDIDATE_CLASSES + RECORD_CLASSES;

/// The vote class of a record-length candidate that has matched `length` symbols so far.
fn record_class(length: u32) -> usize {
    CANDIDATE_CLASSES + (length as usize).min(RECORD_CLASSES - 1)
}

struct Stream {
    history: Vec<u8>,
    /// Per hash, the latest position (index of the symbol after the context) + 1.
    head: Vec<u32>,
    /// Per position p (at p − 1), the previous position with the same context hash + 1.
    chain: Vec<u32>,
    candidates: Candidates,
    /// Record candidates: (distance, symbols matched).
    records: Vec<(u32, u32)>,
    /// Where its records start.
    record_length: RecordLength,
}

pub struct MatchModel {
    /// Symbols of context a match starts from.
    context: usize,
    /// Symbols a long run has.
    long_run: u32,
    hash_bits: u32,
    streams: Vec<Stream>,
    /// The candidates' and record candidates' votes, and their learned strength.
    votes: Votes,
}

impl MatchModel {
    /// Weight sets of the mixer the longest current match selects.
    pub const SELECTORS: usize = 12;

    pub fn new(alphabet: usize, streams: usize, stream_length: usize) -> Self {
        let bits_per_symbol = (alphabet.max(2) as f64).log2();
        let context = (CONTEXT_BITS as f64 / bits_per_symbol).ceil().max(1.0) as usize;
        let hash_bits = Self::hash_bits(stream_length as u64);
        MatchModel {
            context,
            long_run: (LONG_RUN_BITS / bits_per_symbol).ceil() as u32,
            hash_bits,
            streams: (0..streams)
                .map(|_| Stream {
                    history: Vec::with_capacity(stream_length),
                    head: vec![0; 1 << hash_bits],
                    chain: Vec::with_capacity(stream_length + 1),
                    candidates: Candidates::new(),
                    records: Vec::with_capacity(RECORDS),
                    record_length: RecordLength::new(),
                })
                .collect(),
            votes: Votes::new(alphabet, VOTE_CLASSES, CANDIDATES + RECORDS),
        }
    }

    /// Hash table bits for a stream of `length` symbols: twice as many slots, within 2^10..2^22.
    fn hash_bits(length: u64) -> u32 {
        (length.max(1).ilog2() + 1).clamp(10, 22)
    }

    /// ln P(s) of stream `b`'s next symbol, for every s.
    pub fn ln_probs(&mut self, b: usize, out: &mut [f32]) {
        let stream = &self.streams[b];
        let t = stream.history.len();
        self.votes.clear();
        for (distance, class) in stream.candidates.classes() {
            self.votes
                .cast(class, stream.history[t - distance as usize]);
        }
        for &(distance, length) in &stream.records {
            let class = record_class(length);
            self.votes
                .cast(class, stream.history[t - distance as usize]);
        }
        self.votes.ln_probs(out);
    }

    /// The mixer's weight set: the class of the longest current match.
    pub fn selector(&self, b: usize) -> usize {
        let longest = self.streams[b].candidates.longest();
        match longest {
            0..=4 => longest as usize,
            5..=6 => 5,
            7..=9 => 6,
            10..=14 => 7,
            15..=21 => 8,
            22..=31 => 9,
            32..=63 => 10,
            _ => 11,
        }
    }

    /// Scores every candidate of stream `b` on `symbol`, appends it, and finds new candidates.
    pub fn update(&mut self, b: usize, symbol: u8) {
        let stream = &mut self.streams[b];
        let t = stream.history.len();
        let (hits, trials) = self.votes.tallies();
        let long_break = stream.candidates.score(
            &stream.history,
            symbol,
            self.long_run,
            &mut hits[..CANDIDATE_CLASSES],
            &mut trials[..CANDIDATE_CLASSES],
        );
        if long_break {
            stream.record_length.note_break(t);
        }
        stream.records.retain_mut(|(distance, length)| {
            let c = record_class(*length);
            trials[c] += 1;
            let right = stream.history[t - *distance as usize] == symbol;
            if right {
                hits[c] += 1;
                *length += 1;
            }
            right
        });
        stream.history.push(symbol);
        let t = t + 1;
        if let Some(period) = stream.record_length.starts_at(t) {
            stream.records.clear();
            stream.records.extend(
                (1..=RECORDS)
                    .map(|j| j * period)
                    .take_while(|&d| d <= t)
                    .map(|d| (d as u32, 0)),
            );
        }
        if t < self.context {
            stream.chain.push(0);
            return;
        }
        let h = context_hash(&stream.history[t - self.context..], self.hash_bits);
        let mut next = stream.head[h];
        for _ in 0..CHAIN {
            if next == 0 {
                break;
            }
            let p = next as usize - 1;
            next = stream.chain[p - 1];
            let length = matched_length(&stream.history, p, t);
            let distance = (t - p) as u32;
            if length >= self.context && stream.records.iter().all(|r| r.0 != distance) {
                stream.candidates.add(distance, length as u32);
            }
        }
        stream.chain.push(stream.head[h]);
        stream.head[h] = t as u32 + 1;
    }
}

/// How many symbols before position `p` equal those before `t` (p < t), up to `VERIFY`.
fn matched_length(history: &[u8], p: usize, t: usize) -> usize {
    (1..=VERIFY.min(p))
        .take_while(|&i| history[p - i] == history[t - i])
        .count()
}

/// A multiplicative hash of a context's symbols into `bits` bits.
fn context_hash(symbols: &[u8], bits: u32) -> usize {
    let h = symbols.iter().fold(0u64, |h, &s| {
        (h ^ (s as u64 + 1)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    });
    (h >> (64 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits to code `symbols` with the match model alone.
    fn bits(symbols: &[u8], alphabet: usize) -> f64 {
        let mut m = MatchModel::new(alphabet, 1, symbols.len());
        let mut out = vec![0.0; alphabet];
        let mut total = 0.0;
        for &s in symbols {
            m.ln_probs(0, &mut out);
            let sum: f64 = out.iter().map(|&l| (l as f64).exp()).sum();
            assert!(
                (sum - 1.0).abs() < 1e-4,
                "a distribution sums to 1, got {sum}"
            );
            total -= out[s as usize] as f64 / std::f64::consts::LN_2;
            m.update(0, s);
        }
        total
    }

    #[test]
    fn a_repeated_text_costs_little_the_second_time() {
        let mut x = 12345u64;
        let block: Vec<u8> = (0..2000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 60) as u8
            })
            .collect();
        let once = bits(&block, 16);
        let twice = bits(&[block.clone(), block].concat(), 16);
        // Random symbols cost about log2 16 = 4 bits; the copy, after its first few symbols,
        // a small fraction of a bit each.
        assert!(once > 3.9 * 2000.0, "{once}");
        assert!(
            twice - once < 0.1 * 2000.0,
            "the copy cost {} bits",
            twice - once
        );
    }

    #[test]
    fn a_distance_that_keeps_succeeding_predicts_a_copy_from_its_start() {
        // Blocks of 8 random symbols, each either new or a copy of the block 8 symbols back:
        // after a copy has been seen, the candidate at distance 8 stays and votes at the
        // first symbol of the next copy.
        let mut m = MatchModel::new(16, 1, 10_000);
        let mut x = 99u64;
        let mut rand = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 59) as u8
        };
        let mut history: Vec<u8> = Vec::new();
        for block in 0..400 {
            for i in 0..8 {
                let s = if block % 2 == 1 {
                    history[history.len() - 8]
                } else {
                    rand() & 15
                };
                if block == 399 && i == 0 {
                    let mut out = vec![0.0; 16];
                    m.ln_probs(0, &mut out);
                    // The candidate at distance 8 is right at 1 block start in 2 and wrong in
                    // the random blocks (the model does not know where blocks start): about
                    // 1 time in 6 at its length 0, against 1 in 16 by chance.
                    assert!(
                        out[s as usize] > (0.125f32).ln(),
                        "{}",
                        out[s as usize].exp()
                    );
                }
                m.update(0, s);
                history.push(s);
            }
        }
    }

    #[test]
    fn record_starts_are_found_and_predict_a_copy_before_it_starts() {
        // Records of 24 random symbols, each after the first 8 either new or (1 in 2) a copy
        // of one of the last 8 new ones: after the breaks have shown the record length, the
        // first symbols of a copy cost less than chance (4 bits).
        let mut x = 7u64;
        let mut rand = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let (len, records) = (24, 3000);
        let mut history: Vec<u8> = Vec::new();
        let mut fresh: Vec<usize> = Vec::new();
        let mut copies = Vec::new();
        for r in 0..records {
            let copy = r >= 8 && rand(2) == 1;
            if copy {
                let from = fresh[fresh.len() - 1 - rand(8) as usize];
                history.extend_from_within(from..from + len);
            } else {
                fresh.push(history.len());
                history.extend((0..len).map(|_| rand(16) as u8));
            }
            copies.push(copy);
        }
        let mut m = MatchModel::new(16, 1, history.len());
        let mut out = vec![0.0; 16];
        let (mut first, mut second, mut n) = (0.0, 0.0, 0);
        for (t, &s) in history.iter().enumerate() {
            m.ln_probs(0, &mut out);
            let (r, i) = (t / len, t % len);
            if r >= records / 2 && copies[r] && i < 2 {
                let bits = -out[s as usize] as f64 / std::f64::consts::LN_2;
                if i == 0 {
                    first += bits;
                    n += 1;
                } else {
                    second += bits;
                }
            }
            m.update(0, s);
        }
        assert_eq!(m.streams[0].record_length.length(), Some(len));
        let (first, second) = (first / n as f64, second / n as f64);
        assert!(first < 3.9 && second < 2.5, "{first} {second} bits");
    }
}
