//! The `.dz` container: everything a decoder needs besides the seed-replayed model, as bytes.
//! Every model-coded stream uses it, from a grid job or from `bench compress`. It frames bytes
//! and knows no model: the spec is handed over as written, with its format version.
//!
//! Layout (little-endian): magic `DZIP`, format version (u8), compressor spec (u16 length +
//! UTF-8, `kind key=value …`), seed (u64), alphabet map (u16 count M, then a u8 form: 0 when
//! symbol s is byte s, 1 when the M byte values that symbols 0..M stand for follow, strictly
//! increasing), original length in bytes (u64), CRC32 of the original bytes (u32); from
//! version 8, the weights section (u32 length, the bytes, their CRC32: what the model stores
//! of itself, handed over as written), from version 13 behind a byte that says whether it
//! follows (0: no section, 7 bytes fewer for a model that stores nothing); then the
//! range-coder payload. Every field is checked
//! before it is trusted; the length is bounded by what the payload can hold.
//!
//! What each format version means for the spec it holds, which version a spec is written
//! as, and how an older spec is read, is `model_spec::versions`, above this layer.

use std::io::Read;
use std::ops::RangeInclusive;

use super::range_coder::TOTAL_FREQ;

/// The format versions this build reads; the newest is the one it writes for specs that need
/// it (`model_spec::versions`).
pub const VERSIONS: RangeInclusive<u8> = 1..=13;

/// The first version with a weights section.
pub const WEIGHTS_SINCE: u8 = 8;
/// The first version whose weights section follows a byte saying whether it is there.
pub const FLAGGED_WEIGHTS_SINCE: u8 = 13;

pub const MAGIC: &[u8; 4] = b"DZIP";
/// Alphabet map forms.
const MAP_IDENTITY: u8 = 0;
const MAP_LISTED: u8 = 1;
/// Longest compressor spec accepted.
const MAX_SPEC_BYTES: usize = 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ContainerError {
    #[error("not a .dz stream (bad magic bytes)")]
    BadMagic,
    #[error(
        "unsupported .dz format version {0} (this build reads versions {first} to {last})",
        first = VERSIONS.start(),
        last = VERSIONS.end()
    )]
    UnknownVersion(u8),
    #[error("stream truncated (or corrupted): it ends before its header or its symbols do")]
    Truncated,
    #[error("header field `{field}` is invalid: {message}")]
    BadField {
        field: &'static str,
        message: String,
    },
    #[error("bytes follow the end of the coded data (corrupted or concatenated stream)")]
    Trailing,
    #[error("checksum mismatch: the decoded data is not the original (corrupted stream)")]
    Checksum,
    #[error("cannot read the stream: {0}")]
    Io(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The format version the spec was written as (`VERSIONS`).
    pub version: u8,
    /// The compressor as written: `kind key=value …` (the YAML fields of its spec), in the
    /// words of `version`.
    pub spec: String,
    pub seed: u64,
    /// Byte value of each symbol; its length is the alphabet size M.
    pub map: Vec<u8>,
    pub length: u64,
    pub crc32: u32,
    /// The weights section (from version `WEIGHTS_SINCE`; empty before): what the model
    /// stores of itself, as the model wrote it.
    pub weights: Vec<u8>,
}

impl Header {
    pub fn alphabet(&self) -> usize {
        self.map.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.spec.len() + self.map.len());
        out.extend_from_slice(MAGIC);
        out.push(self.version);
        out.extend_from_slice(&(self.spec.len() as u16).to_le_bytes());
        out.extend_from_slice(self.spec.as_bytes());
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(&(self.map.len() as u16).to_le_bytes());
        if self.map.iter().enumerate().all(|(s, &b)| s == b as usize) {
            out.push(MAP_IDENTITY);
        } else {
            out.push(MAP_LISTED);
            out.extend_from_slice(&self.map);
        }
        out.extend_from_slice(&self.length.to_le_bytes());
        out.extend_from_slice(&self.crc32.to_le_bytes());
        let flagged = self.version >= FLAGGED_WEIGHTS_SINCE;
        if flagged {
            out.push(!self.weights.is_empty() as u8);
        }
        if self.version >= WEIGHTS_SINCE && !(flagged && self.weights.is_empty()) {
            out.extend_from_slice(&(self.weights.len() as u32).to_le_bytes());
            out.extend_from_slice(&self.weights);
            out.extend_from_slice(&crc32fast::hash(&self.weights).to_le_bytes());
        }
        out
    }

    /// Reads and checks a header from a stream of `total_bytes` bytes (header included);
    /// the reader is left at the payload, whose size is returned beside the header.
    pub fn read(r: &mut impl Read, total_bytes: u64) -> Result<(Header, u64), ContainerError> {
        let mut input = Counted { r, consumed: 0 };
        if input.take(4)? != MAGIC {
            return Err(ContainerError::BadMagic);
        }
        let version = input.take(1)?[0];
        if !VERSIONS.contains(&version) {
            return Err(ContainerError::UnknownVersion(version));
        }
        let spec_len = u16::from_le_bytes(input.take(2)?.try_into().expect("2 bytes")) as usize;
        if spec_len > MAX_SPEC_BYTES {
            return Err(bad(
                "spec",
                format!("{spec_len} bytes long (at most {MAX_SPEC_BYTES})"),
            ));
        }
        let spec = String::from_utf8(input.take(spec_len)?)
            .map_err(|_| bad("spec", "not UTF-8".into()))?;
        let seed = u64::from_le_bytes(input.take(8)?.try_into().expect("8 bytes"));
        let m = u16::from_le_bytes(input.take(2)?.try_into().expect("2 bytes")) as usize;
        if !(2..=256).contains(&m) {
            return Err(bad("alphabet", format!("{m} symbols (expected 2..=256)")));
        }
        let map = match input.take(1)?[0] {
            MAP_IDENTITY => (0..m).map(|s| s as u8).collect(),
            MAP_LISTED => input.take(m)?,
            other => return Err(bad("alphabet", format!("unknown map form {other}"))),
        };
        if map.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad(
                "alphabet",
                "byte values are not strictly increasing".into(),
            ));
        }
        let length = u64::from_le_bytes(input.take(8)?.try_into().expect("8 bytes"));
        let crc32 = u32::from_le_bytes(input.take(4)?.try_into().expect("4 bytes"));
        let mut weights = Vec::new();
        let present = match version >= FLAGGED_WEIGHTS_SINCE {
            true => match input.take(1)?[0] {
                0 => false,
                1 => true,
                other => return Err(bad("weights", format!("unknown section flag {other}"))),
            },
            false => version >= WEIGHTS_SINCE,
        };
        if present {
            let n = u32::from_le_bytes(input.take(4)?.try_into().expect("4 bytes")) as usize;
            // Read as it arrives: a forged length allocates no more than the stream holds.
            weights = input.take_up_to(n)?;
            let stored = u32::from_le_bytes(input.take(4)?.try_into().expect("4 bytes"));
            if crc32fast::hash(&weights) != stored {
                return Err(bad(
                    "weights",
                    "checksum mismatch (corrupted weights section)".into(),
                ));
            }
        }
        let payload = total_bytes.saturating_sub(input.consumed);
        if length > max_symbols(payload) {
            return Err(bad(
                "length",
                format!("{length} symbols cannot fit in a {payload}-byte payload"),
            ));
        }
        Ok((
            Header {
                version,
                spec,
                seed,
                map,
                length,
                crc32,
                weights,
            },
            payload,
        ))
    }

    /// Parses a header at the start of an in-memory stream; returns it and the payload.
    pub fn parse(bytes: &[u8]) -> Result<(Header, &[u8]), ContainerError> {
        let mut cursor = bytes;
        let (header, payload) = Header::read(&mut cursor, bytes.len() as u64)?;
        Ok((header, &bytes[bytes.len() - payload as usize..]))
    }

    /// Checks the decoded data against the stored checksum.
    pub fn verify(&self, crc32: u32) -> Result<(), ContainerError> {
        if crc32 == self.crc32 {
            Ok(())
        } else {
            Err(ContainerError::Checksum)
        }
    }
}

/// A reader that counts what it has read.
struct Counted<R> {
    r: R,
    consumed: u64,
}

impl<R: Read> Counted<R> {
    /// Exactly `n` bytes.
    fn take(&mut self, n: usize) -> Result<Vec<u8>, ContainerError> {
        let mut buf = vec![0u8; n];
        self.r.read_exact(&mut buf).map_err(read_error)?;
        self.consumed += n as u64;
        Ok(buf)
    }

    /// Exactly `n` bytes, with memory growing only as they arrive.
    fn take_up_to(&mut self, n: usize) -> Result<Vec<u8>, ContainerError> {
        let mut buf = Vec::new();
        (&mut self.r)
            .take(n as u64)
            .read_to_end(&mut buf)
            .map_err(read_error)?;
        self.consumed += buf.len() as u64;
        match buf.len() == n {
            true => Ok(buf),
            false => Err(ContainerError::Truncated),
        }
    }
}

fn read_error(e: std::io::Error) -> ContainerError {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => ContainerError::Truncated,
        _ => ContainerError::Io(e.to_string()),
    }
}

fn bad(field: &'static str, message: String) -> ContainerError {
    ContainerError::BadField { field, message }
}

/// The most symbols a payload can hold: every symbol costs at least -log2(1 - 1/TOTAL_FREQ)
/// bits, since each table gives every other symbol at least one count. This bounds the work
/// and memory a forged length can ask for.
fn max_symbols(payload_bytes: u64) -> u64 {
    let min_bits_per_symbol = -(1.0 - 1.0 / TOTAL_FREQ as f64).log2();
    let bits = (payload_bytes as f64 + 8.0) * 8.0;
    (bits / min_bits_per_symbol) as u64 + 64
}

#[cfg(test)]
mod tests;
