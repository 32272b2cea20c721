"""A run's tables as pandas DataFrames (pandas is the `results` extra:
`pip install ./python[results]`), and `bench run` from Python."""

import re
from pathlib import Path

from .harness import call

# results.csv's columns by type, as the Rust side defines them (src/results_csv/results.rs;
# tests/python_columns.rs fails when the two part).
INTEGERS = ["job", "alphabet", "length", "seed"]
OPTIONAL_INTEGERS = [
    "compressed_bytes", "header_bytes", "threads", "peak_rss_bytes", "model_bytes",
    "prior_bytes", "pretrain_symbols",
]
FLOATS = [
    "bits_per_symbol", "entropy_rate_bps", "gap_bps", "oracle_bps", "bayes_bps",
    "compress_s", "decompress_s", "symbols_per_s", "cpu_s", "pretrain_s", "adjusted_bps",
]
TEXTS = ["experiment", "source", "source_params", "compressor", "compressor_params", "error"]
BOOLEANS = ["verified"]
OPTIONAL_BOOLEANS = ["mixed"]
# A shard's results and curves (`bench run --shard I/N` writes DIR/shards/I-of-N.csv).
SHARD = re.compile(r"^\d+-of-\d+\.csv$")
SHARD_CURVES = re.compile(r"^\d+-of-\d+\.curves\.csv$")
SHARD_ICL = re.compile(r"^\d+-of-\d+\.icl\.csv$")


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "reading results needs pandas: pip install './python[results]' (or pandas)"
        ) from e
    return pandas


def _tables(path, whole, shard):
    """The CSV files of a results folder, a results.csv itself, or a folder of shards."""
    path = Path(path)
    if path.is_file():
        return [path]
    if (path / whole).is_file():
        return [path / whole]
    for folder in (path / "shards", path):
        if folder.is_dir():
            found = sorted(p for p in folder.iterdir() if shard.match(p.name))
            if found:
                return found
    raise FileNotFoundError(f"{path}: no {whole} and no shard tables (shards/I-of-N.csv)")


def read_results(path):
    """One row per job of a results folder, a results.csv or a shard folder, as a DataFrame:
    typed columns, and every `source_params` and `compressor_params` setting split into a
    column of its own (`source.k`, `compressor.hidden`, …)."""
    pd = _pandas()
    frames = [
        pd.read_csv(p, dtype={c: str for c in TEXTS + BOOLEANS + OPTIONAL_BOOLEANS},
                    keep_default_na=False,
                    na_values={c: [""] for c in INTEGERS + OPTIONAL_INTEGERS + FLOATS})
        for p in _tables(path, "results.csv", SHARD)
    ]
    frame = pd.concat(frames, ignore_index=True).sort_values("job", ignore_index=True)
    for column in INTEGERS:
        frame[column] = frame[column].astype("int64" if column != "seed" else "uint64")
    for column in OPTIONAL_INTEGERS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in FLOATS:
        if column in frame:
            frame[column] = frame[column].astype("float64")
    for column in BOOLEANS:
        frame[column] = frame[column].str.lower() == "true"
    for column in OPTIONAL_BOOLEANS:
        if column in frame:
            cells = frame[column].fillna("").str.lower()
            frame[column] = cells.map({"true": True, "false": False, "": pd.NA}).astype("boolean")
    for which in ("source", "compressor"):
        settings = [parse_params(text) for text in frame[f"{which}_params"]]
        keys = list(dict.fromkeys(k for s in settings for k in s))
        for key in keys:
            values = [s.get(key) for s in settings]
            frame[f"{which}.{key}"] = pd.Series(values, dtype=_dtype(values), index=frame.index)
    return frame


def read_curves(path):
    """Every job's learning curve of a results folder or a shard folder, one row per window
    (job, position, bits_per_symbol, and the oracle's and Bayes learner's over the same
    window where the source has them), with the job's source, compressor and seed."""
    return _per_job(path, "curves.csv", SHARD_CURVES)


def read_icl(path):
    """The regret by position in context of a results folder or a shard folder (icl.csv):
    for each job on a source redrawn every L symbols, one row per position 1..L of a segment
    (bits_per_symbol there, averaged over the segments, beside oracle_bps and bayes_bps), with
    the job's source, compressor and seed; no rows for a grid without such sources."""
    return _per_job(path, "icl.csv", SHARD_ICL)


def _per_job(path, whole, shard):
    """A per-job table (`whole`, or its shards) with each job's source, compressor, seed and
    length."""
    pd = _pandas()
    frames = [pd.read_csv(p) for p in _tables(path, whole, shard)]
    table = pd.concat(frames, ignore_index=True)
    jobs = read_results(path)[["job", "source", "compressor", "seed", "length"]]
    return table.merge(jobs, on="job", how="left")


def run(experiment, out=None, **flags):
    """Runs `bench run EXPERIMENT --out OUT` with its progress on the terminal (`quiet=True`:
    kept for the error instead) and returns its results (`read_results`). Other flags are
    bench run's: `jobs=2`, `force=True`, `shard="0/4"`, `resume=True`. `out` defaults to
    bench's own results/NAME. Raises BenchError when a job failed or did not verify (the
    results are on disk all the same)."""
    quiet = flags.pop("quiet", False)
    args = ["run", experiment]
    if out is None:
        out = Path("results") / _name(experiment)
    args += ["--out", out]
    for key, value in flags.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is not None and value is not False:
            args += [flag, value]
    call(args, quiet=quiet)
    return read_results(out)


def _name(experiment):
    """The `name:` of an experiment file (bench run's default folder is results/NAME)."""
    for line in Path(experiment).read_text().splitlines():
        found = re.match(r"^name:\s*['\"]?([^'\"#\s]+)", line)
        if found:
            return found.group(1)
    raise ValueError(f"{experiment}: no `name:` line; give `out=`")


# `key=value` words: a value is "quoted", [bracketed], {braced} or runs to the next space.
_WORD = re.compile(r'\s*([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{.*?\}(?=\s|$)|\S*)')


def parse_params(text):
    """`k=3 noise=0.1 path="a b"` → {"k": 3, "noise": 0.1, "path": "a b"}: numbers as numbers,
    true/false as booleans, quotes taken off, lists and objects kept as written."""
    out, at = {}, 0
    text = text or ""
    while at < len(text):
        found = _WORD.match(text, at)
        if not found or found.end() == at:
            break
        key, value = found.group(1), found.group(2)
        out[key] = _value(value)
        at = found.end()
    return out


def _value(text):
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _dtype(values):
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float64"
    return "object"
