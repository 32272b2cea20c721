"""The replay check a model should pass before a long run: the harness decodes a file by
running the model a second time over the symbols it decodes, so the second run must compute
every float of the first, bit for bit. `check` runs the model twice in this process, the
second time with `mode` "decompress" as the harness's decode run says it, and names the first
step and stream where the two differ."""

import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .protocol import Hello

# Symbols checked when neither `length` nor `symbols` says.
DEFAULT_LENGTH = 20000
# Odd 64-bit multipliers of a row's fingerprint (a row is compared by its fingerprint, so
# the first run's outputs need not be kept).
_WEIGHTS = np.random.default_rng(20261205).integers(1, 2**63, size=256, dtype=np.uint64) * 2 + 1


@dataclass(frozen=True)
class Replay:
    """What `check` found."""

    replays: bool
    #: The first step (and stream) whose output differed between the two runs; None when it
    #: replays.
    step: Optional[int]
    stream: Optional[int]
    #: The ideal code length of the first run's distributions, bits per symbol (before the
    #: harness quantises them for its range coder).
    bits_per_symbol: float
    #: Symbols per second of the first run, the model alone (no protocol, no coder).
    symbols_per_s: float
    length: int

    def __str__(self):
        verdict = (
            "replays: both runs gave the same float32 outputs at every step"
            if self.replays
            else f"does NOT replay: step {self.step} (stream {self.stream}) differs "
            "between the compress and the decompress run"
        )
        return (
            f"{verdict}; {self.bits_per_symbol:.4f} bits/symbol ideal code length over "
            f"{self.length} symbols, {self.symbols_per_s:,.0f} symbols/s"
        )


def check(make, alphabet, streams=1, length=None, symbols=None, seed=0, params=None):
    """Runs `make(hello)`'s model twice over the same symbols, as the harness's compress and
    decompress runs do, and compares every step's float32 output bit for bit.

    `symbols` (a uint8 array over 0..alphabet-1) are the ones to run over; without them,
    `length` symbols (default 20000) of a noisy Markov-3 source over the alphabet, from the
    harness's generator. Returns a `Replay`: whether it replays, else the first differing step
    and stream; the ideal code length in bits/symbol; symbols/s.
    """
    if symbols is None:
        from .sources import source

        symbols = source("markov", length or DEFAULT_LENGTH, seed=seed, k=3, alphabet=alphabet,
                         noise=0.05)
    symbols = np.ascontiguousarray(symbols, dtype=np.uint8)
    if symbols.ndim != 1 or len(symbols) == 0:
        raise ValueError("symbols: expected a non-empty 1-d array")
    if int(symbols.max()) >= alphabet:
        raise ValueError(f"symbols: {int(symbols.max())} is not below the alphabet {alphabet}")
    if not 2 <= alphabet <= 256:
        raise ValueError(f"alphabet: {alphabet} (expected 2..=256)")
    fields = dict(alphabet=alphabet, streams=streams, length=len(symbols), seed=seed,
                  params=dict(params or {}))
    compress, decompress = Hello(mode="compress", **fields), Hello(mode="decompress", **fields)
    weights = _WEIGHTS[:alphabet]
    prints = np.zeros((compress.steps, streams), dtype=np.uint64)
    bits = 0.0
    start = time.perf_counter()
    for t, rows, chosen in _steps(make(compress), compress, symbols):
        prints[t, : len(rows)] = _fingerprints(rows, weights)
        p = rows.astype(np.float64)
        if not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p.sum(axis=1) <= 0):
            raise ValueError(f"step {t}: a distribution is not finite, non-negative and positive")
        bits -= float(np.sum(np.log2(p[np.arange(len(rows)), chosen] / p.sum(axis=1))))
    elapsed = time.perf_counter() - start
    step = stream = None
    for t, rows, _ in _steps(make(decompress), decompress, symbols):
        differ = np.nonzero(_fingerprints(rows, weights) != prints[t, : len(rows)])[0]
        if len(differ):
            step, stream = t, int(differ[0])
            break
    return Replay(
        replays=step is None,
        step=step,
        stream=stream,
        bits_per_symbol=bits / len(symbols),
        symbols_per_s=len(symbols) / max(elapsed, 1e-9),
        length=len(symbols),
    )


def _steps(model, hello, symbols):
    """The model's run over `symbols`, cut into `hello.streams` parts as the harness cuts them
    (part b starts at b·base + min(b, extra)): yields each step's live rows (float32) and the
    symbols that follow them, then hands those symbols to `update`."""
    base, extra = divmod(hello.length, hello.streams)
    starts = np.array([b * base + min(b, extra) for b in range(hello.streams)])
    m = hello.alphabet
    for t in range(hello.steps):
        live = hello.live(t)
        rows = np.asarray(model.predict(live), dtype="<f4")
        if rows.ndim != 2 or rows.shape[0] < live or rows.shape[1] != m:
            raise ValueError(f"step {t}: predict({live}) gave shape {rows.shape}, expected ({live}, {m})")
        chosen = symbols[starts[:live] + t]
        yield t, np.ascontiguousarray(rows[:live]), chosen
        model.update(chosen)


def _fingerprints(rows, weights):
    """One 64-bit fingerprint of each row's float32 bits (equal rows, equal prints)."""
    bits = rows.view(np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        return (bits * weights).sum(axis=1, dtype=np.uint64)
