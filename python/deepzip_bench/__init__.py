"""An outside predictor for deepzip-bench, in Python.

Write a model with two methods and hand a factory for it to `serve`:

    predict(live)    -> an array of at least `live` rows and M columns: the unnormalised
                        probabilities of each live stream's next symbol (streams 0..live-1)
    update(symbols)  -> the `live` symbols that followed (a uint8 array); train here

`serve` speaks protocol version 1 over stdin and stdout (docs/protocol.md in the
repository), so the harness codes the symbols with its own range coder, draws the learning
curves and checks that a second run replays the first. The model must compute the same
floats from the same symbols in both runs, or the file will not decode.
"""

from .protocol import Hello, serve

__all__ = ["Hello", "serve"]
__version__ = "1.0.0"
