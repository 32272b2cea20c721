//! Classical general-purpose compressors (gzip, bzip2, xz, zstd) behind the `Codec` trait,
//! run in memory. Small alphabets are bit-packed first (8 binary symbols per byte, as the
//! DeepZip study fed gzip), so a byte-oriented compressor is not charged for unused bits;
//! `pack: false` gives it one byte per symbol instead.

use std::io::{Read, Write};

use deepzip_core::codec::{Codec, CodecError, Encoded};

use crate::packing::{pack, unpack};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classic {
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

impl Classic {
    pub fn name(self) -> &'static str {
        match self {
            Classic::Gzip => "gzip",
            Classic::Bzip2 => "bzip2",
            Classic::Xz => "xz",
            Classic::Zstd => "zstd",
        }
    }

    /// Valid levels and the default, as each library defines them.
    pub fn levels(self) -> (std::ops::RangeInclusive<i64>, i64) {
        match self {
            Classic::Gzip => (1..=9, 9),
            Classic::Bzip2 => (1..=9, 9),
            Classic::Xz => (0..=9, 9),
            Classic::Zstd => (1..=22, 19),
        }
    }
}

pub struct ClassicCodec {
    pub kind: Classic,
    pub level: i64,
    /// Bits per symbol when packing (1, 2 or 4), or `None` for one byte per symbol.
    pub pack_bits: Option<u32>,
}

impl ClassicCodec {
    fn io(&self, error: std::io::Error) -> CodecError {
        CodecError::Io {
            codec: self.kind.name(),
            error,
        }
    }
}

fn finish<W: Write>(mut w: W, data: &[u8]) -> std::io::Result<W> {
    w.write_all(data)?;
    Ok(w)
}

impl Codec for ClassicCodec {
    fn compress(&self, symbols: &[u8]) -> Result<Encoded, CodecError> {
        let packed;
        let symbols = match self.pack_bits {
            Some(bits) => {
                packed = pack(symbols, bits);
                &packed
            }
            None => symbols,
        };
        let level = self.level as u32;
        let bytes = match self.kind {
            Classic::Gzip => finish(
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level)),
                symbols,
            )
            .and_then(|e| e.finish()),
            Classic::Bzip2 => finish(
                bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(level)),
                symbols,
            )
            .and_then(|e| e.finish()),
            Classic::Xz => finish(liblzma::write::XzEncoder::new(Vec::new(), level), symbols)
                .and_then(|e| e.finish()),
            Classic::Zstd => zstd::bulk::compress(symbols, self.level as i32),
        }
        .map_err(|e| self.io(e))?;
        Ok(Encoded {
            header_bytes: None,
            announced: None,
            bytes,
            curve: Vec::new(),
            by_position: Vec::new(),
            usage: None,
            fingerprints: None,
            stored: None,
        })
    }

    fn decompress(&self, bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
        let mut out = Vec::new();
        match self.kind {
            Classic::Gzip => flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out),
            Classic::Bzip2 => bzip2::read::MultiBzDecoder::new(bytes).read_to_end(&mut out),
            Classic::Xz => liblzma::read::XzDecoder::new(bytes).read_to_end(&mut out),
            Classic::Zstd => zstd::stream::read::Decoder::with_buffer(bytes)
                .and_then(|mut d| d.read_to_end(&mut out)),
        }
        .map_err(|e| self.io(e))?;
        match self.pack_bits {
            Some(bits) => unpack(&out, bits).ok_or_else(|| {
                self.io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "packed symbol count does not match the data",
                ))
            }),
            None => Ok(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_baseline_roundtrips_and_shrinks_redundant_data() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 7 == 0) as u8).collect();
        for kind in [Classic::Gzip, Classic::Bzip2, Classic::Xz, Classic::Zstd] {
            for pack_bits in [None, Some(1), Some(2), Some(4)] {
                let codec = ClassicCodec {
                    kind,
                    level: kind.levels().1,
                    pack_bits,
                };
                let enc = codec.compress(&data).unwrap();
                assert!(enc.bytes.len() < data.len() / 20, "{}", kind.name());
                assert_eq!(codec.decompress(&enc.bytes).unwrap(), data);
                assert!(codec.decompress(&enc.bytes[..enc.bytes.len() / 2]).is_err());
            }
        }
    }
}
