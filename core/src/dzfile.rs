//! `.dz` files: any file compressed by a model-based compressor, streamed so memory stays
//! bounded by the model and fixed buffers (for the count models and neural models with B = 1),
//! written under a temporary name and renamed only when complete (`atomic_file`); with
//! `verify`, a compress run decodes its output and compares it with the input first.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::atomic_file::AtomicFile;
use crate::coding::container::Header;
use crate::driver::{self, DecodeError, EncodeError};
use crate::model_spec::external::Limits;
use crate::model_spec::ModelSpec;
use crate::predict::Run;
use crate::replay::{Fingerprints, Replay};
use crate::same_as::SameAs;

/// Inputs over this many bytes get a progress bar (unless quiet).
const PROGRESS_MIN_BYTES: u64 = 4 << 20;

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

/// A readable, seekable copy of the input: the file itself, or stdin spooled to a temporary
/// file (so two passes and bounded memory work for pipes too).
fn open_input(path: &Path) -> anyhow::Result<(File, u64)> {
    let mut file = if path == Path::new("-") {
        let mut spool = tempfile::tempfile().context("cannot create a temporary file for stdin")?;
        io::copy(&mut io::stdin().lock(), &mut spool).context("cannot read stdin")?;
        spool.rewind()?;
        spool
    } else {
        File::open(path).with_context(|| format!("cannot open {}", path.display()))?
    };
    let len = file.seek(io::SeekFrom::End(0))?;
    file.rewind()?;
    Ok((file, len))
}

fn progress(total: u64, quiet: bool, verb: &str) -> Option<ProgressBar> {
    if quiet || total < PROGRESS_MIN_BYTES || !io::IsTerminal::is_terminal(&io::stderr()) {
        return None;
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{verb} [{{bar:30}}] {{percent:>3}}% {{per_sec}} symbols, eta {{eta}}"
        ))
        .expect("template is valid")
        .progress_chars("=> "),
    );
    Some(bar)
}

/// The byte values that occur in the input, its length and its CRC32.
fn scan(file: &mut File) -> anyhow::Result<([bool; 256], u64, u32)> {
    let mut seen = [false; 256];
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        buf[..n].iter().for_each(|&b| seen[b as usize] = true);
        crc.update(&buf[..n]);
        len += n as u64;
    }
    file.rewind()?;
    Ok((seen, len, crc.finalize()))
}

/// How a compress or decompress run goes; nothing of it is stored, and the bits are the
/// same for any setting.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// No progress bar.
    pub quiet: bool,
    /// Threads of a neural model.
    pub threads: usize,
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
        length,
        seed,
        decompress: false,
    };
    let mut model = spec.predictor(run, settings.threads)?;
    let n = usize::try_from(length).context("input too large for this machine")?;
    // An outside process's header records what it announced.
    let spec_line = match (spec, model.outside().map(|o| o.announced())) {
        (ModelSpec::External(e), Some((name, version))) => {
            ModelSpec::External(e.announced_as(name, version)).spec_line()
        }
        _ => spec.spec_line(),
    };
    let header = Header {
        spec: spec_line,
        seed,
        map,
        length,
        crc32,
    };
    let mut written = 0u64;
    let mut fingerprints = (verify && model.outside().is_some()).then(Fingerprints::new);
    {
        let mut out = BufWriter::new(output.file());
        let head = header.to_bytes();
        out.write_all(&head)?;
        written += head.len() as u64;
        let bar = progress(length, settings.quiet, "compress");
        // One stream reads the file as it goes; several need random access, so they hold it.
        let whole: Option<Vec<u8>> = if model.streams() > 1 {
            let mut all = Vec::with_capacity(n);
            file.read_to_end(&mut all)?;
            Some(all)
        } else {
            None
        };
        let mut reader = BufReader::with_capacity(1 << 16, &mut file);
        driver::encode(
            model.as_mut(),
            m,
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
            fingerprints.as_mut(),
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
    }
    drop(model);
    if verify {
        let name = output.name();
        file.rewind()?;
        let mut written_file = output.file().try_clone()?;
        written_file.rewind()?;
        let reader = BufReader::with_capacity(1 << 16, written_file);
        let mut same = SameAs::new(BufReader::new(&mut file));
        decode_into(
            &name,
            reader,
            written,
            &mut same,
            settings,
            (spec, fingerprints.as_ref()),
        )
        .with_context(|| format!("verification failed: {name} does not decode; nothing written"))?;
        if let Some(at) = same.differs {
            bail!(
                "verification failed: {name} decodes to other bytes than the input (first \
                 difference at byte {at}){}; nothing written",
                not_replayable_hint(spec)
            );
        }
    }
    output.commit()?;
    Ok(Summary {
        original_bytes: length,
        compressed_bytes: written,
        seconds: start.elapsed().as_secs_f64(),
    })
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

/// What decoding needs besides the stream: the outside predictor's command and limits (the
/// user's, for `decompress`), or the spec that compressed and its tables' fingerprints (a
/// compress run's check).
trait Decoding {
    fn spec(&self, header: &Header, name: &str) -> anyhow::Result<ModelSpec>;
    fn reference(&self) -> Option<&Fingerprints> {
        None
    }
}

impl Decoding for Option<(&str, Limits)> {
    fn spec(&self, header: &Header, name: &str) -> anyhow::Result<ModelSpec> {
        let words: Vec<String> = header.spec.split_whitespace().map(String::from).collect();
        let spec = ModelSpec::from_words(&words)
            .with_context(|| format!("{name}: unknown compressor in the header"))?;
        Ok(match (spec, *self) {
            (ModelSpec::External(e), Some((command, limits))) => {
                let mut e = e.limited(limits);
                e.command = Some(command.to_string());
                ModelSpec::External(e)
            }
            (other @ ModelSpec::External(_), None) => other,
            (other, Some(_)) => bail!(
                "{name}: written by `{}`, not by an outside predictor: leave out --predictor",
                other.spec_line()
            ),
            (other, None) => other,
        })
    }
}

impl Decoding for (&ModelSpec, Option<&Fingerprints>) {
    fn spec(&self, _: &Header, _: &str) -> anyhow::Result<ModelSpec> {
        Ok(self.0.clone())
    }
    fn reference(&self) -> Option<&Fingerprints> {
        self.1
    }
}

/// Decodes the `.dz` stream of `reader` (`total` bytes, `name` in errors) into `out`, and
/// checks its CRC; its header.
fn decode_into(
    name: &str,
    mut reader: impl Read,
    total: u64,
    out: &mut dyn Write,
    settings: Settings,
    decoding: impl Decoding,
) -> anyhow::Result<Header> {
    let (header, _) = Header::read(&mut reader, total)
        .with_context(|| format!("{name} is not a valid .dz file"))?;
    let spec = decoding.spec(&header, name)?;
    let m = header.alphabet();
    spec.check_memory(m)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let run = Run {
        alphabet: m,
        length: header.length,
        seed: header.seed,
        decompress: true,
    };
    let mut model = spec
        .predictor(run, settings.threads)
        .with_context(|| name.to_string())?;
    let n = header.length as usize;
    let streams = model.streams();
    let mut crc = crc32fast::Hasher::new();
    let bar = progress(header.length, settings.quiet, "decompress");
    let mut whole = if streams > 1 {
        vec![0u8; n]
    } else {
        Vec::new()
    };
    let mut replay = decoding.reference().map(Replay::new);
    let result = driver::decode(
        model.as_mut(),
        m,
        n,
        &mut reader,
        |parts, t, step| {
            if parts.streams > 1 {
                for (b, &s) in step.iter().enumerate() {
                    whole[parts.index(b, t)] = header.map[s as usize];
                }
                return Ok(());
            }
            let byte = header.map[step[0] as usize];
            crc.update(&[byte]);
            if let Some(bar) = &bar {
                if t % 65536 == 0 {
                    bar.set_position(t as u64);
                }
            }
            out.write_all(&[byte])
        },
        replay.as_mut(),
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let hint = not_replayable_hint(&spec);
    match result {
        Ok(()) => {}
        Err(DecodeError::Io(e)) => return Err(e).context("cannot write the output"),
        Err(DecodeError::Container(e)) => {
            return Err(e).with_context(|| format!("{name}: cannot decode{hint}"))
        }
        Err(DecodeError::Predictor(e)) => {
            return Err(e).with_context(|| format!("{name}: cannot decode"))
        }
        Err(DecodeError::NotReplayable(d)) => {
            return Err(d).with_context(|| format!("{name}: cannot decode"))
        }
    }
    if streams > 1 {
        crc.update(&whole);
        out.write_all(&whole).context("cannot write the output")?;
    }
    header
        .verify(crc.finalize())
        .with_context(|| format!("{name}: nothing written{hint}"))?;
    Ok(header)
}

/// For a file of an outside predictor: what a decode failure of an intact file most likely
/// means. Empty for the built-in models, proven replayable by their tests.
fn not_replayable_hint(spec: &ModelSpec) -> String {
    match spec {
        ModelSpec::External(_) => " (the file may well be intact: most likely the predictor, \
                                   or its environment, computed other distributions than \
                                   when it compressed; check it replays with the same \
                                   inputs, seeds and library versions)"
            .into(),
        _ => String::new(),
    }
}
