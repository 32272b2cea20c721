//! One table of bad inputs across the whole tool — experiment YAML, command-line arguments,
//! `.dz` files, results CSVs for check/merge/report, journals — each with the exact message
//! the user sees: every cause named once, the file and field named, exit code non-zero
//! (a warning, for the journal case that `--resume` repairs).

use std::path::Path;

use assert_cmd::Command;

const TINY: &str =
    "name: tiny\nlength: 500\nsources: [{kind: markov, k: 3}]\ncompressors: [{kind: gzip}]\n";

/// A grid entry with one field changed: `name: t`, 100 symbols, a counter and gzip.
fn yaml(extra: &str) -> String {
    format!("name: t\nlength: 100\n{extra}")
}

const SRC: &str = "sources: [{kind: counter}]\n";
const GZ: &str = "compressors: [{kind: gzip}]\n";

struct Case {
    /// Files to create in the case's folder first: (name, contents).
    files: Vec<(&'static str, Vec<u8>)>,
    /// Arguments; `@` stands for the case's folder.
    args: &'static str,
    /// The whole of stderr, `@` standing for the case's folder.
    stderr: &'static str,
    /// Expected exit status.
    ok: bool,
}

fn case(args: &'static str, stderr: &'static str) -> Case {
    Case {
        files: Vec::new(),
        args,
        stderr,
        ok: false,
    }
}

fn with(mut c: Case, name: &'static str, contents: impl Into<Vec<u8>>) -> Case {
    c.files.push((name, contents.into()));
    c
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// A finished tiny run's folder with its journal's third line damaged.
fn damaged_journal(dir: &Path) {
    std::fs::write(dir.join("tiny.yaml"), TINY.replace("k: 3", "k: [3, 4, 5]")).unwrap();
    Command::cargo_bin("bench")
        .unwrap()
        .args(["run", "tiny.yaml", "--out", "res"])
        .current_dir(dir)
        .assert()
        .success();
    let journal = dir.join("res/journal.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = "{\"key\": 1}";
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
}

fn cases() -> Vec<Case> {
    let good = fixture("sample.order2.dz");
    let mut bad_magic = good.clone();
    bad_magic[..4].copy_from_slice(b"PK\x03\x04");
    let mut version = good.clone();
    version[4] = 14;
    // A payload byte in the middle: the symbols decode differently.
    let mut crc = good.clone();
    let at = crc.len() * 3 / 5;
    crc[at] ^= 0x55;
    let truncated = good[..good.len() / 2].to_vec();
    vec![
        // Experiment YAML.
        case("run @/none.yaml", "error: cannot read experiment file @/none.yaml: No such file or directory (os error 2)\n"),
        with(case("run @/e.yaml", "error: @/e.yaml: not valid YAML: did not find expected node content at line 2 column 1, while parsing a flow node\n"), "e.yaml", "name: [\n"),
        with(case("run @/e.yaml", "error: @/e.yaml: colour: unknown field `colour` (expected one of: name, length, seeds, sources, compressors, verify, references)\n"), "e.yaml", yaml(&format!("colour: red\n{SRC}{GZ}"))),
        with(case("run @/e.yaml", "error: @/e.yaml: seeds[1]: `0` repeats seeds[0]: list each value once (for repeated runs, add seeds)\n"), "e.yaml", yaml(&format!("seeds: [0, 0]\n{SRC}{GZ}"))),
        with(case("plan @/e.yaml", "error: @/e.yaml: sources[0].k[1]: `5` repeats sources[0].k[0]: list each value once (for repeated runs, add seeds)\n"), "e.yaml", yaml(&format!("{GZ}sources: [{{kind: markov, k: [5, 5]}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[1]: gives the compressor `xz-9` that `compressors[0]` already gives: list each compressor once\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: xz}}, {{kind: xz, level: 9}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].kind: unknown compressor kind `brotli` (expected one of: gzip, bzip2, xz, zstd, order, cm, chrnn, chgru, lstm, feat, transformer, predictor, mixer, command)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: brotli}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].update_bias: applies to the GRU models (`chgru`, `feat`) only\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chrnn, update_bias: 1}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].recipe: expected one of: deepzip, tuned, got `fast`\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chgru, recipe: fast}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: sources[0].k: expected an order k >= 1, got 0\n"), "e.yaml", yaml(&format!("{GZ}sources: [{{kind: markov, k: 0}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: sources[0].probs: expected probabilities summing to 1 (within 1e-9), they sum to 0.9\n"), "e.yaml", yaml(&format!("{GZ}sources: [{{kind: iid, probs: [0.5, 0.4]}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: length: expected an integer in 1..=17179869184, got `0`\n"), "e.yaml", format!("name: t\nlength: 0\n{SRC}{GZ}")),
        with(case("run @/e.yaml", "error: @/e.yaml: sources[0].path: cannot read source file @/nope.bin: No such file or directory (os error 2)\n"), "e.yaml", yaml(&format!("{GZ}sources: [{{kind: file, path: nope.bin}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0]: `chgru-4096-L8-bptt100000` would need 185.0 GiB for its weights and TBPTT records (hidden, layers, window, bptt × streams) with 11 symbols; at most 8 GiB\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chgru, hidden: 4096, layers: 8, bptt: 100000}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].threads: applies to the neural models and predictors only (the other compressors run on one thread)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: gzip, threads: 2}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].threads: expected an integer in 1..=1024, got `0`\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chgru, threads: 0}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].threads: does not apply to `transformer` (it runs on one thread)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: transformer, threads: 2}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].heads: d_model 64 is not a multiple of heads 5 (each head takes d_model / heads)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: transformer, heads: [4, 5]}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0]: `transformer-L16-d4096-C65536-seg65536-B4096` would need 5820523.1 GiB for its weights, caches and segment records (d_model, layers, context, segment × streams) with 11 symbols; at most 8 GiB\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: transformer, layers: 16, d_model: 4096, context: 65536, segment: 65536, streams: 4096}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].window: unknown field `window` (expected one of: kind, context, layers, d_model, heads, segment, ngram, leak, lr, distance_lr, beta1, beta2, clip, streams, experts, pretrain, restart)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: transformer, window: 8}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].experts[1]: expected `match` or `orderK` with K in 0..=24, got `order25`\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chgru, experts: [match, order25]}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].experts: expected a list, got \"match\"\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: chgru, experts: match}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].experts: expected at least one expert (`match`, `order0` … `order24`)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: mixer, experts: []}}]\n"))),
        with(case("run @/e.yaml", "error: @/e.yaml: compressors[0].experts: unknown field `experts` (expected one of: kind, k)\n"), "e.yaml", yaml(&format!("{SRC}compressors: [{{kind: order, k: 2, experts: [match]}}]\n"))),
        with(case("compress -m chgru --experts match,match @/in.txt @/o.dz", "error: --experts (`experts[1]`): `match` is listed twice\n"), "in.txt", "abc"),
        with(case("run @/e.yaml", "error: @/e.yaml: references[0].compressor: `xz-9` is not a compressor of this experiment (its compressors: gzip-9)\n"), "e.yaml", yaml(&format!("{SRC}{GZ}references: [{{source: counter-6, compressor: xz-9, bits_per_symbol: 1, citation: X}}]\n"))),
        // Command-line arguments.
        with(case("run @/tiny.yaml --shard 4/4", "error: invalid value '4/4' for '--shard <SHARD>': expected I/N with 0 <= I < N (e.g. 0/4), got `4/4`\n\nFor more information, try '--help'.\n"), "tiny.yaml", TINY),
        with(case("run @/tiny.yaml --resume --force", "error: the argument '--resume' cannot be used with '--force'\n\nUsage: bench run --resume <EXPERIMENT>\n\nFor more information, try '--help'.\n"), "tiny.yaml", TINY),
        with(case("compress -m chgru --hidden 0 @/in.txt @/o.dz", "error: --hidden: expected an integer in 1..=4096, got `0`\n"), "in.txt", "abc"),
        with(case("compress -m brotli @/in.txt @/o.dz", "error: -m brotli: expected chgru, chrnn, lstm, feat, transformer, cm, mixer or order-K (the model-based compressors, which write .dz files)\n"), "in.txt", "abc"),
        with(case("compress -m chgru --recipe fast @/in.txt @/o.dz", "error: --recipe: expected one of: deepzip, tuned, got `fast`\n"), "in.txt", "abc"),
        with(case("compress -m order-3 --lr 0.1 @/in.txt @/o.dz", "error: --lr applies to the neural models, not to `order-3`\n"), "in.txt", "abc"),
        with(case("compress --neural none --recipe tuned @/in.txt @/o.dz", "error: --recipe does not apply to `cm` (the model without -m; its flags: --order, --table-bits, --limit, --sets, --apm, --apm2, --linear, --history, --mixer-shift, --mixer2, --word, --sparse, --column, --e8e9, --kt, --ways, --exact-split, --bytes, --engine, --neural); name another model with -m, or give cm a neural input with --neural\n"), "in.txt", "abc"),
        with(case("compress --fast --history off @/in.txt @/o.dz", "error: --history: `history` sets a part of cm's full engine; `engine: lean` has its own fixed parts and reads only table_bits, e8e9, exact_split, bytes\n"), "in.txt", "abc"),
        with(case("compress --neural gzip @/in.txt @/o.dz", "error: --neural: expected a neural kind for cm's input: chrnn, chgru, lstm, feat or transformer (or `none`), got `gzip`\n"), "in.txt", "abc"),
        with(case("compress --streams 2 @/in.txt @/o.dz", "error: --streams does not apply to `cm`: it codes one stream, bit by bit\n"), "in.txt", "abc"),
        with(with(case("compress -m order-2 @/in.txt @/o.dz", "error: @/o.dz already exists; pass --force to overwrite it\n"), "in.txt", "abc"), "o.dz", "keep"),
        case("compress @/none.txt @/o.dz", "error: cannot open @/none.txt: No such file or directory (os error 2)\n"),
        case("gen markov k=0 --len 10 -o @/g.bin", "error: source spec: `k`: expected an order k >= 1, got 0\n"),
        case("gen zipf --len 10 -o @/g.bin", "error: source spec: `kind`: unknown source kind `zipf` (expected one of: iid, markov, lagged_fibonacci, counter, repeats, markov_chain, hmm, prng, file)\n"),
        // .dz files.
        with(case("decompress @/x.dz @/out", "error: @/x.dz is not a valid .dz file: stream truncated (or corrupted): it ends before its header or its symbols do\n"), "x.dz", ""),
        with(case("decompress @/x.dz @/out", "error: @/x.dz is not a valid .dz file: not a .dz stream (bad magic bytes)\n"), "x.dz", bad_magic),
        with(case("decompress @/x.dz @/out", "error: @/x.dz is not a valid .dz file: unsupported .dz format version 14 (this build reads versions 1 to 13)\n"), "x.dz", version),
        with(case("decompress @/x.dz @/out", "error: @/x.dz: cannot decode: stream truncated (or corrupted): it ends before its header or its symbols do\n"), "x.dz", crc),
        with(case("decompress @/x.dz @/out", "error: @/x.dz: cannot decode: stream truncated (or corrupted): it ends before its header or its symbols do\n"), "x.dz", truncated),
        case("decompress @/none.dz @/out", "error: cannot open @/none.dz: No such file or directory (os error 2)\n"),
        // Results CSVs for check, merge and report.
        case("check @/none.csv --baseline @/none.csv", "error: cannot open @/none.csv: No such file or directory (os error 2)\n"),
        with(case("check @/r.csv --baseline @/r.csv", "error: @/r.csv: missing column `experiment`\n"), "r.csv", "a,b\n1,2\n"),
        case("report @/nowhere", "error: cannot open @/nowhere/results.csv: No such file or directory (os error 2)\n"),
        with(case("report @", "error: cannot open @/results.csv: No such file or directory (os error 2)\n"), "empty.txt", ""),
        with(case("report @", "error: @/results.csv: missing column `experiment`\n"), "results.csv", "a,b\n1,2\n"),
        with(case("report @", "error: cannot read @/results.csv as CSV: invalid utf-8 sequence\n"), "results.csv", fixture("fuzz-polars-csv-panic.csv")),
        case("merge @/nowhere", "error: @/nowhere/shards has no shards to merge: No such file or directory (os error 2)\n"),
        with(case("merge @", "error: @/shards holds no shard descriptions (*.json)\n"), "shards/readme.txt", ""),
        // Journals.
        with(with(case("run @/tiny.yaml --out @/res --resume --jobs 1", "tiny: 1 jobs on 1 cores, writing to @/res\nerror: @/res has results but no journal @/res/journal.jsonl to resume from; use --force or --out DIR\n"), "tiny.yaml", TINY), "res/results.csv", "x\n"),
        with(with(case("run @/tiny.yaml --out @/res --jobs 1", "tiny: 1 jobs on 1 cores, writing to @/res\nerror: @/res/journal.jsonl already exists; pass --resume to finish those results, --force to discard them, or --out DIR to write elsewhere\n"), "tiny.yaml", TINY), "res/journal.jsonl", ""),
    ]
}

fn run(dir: &Path, c: &Case) -> (bool, String) {
    for (name, contents) in &c.files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let at = dir.display().to_string();
    let args: Vec<String> = c.args.split(' ').map(|a| a.replace('@', &at)).collect();
    let out = Command::cargo_bin("bench")
        .unwrap()
        .args(&args)
        .current_dir(dir)
        .env("DEEPZIP_KERNELS", "auto")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&at, "@");
    (out.status.success(), stderr)
}

#[test]
fn every_bad_input_gets_its_one_message() {
    let cases = cases();
    assert!(cases.len() >= 30);
    let mut wrong = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let (ok, stderr) = run(dir.path(), c);
        if ok != c.ok || stderr != c.stderr {
            wrong.push(format!("case {i} `{}` (ok = {ok}):\n{stderr}", c.args));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_damaged_journal_line_is_a_warning_with_the_way_forward() {
    let dir = tempfile::tempdir().unwrap();
    damaged_journal(dir.path());
    let (ok, stderr) = run(dir.path(), &case("run tiny.yaml --out res --resume", ""));
    assert!(ok);
    let warning = stderr.lines().nth(1).unwrap();
    assert_eq!(
        warning,
        "warning: res/journal.jsonl: line 2 is damaged (invalid type: integer `1`, expected a string at line 1 column 9); its job, if any, runs again (same seed, same result) and the line is kept in res/journal.jsonl.damaged"
    );
}
