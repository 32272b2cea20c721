//! `.dz` files: any file compressed by a model-based compressor, streamed so memory stays
//! bounded by the model and fixed buffers (for the count models and neural models with B = 1),
//! written under a temporary name and renamed only when complete (`atomic_file`); with
//! `verify`, a compress run decodes its output and compares it with the input first.

mod decode;
mod input;
mod prior_notice;
mod run_settings;
mod same_as;

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};

use crate::atomic_file::AtomicFile;
use crate::coding::container::Header;
use crate::driver::{self, EncodeError};
use crate::model_spec::predictor::Limits;
use crate::model_spec::versions::written_version;
use crate::model_spec::ModelSpec;
use crate::predict::bits::Values;
use crate::predict::{Predictor, Run};
use crate::replay::Fingerprints;
use decode::{decode_into, not_replayable_hint};
use input::{open_input, progress, scan};
pub use run_settings::Settings;
use same_as::SameAs;

/// What a compress or decompress did.
pub struct Summary {
    pub original_bytes: u64,
    pub compressed_bytes: u64,
    pub seconds: f64,
}

impl Summary {
    /// One line for the user: sizes, bits per byte, ratio, time and speed.
    pub fn describe(&self, verb: &str) -> String {
        let bps = 8.0 * self.compressed_bytes as f64 / self.original_bytes.max(1) as f64;
        format!(
            "{verb}: {} bytes <-> {} bytes ({bps:.4} bits/byte, ratio {:.3}) in {:.2} s ({:.0} symbols/s)",
            self.original_bytes,
            self.compressed_bytes,
            self.original_bytes as f64 / self.compressed_bytes.max(1) as f64,
            self.seconds,
            self.original_bytes as f64 / self.seconds.max(1e-9)
        )
    }
}

/// Compresses `input` into `output` with `spec`; `full_alphabet` keeps all 256 byte values
/// instead of the ones that occur. With `verify` the output is decoded and compared with the
/// input before it takes its name (and an outside predictor's tables are checked step by
/// step against the compress run's, to name where a replay first differs).
pub fn compress(
    spec: &ModelSpec,
    seed: u64,
    full_alphabet: bool,
    input: &Path,
    mut output: AtomicFile,
    settings: Settings,
    verify: bool,
) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let (mut file, _) = open_input(input)?;
    let (mut seen, length, crc32) = scan(&mut file)?;
    if full_alphabet {
        seen = [true; 256];
    }
    let map = generators::occurring_values(&seen);
    let symbol_of = generators::symbol_table(&map);
    let m = map.len();
    spec.check_memory(m).map_err(anyhow::Error::msg)?;
    let run = Run {
        alphabet: m,
        values: Values::of(&map),
        length,
        seed,
        decompress: false,
    };
    let name = input.display().to_string();
    prior_notice::prepare_prior(spec, m, settings, &name, "training")?;
    let weights = prior_notice::train_on_input(spec, &mut file, &symbol_of, run, settings, &name)?;
    let mut model = spec.predictor(run, settings.threads, &weights)?;
    // An outside process's header records what it announced.
    let spec_line = match (spec, model.outside().map(|o| o.announced())) {
        (ModelSpec::External(e), Some(said)) => {
            ModelSpec::External(e.announced_as(&said.name, &said.version)).spec_line()
        }
        _ => spec.spec_line(),
    };
    let header = Header {
        version: written_version(&spec_line),
        spec: spec_line,
        seed,
        map,
        length,
        crc32,
        weights,
    };
    let mut fingerprints = (verify && model.outside().is_some()).then(Fingerprints::new);
    let written = {
        let stream = Stream {
            model: model.as_mut(),
            alphabet: m,
            symbol_of: &symbol_of,
            quiet: settings.quiet,
        };
        stream.write(&header, &mut file, output.file(), fingerprints.as_mut())?
    };
    drop(model);
    if verify {
        let reference = (spec, fingerprints.as_ref());
        check_decodes(&mut file, &mut output, written, settings, reference)?;
    }
    output.commit()?;
    Ok(Summary {
        original_bytes: length,
        compressed_bytes: written,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// What codes a file's bytes: the model, the symbol of each byte value, and whether to show
/// progress.
struct Stream<'a> {
    model: &'a mut dyn Predictor,
    alphabet: usize,
    symbol_of: &'a [u8; 256],
    quiet: bool,
}

impl Stream<'_> {
    /// Writes `header` and the coded bytes of `file` (`header.length` bytes from its start) to
    /// `out`; returns the bytes written.
    fn write(
        self,
        header: &Header,
        file: &mut File,
        out: &mut File,
        fingerprints: Option<&mut Fingerprints>,
    ) -> anyhow::Result<u64> {
        let n = usize::try_from(header.length).context("input too large for this machine")?;
        let mut out = BufWriter::new(out);
        let head = header.to_bytes();
        out.write_all(&head)?;
        let mut written = head.len() as u64;
        let bar = progress(header.length, self.quiet, "compress");
        // One stream reads the file as it goes; several need random access, so they hold it.
        let whole: Option<Vec<u8>> = if self.model.streams() > 1 {
            let mut all = Vec::with_capacity(n);
            file.read_to_end(&mut all)?;
            Some(all)
        } else {
            None
        };
        let symbol_of = self.symbol_of;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        driver::encode(
            self.model,
            self.alphabet,
            n,
            |parts, t, step| {
                match &whole {
                    Some(all) => {
                        for (b, s) in step.iter_mut().enumerate() {
                            *s = symbol_of[all[parts.index(b, t)] as usize];
                        }
                    }
                    None => {
                        let mut byte = [0u8];
                        reader.read_exact(&mut byte)?;
                        step[0] = symbol_of[byte[0] as usize];
                    }
                }
                if let Some(bar) = &bar {
                    if t % 65536 == 0 {
                        bar.set_position((t * parts.streams) as u64);
                    }
                }
                Ok(())
            },
            |coded| {
                written += coded.len() as u64;
                out.write_all(coded)
            },
            None,
            fingerprints,
        )
        .map_err(|e| match e {
            EncodeError::Io(e) => {
                anyhow::Error::new(e).context("cannot write the compressed stream")
            }
            EncodeError::Predictor(e) => anyhow::Error::new(e),
        })?;
        out.flush()
            .with_context(|| "cannot write the compressed stream")?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok(written)
    }
}

/// Decodes the `written` bytes of `output` and compares them with `input`, before the output
/// takes its name (an outside predictor's tables checked step by step against `reference`'s
/// fingerprints).
fn check_decodes(
    input: &mut File,
    output: &mut AtomicFile,
    written: u64,
    settings: Settings,
    reference: (&ModelSpec, Option<&Fingerprints>),
) -> anyhow::Result<()> {
    let name = output.name();
    input.rewind()?;
    let mut written_file = output.file().try_clone()?;
    written_file.rewind()?;
    let reader = BufReader::with_capacity(1 << 16, written_file);
    let mut same = SameAs::new(BufReader::new(input));
    let spec = reference.0;
    decode_into(&name, reader, written, &mut same, settings, reference)
        .with_context(|| format!("verification failed: {name} does not decode; nothing written"))?;
    if let Some(at) = same.differs {
        bail!(
            "verification failed: {name} decodes to other bytes than the input (first \
             difference at byte {at}){}; nothing written",
            not_replayable_hint(spec)
        );
    }
    Ok(())
}

/// Decompresses `input` into `output`, checking the checksum before the output takes its
/// name; a neural model runs on `threads` threads. A file written by an outside predictor
/// needs the user's `predictor` command (never one from the file), whose process must
/// announce the name and version the header records, within the limits given.
pub fn decompress(
    input: &Path,
    mut output: AtomicFile,
    settings: Settings,
    predictor: Option<(&str, Limits)>,
) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let (file, total) = open_input(input)?;
    let name = input.display().to_string();
    let header = {
        let mut out = BufWriter::new(output.file());
        let header = decode_into(
            &name,
            BufReader::with_capacity(1 << 16, file),
            total,
            &mut out,
            settings,
            predictor,
        )?;
        out.flush().context("cannot write the output")?;
        header
    };
    output.commit()?;
    Ok(Summary {
        original_bytes: header.length,
        compressed_bytes: total,
        seconds: start.elapsed().as_secs_f64(),
    })
}
