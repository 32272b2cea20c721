//! The symbols of a byte file: the byte values that occur, numbered 0..M−1 in byte order. One
//! definition for `kind: file` sources (alphabet `auto`) and `.dz` files, so a grid and
//! `bench compress` code a file over the same symbols.

/// The values marked in `seen`, in byte order; a file of one value (or none) is padded with
/// the lowest unused values, since a model needs M ≥ 2.
pub fn occurring_values(seen: &[bool; 256]) -> Vec<u8> {
    let mut seen = *seen;
    for b in 0..=255usize {
        if seen.iter().filter(|&&s| s).count() >= 2 {
            break;
        }
        seen[b] = true;
    }
    (0..=255u8).filter(|&b| seen[b as usize]).collect()
}

/// The symbol of each byte value under `values` (unlisted values map to 0).
pub fn symbol_table(values: &[u8]) -> [u8; 256] {
    let mut symbol_of = [0u8; 256];
    for (s, &b) in values.iter().enumerate() {
        symbol_of[b as usize] = s as u8;
    }
    symbol_of
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_byte_order_padded_to_two() {
        let mut seen = [false; 256];
        seen[b'T' as usize] = true;
        assert_eq!(occurring_values(&seen), vec![0, b'T']);
        seen[b'A' as usize] = true;
        seen[b'C' as usize] = true;
        assert_eq!(occurring_values(&seen), vec![b'A', b'C', b'T']);
        assert_eq!(occurring_values(&[false; 256]), vec![0, 1]);
        let table = symbol_table(b"ACT");
        assert_eq!(
            (
                table[b'A' as usize],
                table[b'C' as usize],
                table[b'T' as usize]
            ),
            (0, 1, 2)
        );
    }
}
