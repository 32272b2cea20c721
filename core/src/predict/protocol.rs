//! The outside-predictor protocol, version 1 (docs/protocol.md has it byte for byte): the
//! harness's hello and the process's answer as JSON lines, and the checks and normalisation of
//! the distributions a process sends. Nothing here touches a process: `external` does.

use serde_json::Value;

use super::Run;
use crate::coding::quantize::quantize_probs;

/// The protocol version this build speaks.
pub const VERSION: u64 = 1;

/// Longest answer line read (the process's name, version and anything else it says).
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// The harness's first line: what the process will predict.
pub fn hello(run: &Run, streams: usize, params: &Value) -> String {
    let mode = if run.decompress {
        "decompress"
    } else {
        "compress"
    };
    // In the documented order (serde_json would sort the keys).
    format!(
        "{{\"protocol\":{VERSION},\"alphabet\":{},\"streams\":{streams},\"length\":{},\
         \"seed\":{},\"mode\":\"{mode}\",\"params\":{params}}}\n",
        run.alphabet, run.length, run.seed
    )
}

/// What a process announces in its answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Announced {
    pub name: String,
    pub version: String,
    /// The price of a prior it arrives with: `parameters` × `bits_per_parameter` / 8 bytes,
    /// where it declares its parameters.
    pub prior_bytes: Option<u64>,
}

/// The price of a parameter where a process declares its parameters and not the price (LMIC's
/// convention, as a built-in prior's default).
const BITS_PER_PARAMETER: u64 = 16;

/// The process's answer: its name and version, and the prior it declares, or what is wrong
/// with the line.
pub fn answer(line: &str) -> Result<Announced, String> {
    let shown: String = line.trim_end().chars().take(120).collect();
    let value: Value = serde_json::from_str(line.trim_end())
        .map_err(|e| format!("its first line is not JSON ({e}): {shown:?}"))?;
    let protocol = value.get("protocol").and_then(Value::as_u64);
    if protocol != Some(VERSION) {
        return Err(format!(
            "it speaks protocol {}, this harness {VERSION}: {shown:?}",
            value
                .get("protocol")
                .map_or("(none)".to_string(), Value::to_string)
        ));
    }
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\\'))
            })
            .map(String::from)
            .ok_or_else(|| {
                format!(
                    "its first line lacks a `{key}` (a string of printable ASCII without \
                     spaces, quotes or backslashes): {shown:?}"
                )
            })
    };
    let count = |key: &str, range: std::ops::RangeInclusive<u64>| {
        let Some(v) = value.get(key) else {
            return Ok(None);
        };
        v.as_u64()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                format!(
                    "its first line's `{key}` is {v}; expected an integer in {}..={}: {shown:?}",
                    range.start(),
                    range.end()
                )
            })
    };
    let parameters = count("parameters", 1..=u64::MAX / 64)?;
    let bits = count("bits_per_parameter", 1..=64)?;
    if bits.is_some() && parameters.is_none() {
        return Err(format!(
            "its first line gives `bits_per_parameter` without `parameters` (the count of \
             its pretrained weights): {shown:?}"
        ));
    }
    Ok(Announced {
        name: text("name")?,
        version: text("version")?,
        prior_bytes: parameters.map(|n| (n * bits.unwrap_or(BITS_PER_PARAMETER)).div_ceil(8)),
    })
}

/// Most bytes read after the last step to count and quote them.
pub const MAX_EXTRA_BYTES: u64 = 1 << 20;

/// Most characters of a stray line quoted.
const MAX_QUOTED: usize = 60;

/// Finds a line of text in the bytes a process sends (a run of at least three printable
/// characters ended by a newline), as a stray print leaves it: a hint for errors, never an
/// error itself (float32 values can look like text by chance). The run is followed across
/// steps, so a line whose first bytes were read as the previous step's values is quoted
/// from its start, with the step it began in.
#[derive(Default)]
pub struct StrayText {
    /// The printable run so far (its first `MAX_QUOTED` characters) and the step it began in.
    run: Vec<u8>,
    length: usize,
    began: usize,
}

impl StrayText {
    /// The bytes of `step`: the first line they end, with the step it began in.
    pub fn feed(&mut self, step: usize, bytes: &[u8]) -> Option<(usize, String)> {
        let printable = |b: u8| (0x20..0x7f).contains(&b) || b == b'\t';
        for &b in bytes {
            if b == b'\n' && self.length >= 3 {
                let cut = if self.length > MAX_QUOTED { "…" } else { "" };
                let text = format!("{}{cut}\n", String::from_utf8_lossy(&self.run));
                return Some((self.began, text));
            }
            if !printable(b) {
                self.run.clear();
                self.length = 0;
                continue;
            }
            if self.length == 0 {
                self.began = step;
            }
            if self.run.len() < MAX_QUOTED {
                self.run.push(b);
            }
            self.length += 1;
        }
        None
    }
}

/// What the bytes a process wrote after its last step's distributions say: how many, the
/// first ones (printable text as text) and the likely cause. `expected` is the bytes all its
/// distributions took (4·M per symbol); `extra` is cut at `MAX_EXTRA_BYTES`.
pub fn extra_output(extra: &[u8], steps: usize, expected: u64) -> String {
    let count = match extra.len() as u64 {
        n if n >= MAX_EXTRA_BYTES => format!("at least {n}"),
        n => n.to_string(),
    };
    let head = &extra[..extra.len().min(32)];
    let quoted = if head
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t'))
    {
        format!("{:?}", String::from_utf8_lossy(head))
    } else {
        let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
        format!("(hex) {}", hex.join(" "))
    };
    let cause = if extra.len() as u64 == expected {
        "as many bytes again as the distributions took: float64 values instead of float32?"
    } else {
        "a print to stdout (print to stderr), float64 values instead of float32, or more \
         than M values per live stream?"
    };
    format!(
        "it wrote {count} bytes more than the {expected} bytes of its {steps} steps' \
         distributions, beginning {quoted}: {cause}"
    )
}

/// Checks one step's values (`live` streams of `m` little-endian f32 each, in `bytes`) and
/// quantises each stream's distribution into `freqs`. `step` names the step in errors.
pub fn tables(
    bytes: &[u8],
    live: usize,
    m: usize,
    step: usize,
    probs: &mut [f32],
    freqs: &mut [u32],
) -> Result<(), String> {
    for (b, chunk) in bytes.chunks_exact(4 * m).take(live).enumerate() {
        let p = &mut probs[..m];
        for (x, v) in p.iter_mut().zip(chunk.chunks_exact(4)) {
            *x = f32::from_le_bytes([v[0], v[1], v[2], v[3]]);
        }
        if let Some((s, x)) = p
            .iter()
            .enumerate()
            .find(|(_, x)| !x.is_finite() || **x < 0.0)
        {
            return Err(format!(
                "step {step}, stream {b}: the value for symbol {s} is {x} (expected a finite, \
                 non-negative number)"
            ));
        }
        // In index order, so both sides round alike.
        let sum: f32 = p.iter().sum();
        if !(sum > 0.0 && sum.is_finite()) {
            return Err(format!(
                "step {step}, stream {b}: the values sum to {sum} (expected a positive, finite \
                 total)"
            ));
        }
        p.iter_mut().for_each(|x| *x /= sum);
        quantize_probs(p, &mut freqs[b * m..(b + 1) * m]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coding::range_coder::TOTAL_FREQ;
    use serde_json::json;

    #[test]
    fn hello_and_answer_lines() {
        let run = Run {
            alphabet: 4,
            values: crate::predict::bits::Values::first(4),
            length: 10,
            seed: 7,
            decompress: true,
        };
        assert_eq!(
            hello(&run, 2, &json!({"lr": 0.5})),
            "{\"protocol\":1,\"alphabet\":4,\"streams\":2,\"length\":10,\"seed\":7,\
             \"mode\":\"decompress\",\"params\":{\"lr\":0.5}}\n"
        );
        let kt = Announced {
            name: "kt".into(),
            version: "1.0".into(),
            prior_bytes: None,
        };
        assert_eq!(
            answer("{\"protocol\": 1, \"name\": \"kt\", \"version\": \"1.0\"}\n"),
            Ok(kt.clone())
        );
        // A declared prior: 1001 parameters at 16 bits by default, or at the price given.
        let declared = |extra: &str| {
            answer(&format!(
                "{{\"protocol\": 1, \"name\": \"kt\", \"version\": \"1.0\"{extra}}}"
            ))
        };
        let priced = |bytes| Announced {
            prior_bytes: Some(bytes),
            ..kt.clone()
        };
        assert_eq!(declared(", \"parameters\": 1001"), Ok(priced(2002)));
        assert_eq!(
            declared(", \"parameters\": 1001, \"bits_per_parameter\": 4"),
            Ok(priced(501))
        );
        assert!(declared(", \"parameters\": -3")
            .unwrap_err()
            .starts_with("its first line's `parameters` is -3; expected an integer in 1..="));
        assert!(declared(", \"parameters\": 9, \"bits_per_parameter\": 65")
            .unwrap_err()
            .contains("`bits_per_parameter` is 65; expected an integer in 1..=64"));
        assert!(declared(", \"bits_per_parameter\": 8")
            .unwrap_err()
            .contains("`bits_per_parameter` without `parameters`"));
        assert!(answer("hello").unwrap_err().contains("not JSON"));
        assert!(
            answer("{\"protocol\": 2, \"name\": \"kt\", \"version\": \"1\"}")
                .unwrap_err()
                .contains("protocol 2")
        );
        assert!(answer("{\"protocol\": 1, \"version\": \"1\"}")
            .unwrap_err()
            .contains("`name`"));
    }

    #[test]
    fn stray_text_and_extra_bytes_are_described() {
        let one = 1.0f32.to_le_bytes();
        let mut step = b"loss 0.25\n".to_vec();
        step.extend(one);
        assert_eq!(
            StrayText::default().feed(4, &step),
            Some((4, "loss 0.25\n".to_string()))
        );
        assert_eq!(StrayText::default().feed(0, &[one, one].concat()), None);
        // A line whose first bytes were read as step 10's values is quoted from its start
        // (after values whose last byte is not printable: a float's top byte often is).
        let zero = 0.0f32.to_le_bytes();
        let mut stray = StrayText::default();
        assert_eq!(stray.feed(10, &[&zero[..], b"debug: s"].concat()), None);
        assert_eq!(
            stray.feed(11, &[&b"tep 10\n"[..], &one].concat()),
            Some((10, "debug: step 10\n".to_string()))
        );
        assert_eq!(
            extra_output(b"bye\n", 10, 80),
            "it wrote 4 bytes more than the 80 bytes of its 10 steps' distributions, \
             beginning \"bye\\n\": a print to stdout (print to stderr), float64 values \
             instead of float32, or more than M values per live stream?"
        );
        let doubles: Vec<u8> = (0..4).flat_map(|_| 0.5f64.to_le_bytes()).collect();
        let said = extra_output(&doubles[16..], 2, 16);
        assert!(said.starts_with("it wrote 16 bytes more"), "{said}");
        assert!(said.contains("(hex) 00 00 00 00 00 00 e0 3f"), "{said}");
        assert!(
            said.ends_with("float64 values instead of float32?"),
            "{said}"
        );
    }

    #[test]
    fn tables_are_normalised_and_bad_values_named() {
        let bytes = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let (mut probs, mut freqs) = (vec![0.0; 2], vec![0; 4]);
        tables(
            &bytes(&[3.0, 1.0, 1.0, 1.0]),
            2,
            2,
            0,
            &mut probs,
            &mut freqs,
        )
        .unwrap();
        assert_eq!(freqs[0] + freqs[1], TOTAL_FREQ);
        assert!(freqs[0] > 2 * freqs[1]);
        assert_eq!(freqs[2], freqs[3]);
        for (bad, says) in [
            (
                vec![1.0, 1.0, f32::NAN, 1.0],
                "step 5, stream 1: the value for symbol 0 is NaN",
            ),
            (
                vec![1.0, f32::INFINITY, 1.0, 1.0],
                "stream 0: the value for symbol 1 is inf",
            ),
            (vec![1.0, 1.0, -1.0, 1.0], "symbol 0 is -1"),
            (vec![0.0, 0.0, 1.0, 1.0], "stream 0: the values sum to 0"),
        ] {
            let e = tables(&bytes(&bad), 2, 2, 5, &mut probs, &mut freqs).unwrap_err();
            assert!(e.contains(says), "{e}");
        }
    }
}
