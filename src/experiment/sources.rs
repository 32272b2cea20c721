//! Parsing of one `sources[i]` entry into the sources of its grid.

use std::path::Path;

use generators::{
    Counter, FileAlphabet, FileSource, Hmm, Iid, LaggedFibonacci, Markov, MarkovChain, Prng,
    Repeats, Source, SourceError,
};

use deepzip_core::yaml::{FieldError, Fields, Node, Result};

/// A source kind: its YAML name, the fields it takes, and the parser of an entry's other
/// fields (`entry` is `sources[i]`, for errors; relative paths are taken from the folder).
struct Kind {
    name: &'static str,
    fields: &'static [&'static str],
    parse: fn(&Node, &mut Fields, &Path) -> Result<Vec<Source>>,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "iid",
        fields: &["kind", "probs", "alphabet"],
        parse: iid,
    },
    Kind {
        name: "markov",
        fields: &["kind", "k", "alphabet", "noise"],
        parse: markov,
    },
    Kind {
        name: "lagged_fibonacci",
        fields: &["kind", "j", "k", "alphabet"],
        parse: lagged_fibonacci,
    },
    Kind {
        name: "counter",
        fields: &["kind", "width"],
        parse: counter,
    },
    Kind {
        name: "repeats",
        fields: &["kind", "alphabet", "block", "recall", "copy"],
        parse: repeats,
    },
    Kind {
        name: "markov_chain",
        fields: &["kind", "alphabet", "order", "alpha", "resample"],
        parse: markov_chain,
    },
    Kind {
        name: "hmm",
        fields: &["kind", "states", "alphabet", "alpha", "beta"],
        parse: hmm,
    },
    Kind {
        name: "prng",
        fields: &["kind", "generator", "bit", "alphabet"],
        parse: prng,
    },
    Kind {
        name: "file",
        fields: &["kind", "path", "alphabet"],
        parse: file,
    },
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
    let name = kind_node.as_str()?;
    let Some(kind) = KINDS.iter().find(|k| k.name == name) else {
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        return Err(kind_node.error(format!(
            "unknown source kind `{name}` (expected one of: {})",
            names.join(", ")
        )));
    };
    let out = (kind.parse)(entry, &mut f, base_dir)?;
    f.finish(kind.fields)?;
    Ok(out)
}

fn iid(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
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
                return Err(a.error(
                    "give either `probs` as a list or `alphabet` with `probs: uniform`, not both",
                ));
            }
            Ok(vec![Source::Iid(
                Iid::new(probs).map_err(|e| at(entry, e))?,
            )])
        }
        (None, p) if p.as_str().ok() == Some("uniform") => usizes(alphabets, 2, 1 << 16)?
            .into_iter()
            .map(|m| Ok(Source::Iid(Iid::uniform(m).map_err(|e| at(entry, e))?)))
            .collect(),
        (None, p) => Err(p.error("expected a list of probabilities or `uniform`")),
    }
}

fn markov(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
    let ks = usizes(Some(f.require("k")?), 0, 1 << 40)?;
    let noises = floats(f.take("noise"), 0.0)?;
    let mut out = Vec::new();
    for (m, k) in pairs(&alphabets, &ks) {
        for &p in &noises {
            out.push(Source::Markov(
                Markov::new(m, k, p).map_err(|e| at(entry, e))?,
            ));
        }
    }
    Ok(out)
}

fn lagged_fibonacci(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
    let js = usizes(Some(f.require("j")?), 0, 1 << 40)?;
    let ks = usizes(Some(f.require("k")?), 0, 1 << 40)?;
    let mut out = Vec::new();
    for &m in &alphabets {
        for (j, k) in pairs(&js, &ks) {
            out.push(Source::LaggedFibonacci(
                LaggedFibonacci::new(m, j, k).map_err(|e| at(entry, e))?,
            ));
        }
    }
    Ok(out)
}

fn counter(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    usizes(f.take("width"), 6, 1 << 16)?
        .into_iter()
        .map(|w| Ok(Source::Counter(Counter::new(w).map_err(|e| at(entry, e))?)))
        .collect()
}

fn repeats(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let alphabets = usizes(f.take("alphabet"), 16, 1 << 16)?;
    let blocks = usizes(Some(f.require("block")?), 0, 1 << 30)?;
    let recalls = usizes(Some(f.require("recall")?), 0, 1 << 20)?;
    let copies = f.require("copy")?.grid(|v| v.as_f64())?;
    let mut out = Vec::new();
    for (m, l) in pairs(&alphabets, &blocks) {
        for (k, q) in pairs(&recalls, &copies) {
            out.push(Source::Repeats(
                Repeats::new(m, l, k, q).map_err(|e| at(entry, e))?,
            ));
        }
    }
    Ok(out)
}

fn markov_chain(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
    let orders = usizes(Some(f.require("order")?), 0, 1 << 16)?;
    let alphas = floats(f.take("alpha"), 0.5)?;
    let resamples: Vec<Option<usize>> = match f.take("resample") {
        None => vec![None],
        Some(n) => n.grid(|v| v.as_u64_in(0..=1 << 40).map(|l| Some(l as usize)))?,
    };
    let mut out = Vec::new();
    for (m, k) in pairs(&alphabets, &orders) {
        for (a, l) in pairs(&alphas, &resamples) {
            out.push(Source::MarkovChain(
                MarkovChain::new(m, k, a, l).map_err(|e| at(entry, e))?,
            ));
        }
    }
    Ok(out)
}

fn hmm(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let states = usizes(Some(f.require("states")?), 0, 1 << 16)?;
    let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
    let alphas = floats(f.take("alpha"), 0.5)?;
    let betas = floats(f.take("beta"), 0.5)?;
    let mut out = Vec::new();
    for (s, m) in pairs(&states, &alphabets) {
        for (a, b) in pairs(&alphas, &betas) {
            out.push(Source::Hmm(Hmm::new(s, m, a, b).map_err(|e| at(entry, e))?));
        }
    }
    Ok(out)
}

fn prng(entry: &Node, f: &mut Fields, _: &Path) -> Result<Vec<Source>> {
    let generators = f
        .require("generator")?
        .grid(|v| v.as_str().map(String::from))?;
    let bits: Vec<Option<u32>> = match f.take("bit") {
        None => vec![None],
        Some(n) => n.grid(|v| v.as_u64_in(0..=1 << 16).map(|b| Some(b as u32)))?,
    };
    let alphabets = usizes(f.take("alphabet"), 2, 1 << 16)?;
    let mut out = Vec::new();
    for g in &generators {
        for (b, m) in pairs(&bits, &alphabets) {
            out.push(Source::Prng(
                Prng::parse(g, b, m).map_err(|e| at(entry, e))?,
            ));
        }
    }
    Ok(out)
}

fn file(entry: &Node, f: &mut Fields, base_dir: &Path) -> Result<Vec<Source>> {
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
    alphabets
        .into_iter()
        .map(|alphabet| {
            Ok(Source::File(
                FileSource::new(&path, alphabet).map_err(|e| at(entry, e))?,
            ))
        })
        .collect()
}
