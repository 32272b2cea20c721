"""An order-0 Krichevsky-Trofimov predictor in numpy: each stream counts the symbols it has
seen and predicts count + 1/2. Run by the harness (experiments/predictors.yaml), or by hand:

    bench compress --predictor "python3 $PWD/python/examples/kt_numpy.py" IN OUT.dz
"""

import sys
from pathlib import Path

import numpy as np

try:
    import deepzip_bench
except ImportError:  # run from the repository without `pip install ./python`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import deepzip_bench


class KT:
    def __init__(self, hello):
        self.counts = np.full((hello.streams, hello.alphabet), 0.5, dtype=np.float32)

    def predict(self, live):
        return self.counts[:live]

    def update(self, symbols):
        self.counts[np.arange(len(symbols)), symbols] += 1.0


if __name__ == "__main__":
    deepzip_bench.serve(KT, name="kt-numpy", version="1")
