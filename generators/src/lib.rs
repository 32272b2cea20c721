//! Synthetic sources whose entropy rate is known exactly, so a compressor's gap to the optimum
//! can be read off directly, and sources drawn from a prior (random Markov chains, hidden
//! Markov sources) and pseudo-random generators, each with its yardsticks (`yardsticks`): the
//! oracle's code length of the very sequence generated and, where the family has one, the
//! Bayes-optimal learner's. Every source is deterministic from (spec, length, seed): the same
//! triple gives the same bytes forever (pinned by golden hashes in the tests). One byte holds
//! one symbol.

mod byte_alphabet;
mod counter;
pub mod curve;
mod dirichlet;
mod entropy;
mod error;
mod file;
mod hmm;
mod iid;
mod lagged_fibonacci;
mod markov;
pub mod markov_chain;
pub mod math;
mod oracle;
mod params;
pub mod pretraining;
pub mod prng;
mod repeats;
mod stationary;
pub mod yardsticks;

pub use byte_alphabet::{occurring_values, symbol_table};
pub use counter::{Counter, SEPARATOR};
pub use entropy::{binary_entropy_bits, empirical_entropy_bits, entropy_bits};
pub use error::SourceError;
pub use file::{FileAlphabet, FileSource};
pub use hmm::{Hmm, HmmModel};
pub use iid::Iid;
pub use lagged_fibonacci::LaggedFibonacci;
pub use markov::Markov;
pub use markov_chain::MarkovChain;
pub use prng::Prng;
pub use repeats::Repeats;
pub use yardsticks::{Yardstick, Yardsticks};

use rand::SeedableRng;
use rand_pcg::Pcg64;

/// What a source drew from its prior for one sequence.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawn {
    /// A random chain's rows, one chain per segment, with the symbols each generated.
    Chains(Vec<(markov_chain::Chain, usize)>),
    Hmm(HmmModel),
    Nothing,
}

/// Any source the harness can generate.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Iid(Iid),
    Markov(Markov),
    LaggedFibonacci(LaggedFibonacci),
    Counter(Counter),
    Repeats(Repeats),
    MarkovChain(MarkovChain),
    Hmm(Hmm),
    Prng(Prng),
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
            Source::MarkovChain(_) => "markov_chain",
            Source::Hmm(_) => "hmm",
            Source::Prng(_) => "prng",
            Source::File(_) => "file",
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
                format!(
                    "markov-{}-p{}{}",
                    s.k(),
                    number(s.noise()),
                    m_suffix(s.alphabet())
                )
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
                number(s.copy())
            ),
            Source::MarkovChain(s) => {
                let alpha = match s.alpha() {
                    0.5 => String::new(),
                    a => format!("-a{}", number(a)),
                };
                let resample = s.resample().map_or(String::new(), |l| format!("-L{l}"));
                format!("chain-M{}-k{}{alpha}{resample}", s.alphabet(), s.order())
            }
            Source::Hmm(s) => format!(
                "hmm-S{}-M{}-a{}-b{}",
                s.states(),
                s.alphabet(),
                number(s.alpha()),
                number(s.beta())
            ),
            Source::Prng(s) => match s.output() {
                prng::Output::Bit(b) => format!("{}-bit{b}", s.generator().name()),
                prng::Output::LowByte => format!("{}-byte", s.generator().name()),
            },
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
            Source::MarkovChain(s) => s.alphabet(),
            Source::Hmm(s) => s.alphabet(),
            Source::Prng(s) => s.alphabet(),
            Source::File(s) => s.alphabet(),
        }
    }

    /// Exact entropy rate in bits per symbol; `None` where it is unknown (files, hidden
    /// Markov sources) or depends on what the seed draws (a random chain: its yardsticks
    /// have it).
    pub fn entropy_rate_bps(&self) -> Option<f64> {
        match self {
            Source::Iid(s) => Some(s.entropy_rate_bps()),
            Source::Markov(s) => Some(s.entropy_rate_bps()),
            Source::LaggedFibonacci(_) | Source::Counter(_) | Source::Prng(_) => Some(0.0),
            Source::Repeats(s) => Some(s.entropy_rate_bps()),
            Source::MarkovChain(_) | Source::Hmm(_) | Source::File(_) => None,
        }
    }

    /// Symbols per segment of a source redrawn every L symbols (`resample: L`); `None` for
    /// the others.
    pub fn segment(&self) -> Option<usize> {
        match self {
            Source::MarkovChain(s) => s.resample(),
            _ => None,
        }
    }

    /// The number of leading symbols drawn at random before the recurrence takes over; a
    /// length must exceed it for the source to show its structure.
    pub fn warmup(&self) -> usize {
        match self {
            Source::Markov(s) => s.k(),
            Source::LaggedFibonacci(s) => s.k(),
            Source::Repeats(s) => s.warmup(),
            Source::MarkovChain(s) => s.order(),
            _ => 0,
        }
    }

    /// Whether this sequence's oracle agrees with the source's entropy rate
    /// (`Yardsticks::mixed`); `None` where either is unknown.
    pub fn mixed(&self, yardsticks: &Yardsticks) -> Option<bool> {
        yardsticks.mixed(self.entropy_rate_bps(), self.warmup(), self.alphabet())
    }

    /// `len` symbols from a PCG64 stream seeded with `seed`.
    pub fn generate(&self, len: usize, seed: u64) -> Result<Vec<u8>, SourceError> {
        Ok(self.generate_measured(len, seed)?.0)
    }

    /// `len` symbols from a PCG64 stream seeded with `seed`, with their yardsticks.
    pub fn generate_measured(
        &self,
        len: usize,
        seed: u64,
    ) -> Result<(Vec<u8>, Yardsticks), SourceError> {
        let (symbols, yardsticks, _) = self.generate_described(len, seed)?;
        Ok((symbols, yardsticks))
    }

    /// `len` symbols from a PCG64 stream seeded with `seed`, with their yardsticks and what
    /// the source drew for them.
    pub fn generate_described(
        &self,
        len: usize,
        seed: u64,
    ) -> Result<(Vec<u8>, Yardsticks, Drawn), SourceError> {
        self.generate_from(len, Pcg64::seed_from_u64(seed))
    }

    /// Sequence `index` of `len` symbols of a prior's training set (`seed`: the prior's), from
    /// the pretraining stream (`pretraining::rng`), which no job draws from.
    pub fn generate_for_pretraining(
        &self,
        len: usize,
        seed: u64,
        index: u64,
    ) -> Result<Vec<u8>, SourceError> {
        Ok(self.generate_from(len, pretraining::rng(seed, index))?.0)
    }

    /// `len` symbols drawn with `rng`, with their yardsticks and what the source drew.
    fn generate_from(
        &self,
        len: usize,
        mut rng: Pcg64,
    ) -> Result<(Vec<u8>, Yardsticks, Drawn), SourceError> {
        let oracle_only = |symbols: Vec<u8>, oracle| {
            let yardsticks = Yardsticks {
                oracle: Some(oracle),
                ..Yardsticks::default()
            };
            (symbols, yardsticks, Drawn::Nothing)
        };
        Ok(match self {
            Source::Iid(s) => {
                let symbols = s.generate(len, &mut rng);
                let o = oracle::iid(s, &symbols);
                oracle_only(symbols, o)
            }
            Source::Markov(s) => {
                let symbols = s.generate(len, &mut rng);
                let o = oracle::markov(s, &symbols);
                oracle_only(symbols, o)
            }
            Source::LaggedFibonacci(s) => {
                let symbols = s.generate(len, &mut rng);
                let o = oracle::lagged_fibonacci(s, &symbols);
                oracle_only(symbols, o)
            }
            Source::Counter(s) => {
                let symbols = s.generate(len);
                let o = oracle::counter(&symbols);
                oracle_only(symbols, o)
            }
            Source::Repeats(s) => {
                let (symbols, copies) = s.generate_blocks(len, &mut rng);
                let o = oracle::repeats(s, &symbols, &copies);
                oracle_only(symbols, o)
            }
            Source::MarkovChain(s) => {
                let g = s.generate(len, &mut rng);
                (g.symbols, g.yardsticks, Drawn::Chains(g.chains))
            }
            Source::Hmm(s) => {
                let (symbols, yardsticks, model) = s.generate(len, &mut rng);
                (symbols, yardsticks, Drawn::Hmm(model))
            }
            Source::Prng(s) => {
                let (symbols, yardsticks) = s.generate(len, &mut rng);
                (symbols, yardsticks, Drawn::Nothing)
            }
            Source::File(s) => (s.generate(len)?, Yardsticks::default(), Drawn::Nothing),
        })
    }
}

/// A number in its shortest form that reads back to the same f64: plain decimals where they
/// are no longer than the exponent form (`0.5`, `0.01`), else the exponent form (`1e-300`,
/// `1e-3`), so labels and file names stay short whatever the value.
pub fn number(x: f64) -> String {
    let (plain, exponent) = (x.to_string(), format!("{x:e}"));
    if exponent.len() < plain.len() {
        exponent
    } else {
        plain
    }
}

#[cfg(test)]
mod peaky_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod yardstick_tests;
