//! The report's "more complex pseudo-random generators", a ladder from easy to impossible:
//! one output bit per symbol (`bit: b`, M = 2) or the low byte of each 32-bit output (M = 256).
//! - `lcg`: x ← 1664525·x + 1013904223 mod 2^32 (Numerical Recipes); its bit b has period
//!   2^(b+1).
//! - `xorshift`: Marsaglia's xorshift128 (rand_xorshift), linear over GF(2) like Markov-k.
//! - `mt19937`: the Mersenne Twister (rand_mt), linear, 19,937 bits of state.
//! - `pcg32`: PCG-XSH-RR (rand_pcg), a nonlinear output permutation.
//! - `chacha8`: the ChaCha8 stream cipher (rand_chacha), the control: below 0.999 bits per
//!   symbol on it, a compressor has a bug.
//!
//! Each starts from bits drawn from the job's seed; their entropy rate is 0, and the oracle
//! knows the start: its code length is those bits, spent on the first symbol.

use rand::{Rng, RngCore, SeedableRng};
use rand_pcg::Pcg64;

use crate::error::{check_alphabet, SourceError};
use crate::yardsticks::{Tally, Yardsticks};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Generator {
    Lcg,
    Xorshift,
    Mt19937,
    Pcg32,
    Chacha8,
}

impl Generator {
    pub const ALL: [Generator; 5] = [
        Generator::Lcg,
        Generator::Xorshift,
        Generator::Mt19937,
        Generator::Pcg32,
        Generator::Chacha8,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Generator::Lcg => "lcg",
            Generator::Xorshift => "xorshift",
            Generator::Mt19937 => "mt19937",
            Generator::Pcg32 => "pcg32",
            Generator::Chacha8 => "chacha8",
        }
    }

    pub fn from_name(name: &str) -> Option<Generator> {
        Generator::ALL.into_iter().find(|g| g.name() == name)
    }

    /// The random bits that name a start.
    pub fn seed_bits(self) -> u32 {
        match self {
            Generator::Lcg | Generator::Mt19937 => 32,
            Generator::Xorshift => 128,
            Generator::Pcg32 => 127,
            Generator::Chacha8 => 256,
        }
    }
}

/// What each symbol takes of a 32-bit output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Output {
    /// Bit b (0 = least significant): M = 2.
    Bit(u32),
    /// The low byte: M = 256.
    LowByte,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prng {
    generator: Generator,
    output: Output,
}

/// The 32-bit outputs of one generator.
enum Words {
    Lcg(u32),
    Xorshift(rand_xorshift::XorShiftRng),
    Mt(Box<rand_mt::Mt>),
    Pcg(rand_pcg::Pcg32),
    Chacha(Box<rand_chacha::ChaCha8Rng>),
}

impl Words {
    fn start(generator: Generator, rng: &mut Pcg64) -> Words {
        match generator {
            Generator::Lcg => Words::Lcg(rng.random()),
            Generator::Xorshift => {
                // xorshift128's state must not be all zeros.
                let mut seed = [0u8; 16];
                while seed.iter().all(|&b| b == 0) {
                    rng.fill_bytes(&mut seed);
                }
                Words::Xorshift(rand_xorshift::XorShiftRng::from_seed(seed))
            }
            Generator::Mt19937 => Words::Mt(Box::new(rand_mt::Mt::new(rng.random()))),
            Generator::Pcg32 => Words::Pcg(rand_pcg::Pcg32::new(rng.random(), rng.random())),
            Generator::Chacha8 => {
                let mut seed = [0u8; 32];
                rng.fill_bytes(&mut seed);
                Words::Chacha(Box::new(rand_chacha::ChaCha8Rng::from_seed(seed)))
            }
        }
    }

    fn next(&mut self) -> u32 {
        match self {
            Words::Lcg(x) => {
                *x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                *x
            }
            Words::Xorshift(g) => g.next_u32(),
            Words::Mt(g) => g.next_u32(),
            Words::Pcg(g) => g.next_u32(),
            Words::Chacha(g) => g.next_u32(),
        }
    }
}

impl Prng {
    pub fn new(generator: Generator, output: Output) -> Result<Self, SourceError> {
        if let Output::Bit(b) = output {
            if b >= 32 {
                return Err(SourceError::invalid(
                    "bit",
                    format!(
                        "expected a bit 0..=31 of {}'s 32-bit outputs, got {b}",
                        generator.name()
                    ),
                ));
            }
        }
        Ok(Prng { generator, output })
    }

    /// From the YAML's words: `generator`, and `bit` or `alphabet` (2 with a bit, 256 for the
    /// low byte).
    pub fn parse(generator: &str, bit: Option<u32>, alphabet: usize) -> Result<Self, SourceError> {
        let g = Generator::from_name(generator).ok_or_else(|| {
            let names: Vec<&str> = Generator::ALL.iter().map(|g| g.name()).collect();
            SourceError::invalid(
                "generator",
                format!("expected one of {}, got `{generator}`", names.join(", ")),
            )
        })?;
        check_alphabet(alphabet)?;
        let output = match (bit, alphabet) {
            (Some(b), 2) => Output::Bit(b),
            (None, 256) => Output::LowByte,
            (None, 2) => Output::Bit(0),
            (Some(_), m) => {
                return Err(SourceError::invalid(
                    "alphabet",
                    format!("`bit` gives M = 2, got alphabet {m}"),
                ))
            }
            (None, m) => {
                return Err(SourceError::invalid(
                    "alphabet",
                    format!("expected 2 (one bit per symbol) or 256 (the low byte), got {m}"),
                ))
            }
        };
        Prng::new(g, output)
    }

    pub fn generator(&self) -> Generator {
        self.generator
    }

    pub fn output(&self) -> Output {
        self.output
    }

    pub fn alphabet(&self) -> usize {
        match self.output {
            Output::Bit(_) => 2,
            Output::LowByte => 256,
        }
    }

    pub fn generate(&self, len: usize, rng: &mut Pcg64) -> (Vec<u8>, Yardsticks) {
        let mut words = Words::start(self.generator, rng);
        let mut oracle = Tally::new(len);
        let symbols = (0..len)
            .map(|t| {
                oracle.add(if t == 0 {
                    self.generator.seed_bits() as f64
                } else {
                    0.0
                });
                let w = words.next();
                match self.output {
                    Output::Bit(b) => ((w >> b) & 1) as u8,
                    Output::LowByte => w as u8,
                }
            })
            .collect();
        let yardsticks = Yardsticks {
            entropy_rate_bps: None,
            oracle: Some(oracle.finish()),
            bayes: None,
        };
        (symbols, yardsticks)
    }
}
