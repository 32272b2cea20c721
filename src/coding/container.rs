//! The framing of a model-coded stream: what a decoder needs besides the seed-replayed model.
//!
//! Layout (little-endian): magic `DZB1`, format version (u8), codec parameters (u16 length +
//! UTF-8), alphabet size (u16), symbol count (u64), CRC32 of the symbols (u32), then the
//! range-coder payload. Every field is checked before it is trusted.

use super::range_coder::TOTAL_FREQ;

pub const MAGIC: &[u8; 4] = b"DZB1";
pub const VERSION: u8 = 1;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ContainerError {
    #[error("not a deepzip-bench stream (bad magic bytes)")]
    BadMagic,
    #[error("unsupported format version {0} (this build reads version {VERSION})")]
    UnknownVersion(u8),
    #[error("stream truncated (or corrupted): it ends before its header or its symbols do")]
    Truncated,
    #[error("header field {field} is invalid: {message}")]
    BadField {
        field: &'static str,
        message: String,
    },
    #[error("checksum mismatch: the decoded symbols are not the original (corrupted stream)")]
    Checksum,
}

/// The decoded header plus the payload it frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub params: String,
    pub alphabet: usize,
    pub length: u64,
    pub crc32: u32,
}

impl Header {
    pub fn new(params: String, alphabet: usize, symbols: &[u8]) -> Self {
        Header {
            params,
            alphabet,
            length: symbols.len() as u64,
            crc32: crc32fast::hash(symbols),
        }
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&(self.params.len() as u16).to_le_bytes());
        out.extend_from_slice(self.params.as_bytes());
        out.extend_from_slice(&(self.alphabet as u16).to_le_bytes());
        out.extend_from_slice(&self.length.to_le_bytes());
        out.extend_from_slice(&self.crc32.to_le_bytes());
    }

    /// Parses a header and returns it with the payload that follows.
    pub fn read(bytes: &[u8]) -> Result<(Header, &[u8]), ContainerError> {
        let mut r = Reader { bytes };
        if r.take(4)? != MAGIC {
            return Err(ContainerError::BadMagic);
        }
        let version = r.take(1)?[0];
        if version != VERSION {
            return Err(ContainerError::UnknownVersion(version));
        }
        let params_len = u16::from_le_bytes(r.array()?) as usize;
        let params = String::from_utf8(r.take(params_len)?.to_vec()).map_err(|_| {
            ContainerError::BadField {
                field: "params",
                message: "not UTF-8".into(),
            }
        })?;
        let alphabet = u16::from_le_bytes(r.array()?) as usize;
        if !(2..=256).contains(&alphabet) {
            return Err(ContainerError::BadField {
                field: "alphabet",
                message: format!("{alphabet} is outside 2..=256"),
            });
        }
        let length = u64::from_le_bytes(r.array()?);
        let crc32 = u32::from_le_bytes(r.array()?);
        let payload = r.bytes;
        if length > max_symbols(payload.len()) {
            return Err(ContainerError::BadField {
                field: "length",
                message: format!(
                    "{length} symbols cannot fit in a {}-byte payload",
                    payload.len()
                ),
            });
        }
        Ok((
            Header {
                params,
                alphabet,
                length,
                crc32,
            },
            payload,
        ))
    }

    /// Checks decoded symbols against the stored checksum.
    pub fn verify(&self, symbols: &[u8]) -> Result<(), ContainerError> {
        if crc32fast::hash(symbols) == self.crc32 {
            Ok(())
        } else {
            Err(ContainerError::Checksum)
        }
    }
}

/// The most symbols a payload can hold: every symbol costs at least -log2(1 - 1/TOTAL_FREQ)
/// bits, since each table gives every other symbol at least one count. This bounds the work
/// and memory a forged length can ask for.
fn max_symbols(payload_bytes: usize) -> u64 {
    let min_bits_per_symbol = -(1.0 - 1.0 / TOTAL_FREQ as f64).log2();
    let bits = (payload_bytes as f64 + 8.0) * 8.0;
    (bits / min_bits_per_symbol) as u64 + 64
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ContainerError> {
        if self.bytes.len() < n {
            return Err(ContainerError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ContainerError> {
        Ok(self.take(N)?.try_into().expect("take returned N bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut out = Vec::new();
        Header::new("order k=3".into(), 4, &[0, 1, 2, 3]).write(&mut out);
        out.extend_from_slice(&[9; 16]);
        out
    }

    #[test]
    fn header_roundtrips() {
        let bytes = sample();
        let (h, payload) = Header::read(&bytes).unwrap();
        assert_eq!(h.params, "order k=3");
        assert_eq!((h.alphabet, h.length), (4, 4));
        assert_eq!(payload, &[9; 16]);
        assert!(h.verify(&[0, 1, 2, 3]).is_ok());
        assert_eq!(h.verify(&[0, 1, 2, 2]), Err(ContainerError::Checksum));
    }

    #[test]
    fn rejects_each_bad_header() {
        let good = sample();
        for cut in 0..good.len() - 16 {
            assert_eq!(Header::read(&good[..cut]), Err(ContainerError::Truncated));
        }
        let mut bad = good.clone();
        bad[0] = b'X';
        assert_eq!(Header::read(&bad), Err(ContainerError::BadMagic));
        let mut bad = good.clone();
        bad[4] = 9;
        assert_eq!(Header::read(&bad), Err(ContainerError::UnknownVersion(9)));
        let alphabet_at = 4 + 1 + 2 + 9;
        let mut bad = good.clone();
        bad[alphabet_at] = 1;
        assert!(matches!(
            Header::read(&bad),
            Err(ContainerError::BadField {
                field: "alphabet",
                ..
            })
        ));
        let mut bad = good.clone();
        bad[alphabet_at + 2 + 7] = 0x7f;
        assert!(matches!(
            Header::read(&bad),
            Err(ContainerError::BadField {
                field: "length",
                ..
            })
        ));
    }
}
