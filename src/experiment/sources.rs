//! Parsing of one `sources[i]` entry into the sources of its grid.

use std::path::Path;

use generators::{
    Counter, FileAlphabet, FileSource, Hmm, Iid, LaggedFibonacci, Markov, MarkovChain, Prng,
    Repeats, Source, SourceError,
};

use deepzip_core::yaml::{FieldError, Node, Result};

pub const KINDS: &[&str] = &[
    "iid",
    "markov",
    "lagged_fibonacci",
    "counter",
    "repeats",
    "markov_chain",
    "hmm",
    "prng",
    "file",
];

/// Turns a generator's complaint into one naming the YAML field.
fn at(entry: &Node, e: SourceError) -> FieldError {
    match e {
        SourceError::Invalid { field, message } => FieldError {
            path: format!("{}.{field}", entry.path()),
            message,
        },
        io @ SourceError::Io { .. } => FieldError {
            path: format!("{}.path", entry.path()),
            message: io.to_string(),
        },
    }
}

fn usizes(node: Option<Node>, default: usize, max: u64) -> Result<Vec<usize>> {
    match node {
        None => Ok(vec![default]),
        Some(n) => n.grid(|v| v.as_u64_in(0..=max).map(|x| x as usize)),
    }
}

fn floats(node: Option<Node>, default: f64) -> Result<Vec<f64>> {
    match node {
        None => Ok(vec![default]),
        Some(n) => n.grid(|v| v.as_f64()),
    }
}

/// Every combination of the values of two axes.
fn pairs<A: Copy, B: Copy>(a: &[A], b: &[B]) -> Vec<(A, B)> {
    a.iter()
        .flat_map(|&x| b.iter().map(move |&y| (x, y)))
        .collect()
}

/// Expands one entry (`entry` is `sources[i]`); relative file paths are taken from `base_dir`.
pub fn parse(entry: &Node, base_dir: &Path) -> Result<Vec<Source>> {
    let mut f = entry.fields()?;
    let kind_node = f.require("kind")?;
    let kind = kind_node.as_str()?;
    let mut out = Vec::new();
    let allowed: &[&str] = match kind {
        "iid" => {
            let alphabets = f.take("alphabet");
            let p = f.require("probs")?;
            // A list, or (as command-line words write it) numbers separated by commas.
            let listed = match p.as_str() {
                Ok(text) if text.contains(',') => Some(
                    text.split(',')
                        .map(|x| x.trim().parse::<f64>())
                        .collect::<std::result::Result<Vec<_>, _>>()
                        .map_err(|_| {
                            p.error(format!(
                                "expected probabilities separated by commas, got `{text}`"
                            ))
                        })?,
                ),
                _ if p.is_sequence() => Some(
                    p.items()?
                        .iter()
                        .map(|x| x.as_f64())
                        .collect::<Result<Vec<_>>>()?,
                ),
                _ => None,
            };
            match (listed, p) {
                (Some(probs), _) => {
                    if let Some(a) = alphabets {
                        return Err(a.error("give either `probs` as a list or `alphabet` with `probs: uniform`, not both"));
                    }
                    out.push(Source::Iid(Iid::new(probs).map_err(|e| at(entry, e))?));
                }
                (None, p) if p.as_str().ok() == Some("uniform") => {
                    for m in usizes(alphabets, 2, 1 << 16)? {
                        out.push(Source::Iid(Iid::uniform(m).map_err(|e| at(entry, e))?));
                    }
                }
                (None, p) => return Err(p.error("expected a list of probabilities or `uniform`")),
            }
            &["kind", "probs", "alphabet"]
        }
        "markov" => {
            let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
            let ks = usizes(Some(f.require("k")?), 0, 1 << 40)?;
            let noises = match f.take("noise") {
                None => vec![0.0],
                Some(n) => n.grid(|v| v.as_f64())?,
            };
            for &m in &alphabets {
                for &k in &ks {
                    for &p in &noises {
                        out.push(Source::Markov(
                            Markov::new(m, k, p).map_err(|e| at(entry, e))?,
                        ));
                    }
                }
            }
            &["kind", "k", "alphabet", "noise"]
        }
        "lagged_fibonacci" => {
            let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
            let js = usizes(Some(f.require("j")?), 0, 1 << 40)?;
            let ks = usizes(Some(f.require("k")?), 0, 1 << 40)?;
            for &m in &alphabets {
                for &j in &js {
                    for &k in &ks {
                        out.push(Source::LaggedFibonacci(
                            LaggedFibonacci::new(m, j, k).map_err(|e| at(entry, e))?,
                        ));
                    }
                }
            }
            &["kind", "j", "k", "alphabet"]
        }
        "counter" => {
            for w in usizes(f.take("width"), 6, 1 << 16)? {
                out.push(Source::Counter(Counter::new(w).map_err(|e| at(entry, e))?));
            }
            &["kind", "width"]
        }
        "repeats" => {
            let alphabets = usizes(f.take("alphabet"), 16, 1 << 16)?;
            let blocks = usizes(Some(f.require("block")?), 0, 1 << 30)?;
            let recalls = usizes(Some(f.require("recall")?), 0, 1 << 20)?;
            let copies = f.require("copy")?.grid(|v| v.as_f64())?;
            for &m in &alphabets {
                for &l in &blocks {
                    for &k in &recalls {
                        for &q in &copies {
                            out.push(Source::Repeats(
                                Repeats::new(m, l, k, q).map_err(|e| at(entry, e))?,
                            ));
                        }
                    }
                }
            }
            &["kind", "alphabet", "block", "recall", "copy"]
        }
        "markov_chain" => {
            let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
            let orders = usizes(Some(f.require("order")?), 0, 1 << 16)?;
            let alphas = floats(f.take("alpha"), 0.5)?;
            let resamples: Vec<Option<usize>> = match f.take("resample") {
                None => vec![None],
                Some(n) => n.grid(|v| v.as_u64_in(0..=1 << 40).map(|l| Some(l as usize)))?,
            };
            for (m, k) in pairs(&alphabets, &orders) {
                for (a, l) in pairs(&alphas, &resamples) {
                    out.push(Source::MarkovChain(
                        MarkovChain::new(m, k, a, l).map_err(|e| at(entry, e))?,
                    ));
                }
            }
            &["kind", "alphabet", "order", "alpha", "resample"]
        }
        "hmm" => {
            let states = usizes(Some(f.require("states")?), 0, 1 << 16)?;
            let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
            let alphas = floats(f.take("alpha"), 0.5)?;
            let betas = floats(f.take("beta"), 0.5)?;
            for (s, m) in pairs(&states, &alphabets) {
                for (a, b) in pairs(&alphas, &betas) {
                    out.push(Source::Hmm(Hmm::new(s, m, a, b).map_err(|e| at(entry, e))?));
                }
            }
            &["kind", "states", "alphabet", "alpha", "beta"]
        }
        "prng" => {
            let generators = f
                .require("generator")?
                .grid(|v| v.as_str().map(String::from))?;
            let bits: Vec<Option<u32>> = match f.take("bit") {
                None => vec![None],
                Some(n) => n.grid(|v| v.as_u64_in(0..=1 << 16).map(|b| Some(b as u32)))?,
            };
            let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
            for g in &generators {
                for (b, m) in pairs(&bits, &alphabets) {
                    out.push(Source::Prng(
                        Prng::parse(g, b, m).map_err(|e| at(entry, e))?,
                    ));
                }
            }
            &["kind", "generator", "bit", "alphabet"]
        }
        "file" => {
            let path = base_dir.join(f.require("path")?.as_str()?);
            let alphabets = match f.take("alphabet") {
                None => vec![FileAlphabet::Auto],
                Some(n) => n.grid(|v| match v.as_str() {
                    Ok("auto") => Ok(FileAlphabet::Auto),
                    _ => v
                        .as_u64_in(0..=1 << 16)
                        .map(|m| FileAlphabet::Size(m as usize))
                        .map_err(|_| {
                            v.error(format!(
                                "expected `auto` or an alphabet size M in 2..=256, got `{}`",
                                v.show()
                            ))
                        }),
                })?,
            };
            for alphabet in alphabets {
                out.push(Source::File(
                    FileSource::new(&path, alphabet).map_err(|e| at(entry, e))?,
                ));
            }
            &["kind", "path", "alphabet"]
        }
        other => {
            return Err(kind_node.error(format!(
                "unknown source kind `{other}` (expected one of: {})",
                KINDS.join(", ")
            )))
        }
    };
    f.finish(allowed)?;
    Ok(out)
}
