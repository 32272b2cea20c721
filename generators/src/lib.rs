//! Synthetic sources whose entropy rate is known exactly, so a compressor's gap to the optimum
//! can be read off directly. Every source is deterministic from (spec, length, seed): the same
//! triple gives the same bytes forever (pinned by golden hashes in the tests). One byte holds
//! one symbol.

mod byte_alphabet;
mod counter;
mod entropy;
mod error;
mod file;
mod iid;
mod lagged_fibonacci;
mod markov;
mod repeats;

pub use byte_alphabet::{occurring_values, symbol_table};
pub use counter::{Counter, SEPARATOR};
pub use entropy::{binary_entropy_bits, empirical_entropy_bits, entropy_bits};
pub use error::SourceError;
pub use file::{FileAlphabet, FileSource};
pub use iid::Iid;
pub use lagged_fibonacci::LaggedFibonacci;
pub use markov::Markov;
pub use repeats::Repeats;

use rand::SeedableRng;
use rand_pcg::Pcg64;

/// Any source the harness can generate.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Iid(Iid),
    Markov(Markov),
    LaggedFibonacci(LaggedFibonacci),
    Counter(Counter),
    Repeats(Repeats),
    File(FileSource),
}

impl Source {
    /// Kind name as written in the experiment YAML.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Iid(_) => "iid",
            Source::Markov(_) => "markov",
            Source::LaggedFibonacci(_) => "lagged_fibonacci",
            Source::Counter(_) => "counter",
            Source::Repeats(_) => "repeats",
            Source::File(_) => "file",
        }
    }

    /// Parameters as `key=value` pairs separated by spaces, stable across versions.
    pub fn params(&self) -> String {
        match self {
            Source::Iid(s) => {
                let probs: Vec<String> = s.probs().iter().map(|p| p.to_string()).collect();
                format!("probs=[{}]", probs.join(","))
            }
            Source::Markov(s) => {
                format!("M={} k={} noise={}", s.alphabet(), s.k(), s.noise())
            }
            Source::LaggedFibonacci(s) => format!("M={} j={} k={}", s.alphabet(), s.j(), s.k()),
            Source::Counter(s) => format!("width={}", s.width()),
            Source::Repeats(s) => format!(
                "M={} L={} K={} q={}",
                s.alphabet(),
                s.block(),
                s.recall(),
                s.copy()
            ),
            Source::File(s) => {
                let path = s.path().display();
                match s.file_alphabet() {
                    FileAlphabet::Size(m) => format!("path={path} alphabet={m}"),
                    FileAlphabet::Auto if s.alphabet() <= 16 => {
                        let values: Vec<String> = s.values().iter().map(u8::to_string).collect();
                        format!("path={path} alphabet=auto values=[{}]", values.join(","))
                    }
                    FileAlphabet::Auto => {
                        format!("path={path} alphabet=auto values={}", s.alphabet())
                    }
                }
            }
        }
    }

    /// A short label for tables and plots, e.g. `markov-20`, `markov-20-p0.1`, `lfib-31-13`.
    pub fn label(&self) -> String {
        let m_suffix = |m: usize| {
            if m == 2 {
                String::new()
            } else {
                format!("-M{m}")
            }
        };
        match self {
            Source::Iid(s) => format!("iid-M{}", s.alphabet()),
            Source::Markov(s) if s.noise() > 0.0 => {
                format!("markov-{}-p{}{}", s.k(), s.noise(), m_suffix(s.alphabet()))
            }
            Source::Markov(s) => format!("markov-{}{}", s.k(), m_suffix(s.alphabet())),
            Source::LaggedFibonacci(s) => {
                format!("lfib-{}-{}{}", s.k(), s.j(), m_suffix(s.alphabet()))
            }
            Source::Counter(s) => format!("counter-{}", s.width()),
            Source::Repeats(s) => format!(
                "repeats-M{}-L{}-K{}-q{}",
                s.alphabet(),
                s.block(),
                s.recall(),
                s.copy()
            ),
            Source::File(s) => {
                let name = s.path().file_name().unwrap_or_default().to_string_lossy();
                match s.file_alphabet() {
                    FileAlphabet::Auto => format!("file-{name}"),
                    FileAlphabet::Size(m) => format!("file-{name}-M{m}"),
                }
            }
        }
    }

    /// Alphabet size M; symbols are 0..M.
    pub fn alphabet(&self) -> usize {
        match self {
            Source::Iid(s) => s.alphabet(),
            Source::Markov(s) => s.alphabet(),
            Source::LaggedFibonacci(s) => s.alphabet(),
            Source::Counter(s) => s.alphabet(),
            Source::Repeats(s) => s.alphabet(),
            Source::File(s) => s.alphabet(),
        }
    }

    /// Exact entropy rate in bits per symbol; `None` where it is unknown (files).
    pub fn entropy_rate_bps(&self) -> Option<f64> {
        match self {
            Source::Iid(s) => Some(s.entropy_rate_bps()),
            Source::Markov(s) => Some(s.entropy_rate_bps()),
            Source::LaggedFibonacci(_) | Source::Counter(_) => Some(0.0),
            Source::Repeats(s) => Some(s.entropy_rate_bps()),
            Source::File(_) => None,
        }
    }

    /// The number of leading symbols drawn at random before the recurrence takes over; a
    /// length must exceed it for the source to show its structure.
    pub fn warmup(&self) -> usize {
        match self {
            Source::Markov(s) => s.k(),
            Source::LaggedFibonacci(s) => s.k(),
            Source::Repeats(s) => s.warmup(),
            _ => 0,
        }
    }

    /// `len` symbols from a PCG64 stream seeded with `seed`.
    pub fn generate(&self, len: usize, seed: u64) -> Result<Vec<u8>, SourceError> {
        let mut rng = Pcg64::seed_from_u64(seed);
        Ok(match self {
            Source::Iid(s) => s.generate(len, &mut rng),
            Source::Markov(s) => s.generate(len, &mut rng),
            Source::LaggedFibonacci(s) => s.generate(len, &mut rng),
            Source::Counter(s) => s.generate(len),
            Source::Repeats(s) => s.generate(len, &mut rng),
            Source::File(s) => s.generate(len)?,
        })
    }
}

#[cfg(test)]
mod tests;
