//! `.dz` files: any file compressed by a model-based compressor, streamed so memory stays
//! bounded by the model and fixed buffers (for the count models and neural models with B = 1),
//! written under a temporary name and renamed only when complete.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::coding::container::Header;
use crate::driver::{self, DecodeError, EncodeError};
use crate::parts::Parts;
use crate::predict::Run;
use crate::spec::ModelSpec;

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

/// Where the output goes: a temporary file beside the target, renamed by `commit`, or stdout.
pub struct Output {
    target: Option<PathBuf>,
    tmp: Option<tempfile::NamedTempFile>,
}

impl Output {
    pub fn create(path: &Path, force: bool) -> anyhow::Result<Output> {
        if path == Path::new("-") {
            return Ok(Output {
                target: None,
                tmp: None,
            });
        }
        if path.exists() && !force {
            bail!(
                "{} already exists; pass --force to overwrite it",
                path.display()
            );
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".dz-partial-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(Output {
            target: Some(path.to_path_buf()),
            tmp: Some(tmp),
        })
    }

    fn writer(&mut self) -> anyhow::Result<Box<dyn Write + '_>> {
        Ok(match &mut self.tmp {
            Some(t) => Box::new(BufWriter::new(t.as_file_mut())),
            None => Box::new(BufWriter::new(io::stdout().lock())),
        })
    }

    /// Renames the finished file into place. Dropping an uncommitted output deletes it.
    fn commit(self) -> anyhow::Result<()> {
        if let (Some(tmp), Some(target)) = (self.tmp, self.target) {
            // Temporary files are private (0600); a result is an ordinary file.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
            tmp.persist(&target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    }
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

/// The distinct byte values of the input (at least two), its length and its CRC32.
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

/// Compresses `input` into `output` with `spec`; `full_alphabet` keeps all 256 byte values
/// instead of the ones that occur. A neural model runs on `threads` threads (not stored:
/// the output is the same for any count).
pub fn compress(
    spec: &ModelSpec,
    seed: u64,
    full_alphabet: bool,
    input: &Path,
    output: Output,
    (quiet, threads): (bool, usize),
) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let (mut file, _) = open_input(input)?;
    let (mut seen, length, crc32) = scan(&mut file)?;
    if full_alphabet {
        seen = [true; 256];
    }
    // The models need M >= 2: pad a one-valued (or empty) input with an unused value.
    for b in 0..=255u8 {
        if seen.iter().filter(|&&s| s).count() >= 2 {
            break;
        }
        seen[b as usize] = true;
    }
    let map: Vec<u8> = (0..=255u8).filter(|&b| seen[b as usize]).collect();
    let mut symbol_of = [0u8; 256];
    for (s, &b) in map.iter().enumerate() {
        symbol_of[b as usize] = s as u8;
    }
    let m = map.len();
    spec.check_memory(m).map_err(anyhow::Error::msg)?;
    let run = Run {
        alphabet: m,
        length,
        seed,
        decompress: false,
    };
    let mut model = spec.predictor(run, threads)?;
    let n = usize::try_from(length).context("input too large for this machine")?;
    // An outside process's header records what it announced.
    let spec_line = match (spec, model.announced()) {
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
    let mut output = output;
    let mut written = 0u64;
    {
        let mut out = output.writer()?;
        let head = header.to_bytes();
        out.write_all(&head)?;
        written += head.len() as u64;
        let bar = progress(length, quiet, "compress");
        let parts = Parts::new(n, model.streams());
        // One stream reads the file as it goes; several need random access, so they hold it.
        let whole: Option<Vec<u8>> = if parts.streams > 1 {
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
            |t, step| {
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
            None,
        )
        .map_err(|e| match e {
            EncodeError::Io(e) => {
                anyhow::Error::new(e).context("cannot write the compressed stream")
            }
            EncodeError::Predictor(e) => anyhow::Error::new(e),
        })?;
        out.flush()?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
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
/// announce the name and version the header records.
pub fn decompress(
    input: &Path,
    output: Output,
    (quiet, threads): (bool, usize),
    predictor: Option<&str>,
) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let (file, total) = open_input(input)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let (header, _) = Header::read(&mut reader, total)
        .with_context(|| format!("{} is not a valid .dz file", input.display()))?;
    let words: Vec<String> = header.spec.split_whitespace().map(String::from).collect();
    let mut spec = ModelSpec::from_words(&words)
        .with_context(|| format!("{}: unknown compressor in the header", input.display()))?;
    match (&mut spec, predictor) {
        (ModelSpec::External(e), Some(command)) => e.command = Some(command.to_string()),
        (ModelSpec::External(_), None) => {}
        (other, Some(_)) => bail!(
            "{}: written by `{}`, not by an outside predictor: leave out --predictor",
            input.display(),
            other.spec_line()
        ),
        (_, None) => {}
    }
    let m = header.alphabet();
    spec.check_memory(m)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let run = Run {
        alphabet: m,
        length: header.length,
        seed: header.seed,
        decompress: true,
    };
    let mut model = spec
        .predictor(run, threads)
        .with_context(|| format!("{}", input.display()))?;
    let n = header.length as usize;
    let parts = Parts::new(n, model.streams());
    let mut output = output;
    let mut crc = crc32fast::Hasher::new();
    {
        let mut out = output.writer()?;
        let bar = progress(header.length, quiet, "decompress");
        let mut whole = if parts.streams > 1 {
            vec![0u8; n]
        } else {
            Vec::new()
        };
        let result = driver::decode(
            model.as_mut(),
            m,
            n,
            &mut reader,
            |t, step| {
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
            None,
        );
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        match result {
            Ok(()) => {}
            Err(DecodeError::Container(e)) => {
                return Err(e).with_context(|| format!("{}: cannot decode", input.display()))
            }
            Err(DecodeError::Io(e)) => return Err(e).context("cannot write the output"),
            Err(DecodeError::Predictor(e)) => {
                return Err(e).with_context(|| format!("{}: cannot decode", input.display()))
            }
            Err(DecodeError::NotReplayable(d)) => {
                return Err(d).with_context(|| format!("{}: cannot decode", input.display()))
            }
        }
        if parts.streams > 1 {
            crc.update(&whole);
            out.write_all(&whole)?;
        }
        out.flush()?;
    }
    header
        .verify(crc.finalize())
        .with_context(|| format!("{}: nothing written", input.display()))?;
    output.commit()?;
    Ok(Summary {
        original_bytes: header.length,
        compressed_bytes: total,
        seconds: start.elapsed().as_secs_f64(),
    })
}
