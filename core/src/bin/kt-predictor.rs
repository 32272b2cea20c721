//! An outside predictor in a compiled language, speaking protocol version 1 at full speed
//! (docs/protocol.md): an order-k Krichevsky–Trofimov model per stream (`params: {"order":
//! k}`, default 0), or with `{"model": "uniform"}` a fixed uniform distribution, the cheapest
//! possible predictor, which measures the protocol's own cost. It uses nothing of the harness:
//! a researcher's program in any language looks like this.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

/// What the hello line says, read without a JSON library: the fields are flat numbers and
/// strings, and `params` a flat object.
fn field(line: &str, key: &str) -> Option<String> {
    let at = line.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = line[at..].trim_start().strip_prefix(':')?.trim_start();
    let value: String = if let Some(text) = rest.strip_prefix('"') {
        text.chars().take_while(|&c| c != '"').collect()
    } else {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect()
    };
    Some(value)
}

fn number(line: &str, key: &str) -> Result<u64, String> {
    field(line, key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("the hello line has no number `{key}`: {line}"))
}

fn run() -> Result<(), String> {
    let mut input = BufReader::with_capacity(1 << 16, io::stdin().lock());
    let mut output = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut hello = String::new();
    input.read_line(&mut hello).map_err(|e| e.to_string())?;
    if number(&hello, "protocol")? != 1 {
        return Err(format!("protocol 1 only: {hello}"));
    }
    let m = number(&hello, "alphabet")? as usize;
    let streams = number(&hello, "streams")? as usize;
    let length = number(&hello, "length")? as usize;
    let params = hello
        .find("\"params\"")
        .map_or(String::new(), |at| hello[at..].to_string());
    let uniform = field(&params, "model").as_deref() == Some("uniform");
    let order = field(&params, "order").map_or(Ok(0), |v| {
        v.parse::<u32>()
            .map_err(|_| format!("params.order: expected a count, got {v}"))
    })?;
    let name = if uniform { "uniform" } else { "kt" };
    writeln!(
        output,
        "{{\"protocol\": 1, \"name\": \"{name}\", \"version\": \"1\"}}"
    )
    .and_then(|()| output.flush())
    .map_err(|e| e.to_string())?;
    // Counts of each context (the last `order` symbols) per stream.
    let contexts = (m as u64).pow(order) as usize;
    let mut counts = vec![0u32; streams * contexts * m];
    let mut context = vec![0usize; streams];
    let (base, extra) = (length / streams, length % streams);
    let steps = base + (extra > 0) as usize;
    let mut values = vec![0u8; 4 * m * streams];
    let mut symbols = vec![0u8; streams];
    for t in 0..steps {
        let live = if t < base { streams } else { extra };
        for b in 0..live {
            for s in 0..m {
                let p = if uniform {
                    1.0
                } else {
                    counts[(b * contexts + context[b]) * m + s] as f32 + 0.5
                };
                values[4 * (b * m + s)..4 * (b * m + s + 1)].copy_from_slice(&p.to_le_bytes());
            }
        }
        output
            .write_all(&values[..4 * m * live])
            .and_then(|()| output.flush())
            .map_err(|e| e.to_string())?;
        input
            .read_exact(&mut symbols[..live])
            .map_err(|e| format!("step {t}: {e}"))?;
        if !uniform {
            for (b, &s) in symbols[..live].iter().enumerate() {
                counts[(b * contexts + context[b]) * m + s as usize] += 1;
                if order > 0 {
                    context[b] = (context[b] * m + s as usize) % contexts;
                }
            }
        }
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("kt-predictor: {e}");
        std::process::exit(1);
    }
}
