//! A source's parameters as text (`key=value` words, stable across versions: results.csv's
//! `source_params`, part of a row's identity) and back: the one writer of that text and its
//! one reader, side by side, so a figure reads a source's typed parameters
//! (`Source::from_params`) and a renamed setting fails the round-trip test instead of
//! silently dropping a line from a figure.

use crate::{
    number, prng, Counter, FileAlphabet, Hmm, Iid, LaggedFibonacci, Markov, MarkovChain, Prng,
    Repeats, Source,
};

impl Source {
    /// Parameters as `key=value` pairs separated by spaces, stable across versions.
    pub fn params(&self) -> String {
        match self {
            Source::Iid(s) => {
                let probs: Vec<String> = s.probs().iter().map(|&p| number(p)).collect();
                format!("probs=[{}]", probs.join(","))
            }
            Source::Markov(s) => {
                format!("M={} k={} noise={}", s.alphabet(), s.k(), number(s.noise()))
            }
            Source::LaggedFibonacci(s) => format!("M={} j={} k={}", s.alphabet(), s.j(), s.k()),
            Source::Counter(s) => format!("width={}", s.width()),
            Source::Repeats(s) => format!(
                "M={} L={} K={} q={}",
                s.alphabet(),
                s.block(),
                s.recall(),
                number(s.copy())
            ),
            Source::MarkovChain(s) => {
                let resample = s
                    .resample()
                    .map_or(String::new(), |l| format!(" resample={l}"));
                format!(
                    "M={} order={} alpha={}{resample}",
                    s.alphabet(),
                    s.order(),
                    number(s.alpha())
                )
            }
            Source::Hmm(s) => format!(
                "states={} M={} alpha={} beta={}",
                s.states(),
                s.alphabet(),
                number(s.alpha()),
                number(s.beta())
            ),
            Source::Prng(s) => match s.output() {
                prng::Output::Bit(b) => format!("generator={} bit={b}", s.generator().name()),
                prng::Output::LowByte => {
                    format!("generator={} M=256", s.generator().name())
                }
            },
            Source::File(s) => {
                let path = s.path().display();
                match s.file_alphabet() {
                    FileAlphabet::Size(m) => format!("path={path} alphabet={m}"),
                    FileAlphabet::Auto if s.alphabet() <= 16 => {
                        let values: Vec<String> = s.values().iter().map(u8::to_string).collect();
                        format!("path={path} alphabet=auto values=[{}]", values.join(","))
                    }
                    FileAlphabet::Auto => {
                        format!("path={path} alphabet=auto values={}", s.alphabet())
                    }
                }
            }
        }
    }

    /// The source whose `params()` is `text`; `None` for a file (rebuilding it would read
    /// the file) and for text this version did not write.
    pub fn from_params(text: &str) -> Option<Source> {
        let words: Vec<(&str, &str)> = text
            .split_whitespace()
            .map(|w| w.split_once('='))
            .collect::<Option<_>>()?;
        let get = |key: &str| words.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let int = |key: &str| get(key)?.parse::<usize>().ok();
        let float = |key: &str| get(key)?.parse::<f64>().ok();
        let keys: Vec<&str> = words.iter().map(|(k, _)| *k).collect();
        let source = match keys.as_slice() {
            ["probs"] => {
                let list = get("probs")?.strip_prefix('[')?.strip_suffix(']')?;
                let probs = list
                    .split(',')
                    .map(|p| p.parse().ok())
                    .collect::<Option<_>>()?;
                Source::Iid(Iid::new(probs).ok()?)
            }
            ["M", "k", "noise"] => {
                Source::Markov(Markov::new(int("M")?, int("k")?, float("noise")?).ok()?)
            }
            ["M", "j", "k"] => {
                Source::LaggedFibonacci(LaggedFibonacci::new(int("M")?, int("j")?, int("k")?).ok()?)
            }
            ["width"] => Source::Counter(Counter::new(int("width")?).ok()?),
            ["M", "L", "K", "q"] => {
                Source::Repeats(Repeats::new(int("M")?, int("L")?, int("K")?, float("q")?).ok()?)
            }
            ["M", "order", "alpha"] | ["M", "order", "alpha", "resample"] => {
                let resample = match get("resample") {
                    Some(_) => Some(int("resample")?),
                    None => None,
                };
                Source::MarkovChain(
                    MarkovChain::new(int("M")?, int("order")?, float("alpha")?, resample).ok()?,
                )
            }
            ["states", "M", "alpha", "beta"] => Source::Hmm(
                Hmm::new(int("states")?, int("M")?, float("alpha")?, float("beta")?).ok()?,
            ),
            ["generator", "bit"] | ["generator", "M"] => {
                let generator = prng::Generator::from_name(get("generator")?)?;
                let output = match get("bit") {
                    Some(b) => prng::Output::Bit(b.parse().ok()?),
                    None if int("M")? == 256 => prng::Output::LowByte,
                    None => return None,
                };
                Source::Prng(Prng::new(generator, output).ok()?)
            }
            _ => return None,
        };
        // Only text this version writes: anything else (a reordered or extra word) is not it.
        (source.params() == text).then_some(source)
    }
}
