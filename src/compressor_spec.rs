//! Compressor specs: a validated description of one compressor, which builds its `Codec` for
//! a given alphabet and seed. The model-based ones are the core crate's `ModelSpec`; the
//! classic libraries and command-line compressors are the harness's.

use crate::classic::{Classic, ClassicCodec};
use crate::packing::pack_bits_for;
use crate::peer::{CommandCodec, CommandSpec};
use deepzip_core::codec::Codec;
use deepzip_core::model_spec::ModelSpec;

#[derive(Debug, Clone, PartialEq)]
pub enum CompressorSpec {
    /// `pack`: bit-pack small alphabets before compressing.
    Classic {
        kind: Classic,
        level: i64,
        pack: bool,
    },
    /// A predictor driving the range coder: order-k counts, a recurrent model or the
    /// Transformer.
    Model(ModelSpec),
    /// A command-line compressor run as a child process.
    Command(CommandSpec),
}

/// The label suffix of a classical compressor on one byte per symbol (`xz-9-bytes`), beside
/// its packed form (`xz-9`).
const BYTES: &str = "-bytes";

/// The label of a classical compressor's packed form where `label` is its one-byte-per-symbol
/// form; `None` for any other label.
pub fn packed_form(label: &str) -> Option<&str> {
    label.strip_suffix(BYTES)
}

/// The label of the same classical compressor in its other encoding (`xz-9` and
/// `xz-9-bytes`).
pub fn other_encoding(label: &str) -> String {
    match packed_form(label) {
        Some(packed) => packed.to_string(),
        None => format!("{label}{BYTES}"),
    }
}

impl CompressorSpec {
    /// This compressor for a job on `source` (a prior's family, a restart's segment
    /// length); an error where `source` cannot give them.
    pub fn for_source(&self, source: &generators::Source) -> Result<CompressorSpec, String> {
        Ok(match self {
            CompressorSpec::Model(m) => CompressorSpec::Model(m.for_source(source)?),
            other => other.clone(),
        })
    }

    /// Column name in tables: the kind plus what distinguishes it in a grid.
    pub fn label(&self) -> String {
        match self {
            CompressorSpec::Classic { kind, level, pack } => {
                let raw = if *pack { "" } else { BYTES };
                format!("{}-{level}{raw}", kind.name())
            }
            CompressorSpec::Model(m) => m.label(),
            CompressorSpec::Command(c) => c.name.clone(),
        }
    }

    /// Every setting, as `key=value` pairs.
    pub fn params(&self) -> String {
        match self {
            CompressorSpec::Classic { level, pack, .. } => format!("level={level} pack={pack}"),
            CompressorSpec::Model(m) => m.params(),
            CompressorSpec::Command(c) => {
                let encoding = if c.packed { "packed" } else { "bytes" };
                let mut words = vec![
                    format!("compress=\"{}\"", c.compress),
                    format!("decompress=\"{}\"", c.decompress),
                    format!("encoding={encoding} timeout={}", c.timeout_s),
                ];
                words.extend(c.env.iter().map(|(k, v)| format!("env.{k}=\"{v}\"")));
                words.join(" ")
            }
        }
    }

    /// The YAML kind of this compressor.
    pub fn kind(&self) -> &'static str {
        match self {
            CompressorSpec::Classic { kind, .. } => kind.name(),
            CompressorSpec::Model(m) => m.kind(),
            CompressorSpec::Command(_) => "command",
        }
    }

    /// `kind key=value …` with the YAML field names (for a model, what a `.dz` header
    /// stores).
    pub fn spec_line(&self) -> String {
        match self {
            CompressorSpec::Model(m) => m.spec_line(),
            _ => format!("{} {}", self.kind(), self.params()),
        }
    }

    /// Relative cost per symbol, for ordering and balancing jobs (1 = a classic compressor).
    pub fn cost_per_symbol(&self) -> f64 {
        match self {
            CompressorSpec::Classic { .. } => 1.0,
            // Unknown: as dear as a small neural model, so these start early.
            CompressorSpec::Command(_) => 100.0,
            CompressorSpec::Model(m) => m.cost_per_symbol(),
        }
    }

    /// An error unless a model-based compressor's model fits in memory (see
    /// `ModelSpec::check_memory`).
    pub fn check_memory(&self, alphabet: usize) -> Result<(), String> {
        match self {
            CompressorSpec::Model(m) => m.check_memory(alphabet),
            _ => Ok(()),
        }
    }

    /// A neural model's estimated state in bytes.
    pub fn model_bytes(&self, alphabet: usize) -> Option<u64> {
        match self {
            CompressorSpec::Model(m) => m.model_bytes(alphabet),
            _ => None,
        }
    }

    /// The codec for a source with `alphabet` symbols; `seed` initialises any model, which
    /// runs on `threads` threads.
    pub fn build(&self, alphabet: usize, seed: u64, threads: usize) -> Box<dyn Codec> {
        self.build_in_segments(alphabet, seed, threads, None)
    }

    /// `build` for a source redrawn every `segment` symbols: a model-based codec also
    /// averages its bits by position in the segment.
    pub fn build_in_segments(
        &self,
        alphabet: usize,
        seed: u64,
        threads: usize,
        segment: Option<usize>,
    ) -> Box<dyn Codec> {
        match self {
            &CompressorSpec::Classic { kind, level, pack } => Box::new(ClassicCodec {
                kind,
                level,
                pack_bits: if pack { pack_bits_for(alphabet) } else { None },
            }),
            CompressorSpec::Command(c) => Box::new(CommandCodec {
                spec: c.clone(),
                alphabet,
            }),
            CompressorSpec::Model(m) => m.build_in_segments(alphabet, seed, threads, segment),
        }
    }
}
