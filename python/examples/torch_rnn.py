"""The DeepZip report's ChRNN-128 and ChGRU-128 in PyTorch, served to the harness over the
predictor protocol, with the report code's recipe as docs/models.md documents it:

- one-hot input; each kernel over [x; h] drawn Glorot-uniform, ±sqrt(6 / (fan_in + fan_out)),
  the GRU's reset+update kernel and its candidate kernel as separate variables; zero biases
  but the GRU's reset and update gates at 1.0; output weights and bias Glorot too;
- the GRU candidate reset-before, n = tanh([x; r * h] W_c + b_c), as TensorFlow's GRUCell
  (PyTorch's nn.GRU is reset-after, so the cell is written out here);
- Adam at lr 2e-4, betas 0.9/0.999, eps 1e-8, no clipping; segments of 64 symbols, strictly
  online (each symbol predicted with the current weights, one Adam step per segment on the
  summed loss); one thread and deterministic algorithms, so a second run replays the first.

    bench compress --predictor "python3 $PWD/python/examples/torch_rnn.py" \\
        --params '{"cell": "gru", "hidden": 128}' IN OUT.dz

params: cell ("rnn" or "gru", default "gru"), hidden (default 128), lr (2e-4), bptt (64).
PyTorch is not needed by CI; install it to run this example.
"""

import hashlib
import math
import sys
from pathlib import Path

import torch

try:
    import deepzip_bench
except ImportError:  # run from the repository without `pip install ./python`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import deepzip_bench


def glorot(rows, cols, generator):
    limit = math.sqrt(6.0 / (rows + cols))
    return (torch.rand(rows, cols, generator=generator) * 2 - 1) * limit


class CharModel:
    def __init__(self, hello):
        params = hello.params
        self.cell = params.get("cell", "gru")
        if self.cell not in ("rnn", "gru"):
            raise ValueError(f"params.cell: expected rnn or gru, got {self.cell!r}")
        hidden = int(params.get("hidden", 128))
        self.bptt = int(params.get("bptt", 64))
        m, self.streams = hello.alphabet, hello.streams
        torch.manual_seed(hello.seed)
        g = torch.Generator().manual_seed(hello.seed)
        n_in = m + hidden
        weights = {}
        if self.cell == "rnn":
            weights["w"] = glorot(n_in, hidden, g)
            weights["b"] = torch.zeros(hidden)
        else:
            weights["w_gates"] = glorot(n_in, 2 * hidden, g)
            weights["b_gates"] = torch.ones(2 * hidden)
            weights["w_cand"] = glorot(n_in, hidden, g)
            weights["b_cand"] = torch.zeros(hidden)
        weights["w_out"] = glorot(hidden, m, g)
        limit = math.sqrt(6.0 / (2 * m))
        weights["b_out"] = (torch.rand(m, generator=g) * 2 - 1) * limit
        self.weights = {k: v.requires_grad_() for k, v in weights.items()}
        self.optimizer = torch.optim.Adam(
            self.weights.values(),
            lr=float(params.get("lr", 2e-4)),
            betas=(0.9, 0.999),
            eps=1e-8,
        )
        self.eye = torch.eye(m)
        self.h = torch.zeros(self.streams, hidden)
        self.x = torch.zeros(self.streams, m)
        self.loss = torch.zeros(())
        self.steps = 0
        self.logits = None

    def step(self, x, h):
        w = self.weights
        if self.cell == "rnn":
            return torch.tanh(torch.cat([x, h], 1) @ w["w"] + w["b"])
        gates = torch.sigmoid(torch.cat([x, h], 1) @ w["w_gates"] + w["b_gates"])
        r, u = gates.chunk(2, 1)
        candidate = torch.tanh(torch.cat([x, r * h], 1) @ w["w_cand"] + w["b_cand"])
        return u * h + (1 - u) * candidate

    def predict(self, live):
        self.h_next = self.step(self.x, self.h)
        self.logits = self.h_next @ self.weights["w_out"] + self.weights["b_out"]
        return torch.softmax(self.logits.detach(), 1)[:live].numpy()

    def update(self, symbols):
        live = len(symbols)
        target = torch.from_numpy(symbols.astype("int64"))
        self.loss = self.loss + torch.nn.functional.cross_entropy(
            self.logits[:live], target, reduction="sum"
        )
        # Streams that have ended keep their state; only the live ones advance.
        self.h = torch.cat([self.h_next[:live], self.h[live:]])
        self.x = torch.cat([self.eye[target], self.x[live:]])
        self.steps += 1
        if self.steps % self.bptt == 0:
            self.optimizer.zero_grad()
            self.loss.backward()
            self.optimizer.step()
            self.loss = torch.zeros(())
            self.h = self.h.detach()
            self.x = self.x.detach()


def version():
    """The file's hash: a file decodes only against the code that wrote it."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"{torch.__version__}-{digest}"


if __name__ == "__main__":
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    deepzip_bench.serve(CharModel, name="torch-charnn", version=version())
