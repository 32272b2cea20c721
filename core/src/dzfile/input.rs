//! The input of a compress run, and the progress bar of both directions: a file or stdin
//! opened for two passes, scanned for its byte values, length and CRC32.

use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

/// Inputs over this many bytes get a progress bar (unless quiet).
const PROGRESS_MIN_BYTES: u64 = 4 << 20;

/// A readable, seekable copy of the input: the file itself, or stdin spooled to a temporary
/// file (so two passes and bounded memory work for pipes too).
pub(super) fn open_input(path: &Path) -> anyhow::Result<(File, u64)> {
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

pub(super) fn progress(total: u64, quiet: bool, verb: &str) -> Option<ProgressBar> {
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
pub(super) fn scan(file: &mut File) -> anyhow::Result<([bool; 256], u64, u32)> {
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
