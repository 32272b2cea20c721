//! A writer that checks what it is given against a reader: how `bench compress --verify`
//! compares a decoded file with its input without holding either.

use std::io::{self, Read, Write};

/// A writer that compares what it is given with `input`, byte for byte.
pub struct SameAs<R: Read> {
    input: R,
    at: u64,
    /// The first byte that differs (or lies beyond the input's end).
    pub differs: Option<u64>,
    buf: Vec<u8>,
}

impl<R: Read> SameAs<R> {
    pub fn new(input: R) -> SameAs<R> {
        SameAs {
            input,
            at: 0,
            differs: None,
            buf: Vec::new(),
        }
    }
}

impl<R: Read> Write for SameAs<R> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.differs.is_none() {
            self.buf.resize(bytes.len(), 0);
            let read = self.input.read_exact(&mut self.buf);
            match bytes.iter().zip(&self.buf).position(|(a, b)| a != b) {
                _ if read.is_err() => self.differs = Some(self.at),
                Some(i) => self.differs = Some(self.at + i as u64),
                None => {}
            }
        }
        self.at += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
