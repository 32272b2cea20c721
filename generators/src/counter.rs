//! The decimal counter "000000 000001 000002 …": digits 0-9 are symbols 0-9 and the separator
//! is symbol 10. The sequence-of-digits data of the online-LSTM notebook this field started
//! from; entropy rate 0. It does not depend on the seed.

use crate::error::SourceError;

/// Symbol written between two numbers.
pub const SEPARATOR: u8 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    width: usize,
}

impl Counter {
    /// Width in digits, 1..=18 (the counter wraps at 10^width).
    pub fn new(width: usize) -> Result<Self, SourceError> {
        if !(1..=18).contains(&width) {
            return Err(SourceError::invalid(
                "width",
                format!("expected a width in 1..=18 digits, got {width}"),
            ));
        }
        Ok(Counter { width })
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn alphabet(&self) -> usize {
        11
    }

    pub fn generate(&self, len: usize) -> Vec<u8> {
        let modulus = 10u64.pow(self.width as u32);
        let mut out = Vec::with_capacity(len + self.width + 1);
        let mut number = 0u64;
        let mut digits = vec![0u8; self.width];
        while out.len() < len {
            let mut v = number;
            for d in digits.iter_mut().rev() {
                *d = (v % 10) as u8;
                v /= 10;
            }
            out.extend_from_slice(&digits);
            out.push(SEPARATOR);
            number = (number + 1) % modulus;
        }
        out.truncate(len);
        out
    }
}
