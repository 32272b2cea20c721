"""An outside predictor for deepzip-bench, in Python.

Write a model with two methods and hand a factory for it to `serve`:

    predict(live)    -> an array of at least `live` rows and M columns: the unnormalised
                        probabilities of each live stream's next symbol (streams 0..live-1)
    update(symbols)  -> the `live` symbols that followed (a uint8 array); train here

`serve` speaks protocol version 1 over stdin and stdout (docs/protocol.md in the
repository), so the harness codes the symbols with its own range coder, draws the learning
curves and checks that a second run replays the first. The model must compute the same
floats from the same symbols in both runs, or the file will not decode.

The same package drives the harness from Python (the `bench` program installed beside it):
`source`, `entropy_rate` and `describe` give the harness's sources as numpy arrays;
`check` runs a model twice to prove it replays before a long run; `run`, `read_results`,
`read_curves` and `read_icl` run a grid and read its tables as pandas DataFrames
(docs/python.md).
"""

from .harness import BenchError
from .protocol import Hello, serve
from .replay import Replay, check
from .results import read_curves, read_icl, read_results, run
from .sources import describe, entropy_rate, source

__all__ = [
    "BenchError",
    "Hello",
    "Replay",
    "check",
    "describe",
    "entropy_rate",
    "read_curves",
    "read_icl",
    "read_results",
    "run",
    "serve",
    "source",
]

def _version():
    """The installed wheel's version, which maturin takes from Cargo.toml (bench's own), or
    the checkout's Cargo.toml where the package runs from the repository."""
    from importlib import metadata

    try:
        return metadata.version("deepzip-bench")
    except metadata.PackageNotFoundError:
        import re
        from pathlib import Path

        try:
            cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text()
        except OSError:
            return "unknown"
        found = re.search(r'^version = "([^"]+)"', cargo, re.M)
        return found.group(1) if found else "unknown"


__version__ = _version()
