//! Does a Transformer trained online on a block-repeat file learn to look copies up?
//!
//!     cargo run --release -p neural --example copy_attention -- FILE BLOCK CONTEXT [D_MODEL [NGRAM]]
//!
//! Trains the default Transformer (with the context, d_model and ngram given) on FILE (one symbol
//! per byte, alphabet = largest byte + 1) as `bench compress` would, and prints, per tenth of
//! the file, the bits/symbol of the symbols inside copied blocks and of the others, and, for
//! every head, the mean attention mass that positions inside a copied block put on the
//! source block's aligned positions (the same offset ±1), beside what uniform attention over
//! the window would put there. A copied block is one equal to an earlier block of the file.

use std::collections::HashMap;

use neural::{Transformer, TransformerConfig};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: copy_attention FILE BLOCK CONTEXT [D_MODEL [NGRAM]]";
    let data = std::fs::read(args.get(1).expect(usage)).expect("readable file");
    let block: usize = args.get(2).expect(usage).parse().expect("BLOCK");
    let context: usize = args.get(3).expect(usage).parse().expect("CONTEXT");
    let d_model: usize = args.get(4).map_or(64, |d| d.parse().expect("D_MODEL"));
    let ngram: usize = args.get(5).map_or(1, |n| n.parse().expect("NGRAM"));
    let cfg = TransformerConfig {
        alphabet: *data.iter().max().expect("non-empty") as usize + 1,
        context,
        d_model,
        ngram,
        ..Default::default()
    };
    // The source block of each copied block: the first earlier block with its symbols.
    let mut first: HashMap<&[u8], usize> = HashMap::new();
    let source: Vec<Option<usize>> = data
        .chunks_exact(block)
        .enumerate()
        .map(|(b, blk)| {
            let seen = first.get(blk).copied();
            first.entry(blk).or_insert(b * block);
            seen
        })
        .collect();
    let mut model = Transformer::new(cfg.clone());
    let tenth = data.len() / 10;
    let mut copy_bits = (0.0, 0usize);
    let mut fresh_bits = (0.0, 0usize);
    let heads = cfg.layers * cfg.heads;
    let mut mass = vec![0.0f64; heads];
    let (mut uniform, mut looked) = (0.0f64, 0usize);
    println!("tenth | copied bits/symbol | other bits/symbol | aligned attention mass per head (layer.head) | uniform");
    for (p, &y) in data.iter().enumerate() {
        let probs = model.predict(1);
        let bits = -(probs[y as usize] as f64).log2();
        let src = source.get(p / block).copied().flatten();
        match src {
            Some(s) => {
                copy_bits.0 += bits;
                copy_bits.1 += 1;
                let (n, lo) = ((p + 1).min(context), p + 1 - (p + 1).min(context));
                let aligned = s + p % block;
                if aligned + 1 >= lo && aligned + 1 < lo + n {
                    for (h, m) in mass.iter_mut().enumerate() {
                        let w = model.attention(h / cfg.heads, h % cfg.heads);
                        let near = (aligned.saturating_sub(1).max(lo)..=(aligned + 1).min(p))
                            .map(|j| w[j - lo] as f64);
                        *m += near.sum::<f64>();
                    }
                    uniform += 3.0 / n as f64;
                    looked += 1;
                }
            }
            _ => {
                fresh_bits.0 += bits;
                fresh_bits.1 += 1;
            }
        }
        model.update(&[y]);
        if (p + 1) % tenth == 0 {
            let per = |(b, n): (f64, usize)| b / n.max(1) as f64;
            let heads: Vec<String> = mass
                .iter()
                .enumerate()
                .map(|(h, m)| {
                    format!(
                        "{}.{}: {:.3}",
                        h / cfg.heads,
                        h % cfg.heads,
                        m / looked.max(1) as f64
                    )
                })
                .collect();
            println!(
                "{} | {:.4} | {:.4} | {} | {:.4}",
                (p + 1) / tenth,
                per(copy_bits),
                per(fresh_bits),
                heads.join(", "),
                uniform / looked.max(1) as f64
            );
            (copy_bits, fresh_bits, uniform, looked) = ((0.0, 0), (0.0, 0), 0.0, 0);
            mass.iter_mut().for_each(|m| *m = 0.0);
        }
    }
}
