//! Bit-packing of small-alphabet symbols into bytes (8 binary symbols per byte, as the DeepZip
//! study fed gzip), so that a byte-oriented compressor, classical or command-line, is not
//! charged for unused bits.

/// Bits a packed symbol takes for `alphabet`, when packing whole symbols into bytes works.
pub fn pack_bits_for(alphabet: usize) -> Option<u32> {
    match alphabet {
        2 => Some(1),
        3..=4 => Some(2),
        5..=16 => Some(4),
        _ => None,
    }
}

/// Packs symbols of `bits` bits, first symbol in the low bits; prefixed by the symbol count.
pub fn pack(symbols: &[u8], bits: u32) -> Vec<u8> {
    let per_byte = (8 / bits) as usize;
    let mut out = (symbols.len() as u64).to_le_bytes().to_vec();
    out.extend(symbols.chunks(per_byte).map(|chunk| {
        chunk
            .iter()
            .enumerate()
            .fold(0u8, |byte, (i, &s)| byte | (s << (i as u32 * bits)))
    }));
    out
}

pub fn unpack(bytes: &[u8], bits: u32) -> Option<Vec<u8>> {
    let (len, body) = bytes.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    let per_byte = (8 / bits) as usize;
    if body.len() != len.div_ceil(per_byte) {
        return None;
    }
    let mask = (1u8 << bits) - 1;
    let mut out = Vec::with_capacity(len);
    for (i, &byte) in body.iter().enumerate() {
        let n = per_byte.min(len - i * per_byte);
        out.extend((0..n).map(|j| (byte >> (j as u32 * bits)) & mask));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_roundtrips_every_length() {
        for bits in [1, 2, 4] {
            for len in 0..20usize {
                let symbols: Vec<u8> = (0..len).map(|i| (i * 7 % (1 << bits)) as u8).collect();
                let packed = pack(&symbols, bits);
                assert_eq!(packed.len(), 8 + len.div_ceil((8 / bits) as usize));
                assert_eq!(unpack(&packed, bits).unwrap(), symbols);
            }
        }
        assert_eq!(pack(&[1, 0, 1, 1, 0, 0, 0, 0, 1], 1)[8..], [0b1101, 1]);
    }
}
