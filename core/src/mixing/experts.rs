//! The experts a YAML `experts:` list names (`match`, `order0` … `order24`), and the set of
//! them that runs beside a model: each gives the ln-probabilities of every symbol of a stream.

use super::match_model::MatchModel;
use super::order_expert::OrderExpert;

/// Highest order an `orderK` expert may have.
pub const MAX_EXPERT_ORDER: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expert {
    /// What followed earlier occurrences of the current context.
    Match,
    /// Counts of the symbols that followed the last k symbols.
    Order(usize),
}

impl Expert {
    /// The name YAML, headers and labels use.
    pub fn name(&self) -> String {
        match self {
            Expert::Match => "match".to_string(),
            Expert::Order(k) => format!("order{k}"),
        }
    }

    /// The expert a name means, or why not.
    pub fn from_name(word: &str) -> Result<Expert, String> {
        if word == "match" {
            return Ok(Expert::Match);
        }
        word.strip_prefix("order")
            .and_then(|k| k.parse::<usize>().ok())
            .filter(|&k| k <= MAX_EXPERT_ORDER && word == format!("order{k}"))
            .map(Expert::Order)
            .ok_or_else(|| {
                format!(
                    "expected `match` or `orderK` with K in 0..={MAX_EXPERT_ORDER}, got `{word}`"
                )
            })
    }
}

/// The running experts of one coding run: the match model first (when listed), then the
/// orders from low to high, whatever order the list gave them in.
pub struct ExpertSet {
    alphabet: usize,
    order: Vec<OrderExpert>,
    matcher: Option<MatchModel>,
    /// How many experts run (and so how many distributions each step gives the mixer).
    count: usize,
}

impl ExpertSet {
    /// `streams` streams of at most `stream_length` symbols each.
    pub fn new(experts: &[Expert], alphabet: usize, streams: usize, stream_length: u64) -> Self {
        let mut order = Vec::new();
        let mut matcher = None;
        for e in experts {
            match e {
                Expert::Match => {
                    matcher = Some(MatchModel::new(alphabet, streams, stream_length as usize))
                }
                Expert::Order(k) => order.push(OrderExpert::new(alphabet, *k, streams)),
            }
        }
        ExpertSet {
            alphabet,
            count: order.len() + matcher.is_some() as usize,
            order,
            matcher,
        }
    }

    /// Experts in the set.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Each expert's ln-probabilities of stream `b`'s next symbol, M after M into `out`.
    pub fn ln_probs(&mut self, b: usize, out: &mut [f32]) {
        let m = self.alphabet;
        let mut chunks = out.chunks_exact_mut(m);
        if let Some(matcher) = &mut self.matcher {
            matcher.ln_probs(b, chunks.next().expect("a slot per expert"));
        }
        for (expert, chunk) in self.order.iter().zip(chunks) {
            expert.ln_probs(b, chunk);
        }
    }

    /// The mixer's weight set for stream `b`'s next symbol: how long the match model's
    /// longest current match is (one set without a match model).
    pub fn selector(&self, b: usize) -> usize {
        self.matcher.as_ref().map_or(0, |m| m.selector(b))
    }

    /// Weight sets `selector` may name.
    pub fn selectors(&self) -> usize {
        if self.matcher.is_some() {
            MatchModel::SELECTORS
        } else {
            1
        }
    }

    /// Learns stream `b`'s symbol.
    pub fn update(&mut self, b: usize, symbol: u8) {
        if let Some(matcher) = &mut self.matcher {
            matcher.update(b, symbol);
        }
        for expert in &mut self.order {
            expert.update(b, symbol);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_bad_ones_are_refused() {
        for e in [Expert::Match, Expert::Order(0), Expert::Order(24)] {
            assert_eq!(Expert::from_name(&e.name()), Ok(e));
        }
        for bad in ["order25", "order", "order01", "orderx", "matches", ""] {
            assert!(Expert::from_name(bad).is_err(), "{bad}");
        }
    }
}
