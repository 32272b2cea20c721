//! The x86 call/jump transform (E8/E9), as zpaq and paq apply it to executables: the 4-byte
//! relative operand after an E8 (call) or E9 (jmp) opcode is coded as the absolute target
//! (operand + the offset of the next instruction), so calls to one function, made from many
//! places, repeat the same bytes, which context models and the match model find. It runs
//! byte by byte on both sides: the opcodes are never changed and an operand's bytes are
//! never taken for opcodes, so the decoder finds the same operands; each operand byte is
//! the sum's byte with the carry from the bytes below it, inverted with the same carry.

/// The transform's state over a stream of bytes.
#[derive(Debug, Default)]
pub struct Calls {
    /// Operand bytes still to come, least significant first.
    left: u32,
    /// What the operand's bytes are offset by: the offset of the next instruction.
    base: u32,
    carry: u32,
}

impl Calls {
    /// The byte coded for byte `x` at offset `at`.
    pub fn forward(&mut self, at: u64, x: u8) -> u8 {
        match self.operand_byte() {
            Some(b) => {
                let sum = x as u32 + b + self.carry;
                self.carry = sum >> 8;
                sum as u8
            }
            None => {
                self.opcode(at, x);
                x
            }
        }
    }

    /// The byte at offset `at` whose coded byte is `y` (`forward`'s inverse).
    pub fn inverse(&mut self, at: u64, y: u8) -> u8 {
        match self.operand_byte() {
            Some(b) => {
                let x = (y as u32).wrapping_sub(b + self.carry) & 0xFF;
                self.carry = (x + b + self.carry) >> 8;
                x as u8
            }
            None => {
                self.opcode(at, y);
                y
            }
        }
    }

    /// The base's byte for the next operand byte, if one comes next.
    fn operand_byte(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        let k = 4 - self.left;
        self.left -= 1;
        Some((self.base >> (8 * k)) & 0xFF)
    }

    /// After an E8 or E9 at offset `at`, its 4 operand bytes come.
    fn opcode(&mut self, at: u64, x: u8) {
        if x & 0xFE == 0xE8 {
            (self.left, self.base, self.carry) = (4, (at as u32).wrapping_add(5), 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Calls;

    fn forward(bytes: &[u8]) -> Vec<u8> {
        let mut calls = Calls::default();
        let at = 0u64..;
        bytes
            .iter()
            .zip(at)
            .map(|(&x, at)| calls.forward(at, x))
            .collect()
    }

    #[test]
    fn two_calls_to_one_target_code_the_same_operand() {
        // At 0, a call to 0x1234 (relative 0x122F); at 16, a call to it (relative 0x121F).
        let mut code = vec![0xE8, 0x2F, 0x12, 0, 0];
        code.extend([0x90; 11]);
        code.extend([0xE8, 0x1F, 0x12, 0, 0]);
        let coded = forward(&code);
        assert_eq!(coded[1..5], [0x34, 0x12, 0, 0]);
        assert_eq!(coded[17..21], [0x34, 0x12, 0, 0]);
        assert_eq!(coded[5..16], code[5..16]);
        // A backward jump (negative operand) with carries through every byte.
        let back = [0xE9, 0xF0, 0xFF, 0xFF, 0xFF];
        assert_eq!(forward(&back), [0xE9, 0xF5, 0xFF, 0xFF, 0xFF]);
    }

    #[test]
    fn the_inverse_gives_back_every_byte() {
        // Opcodes inside operands, operands cut by the end, carries: every byte pattern.
        let mut state = 9u64;
        let bytes: Vec<u8> = (0..50_000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                match state >> 62 {
                    0 => 0xE8,
                    1 => 0xE9,
                    _ => (state >> 40) as u8,
                }
            })
            .collect();
        let coded = forward(&bytes);
        assert_ne!(coded, bytes);
        let mut calls = Calls::default();
        let back: Vec<u8> = coded
            .iter()
            .zip(0u64..)
            .map(|(&y, at)| calls.inverse(at, y))
            .collect();
        assert_eq!(back, bytes);
    }
}
