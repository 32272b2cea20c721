"""The Python side of protocol 1, against in-memory streams: the answer line, the bytes of
each step, the cut into streams, and the errors a model or the harness can make."""

import io
import json
import os
import struct
import subprocess
import sys
import textwrap
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deepzip_bench import Hello, serve  # noqa: E402
from deepzip_bench.protocol import ProtocolError, read_hello  # noqa: E402


def hello_line(alphabet=2, streams=1, length=3, params=None):
    fields = {
        "protocol": 1,
        "alphabet": alphabet,
        "streams": streams,
        "length": length,
        "seed": 0,
        "mode": "compress",
        "params": params or {},
    }
    return json.dumps(fields).encode() + b"\n"


class Counter:
    """Predicts count + 1 per symbol; records what it saw."""

    def __init__(self, hello):
        self.hello = hello
        self.counts = np.ones((hello.streams, hello.alphabet), dtype=np.float32)
        self.seen = []

    def predict(self, live):
        return self.counts

    def update(self, symbols):
        self.seen.append(symbols.tolist())
        self.counts[np.arange(len(symbols)), symbols] += 1


class ProtocolTest(unittest.TestCase):
    def run_serve(self, stdin_bytes, make=Counter, name="t", version="1"):
        models = []

        def factory(hello):
            models.append(make(hello))
            return models[-1]

        out = io.BytesIO()
        serve(factory, name, version, stdin=io.BytesIO(stdin_bytes), stdout=out)
        return out.getvalue(), models[0]

    def test_one_stream_answers_and_sends_each_step(self):
        out, model = self.run_serve(hello_line(length=3) + bytes([1, 1, 0]))
        line, rest = out.split(b"\n", 1)
        self.assertEqual(json.loads(line), {"protocol": 1, "name": "t", "version": "1"})
        self.assertEqual(len(rest), 3 * 2 * 4)
        steps = struct.unpack("<6f", rest)
        self.assertEqual(steps, (1.0, 1.0, 1.0, 2.0, 1.0, 3.0))
        self.assertEqual(model.seen, [[1], [1], [0]])

    def test_a_pretrained_model_declares_its_parameters(self):
        out = io.BytesIO()
        serve(Counter, "t", "1", stdin=io.BytesIO(hello_line(length=1) + bytes([0])),
              stdout=out, parameters=1001, bits_per_parameter=4)
        line = out.getvalue().split(b"\n", 1)[0]
        self.assertEqual(json.loads(line), {"protocol": 1, "name": "t", "version": "1",
                                            "parameters": 1001, "bits_per_parameter": 4})
        for bad in [dict(parameters=0), dict(parameters=2.5), dict(bits_per_parameter=8),
                    dict(parameters=10, bits_per_parameter=65)]:
            with self.assertRaises(ValueError):
                serve(Counter, "t", "1", stdin=io.BytesIO(b""), stdout=io.BytesIO(), **bad)

    def test_streams_are_cut_like_the_harness_cuts_them(self):
        # 7 symbols in 3 streams: 2 full steps, then 1 live stream.
        hello = read_hello(hello_line(streams=3, length=7))
        self.assertEqual([hello.live(t) for t in range(hello.steps)], [3, 3, 1])
        out, model = self.run_serve(hello_line(streams=3, length=7) + bytes([0, 1, 1, 1, 0, 0, 1]))
        self.assertEqual(model.seen, [[0, 1, 1], [1, 0, 0], [1]])
        self.assertEqual(len(out.split(b"\n", 1)[1]), (3 + 3 + 1) * 2 * 4)

    def test_errors_are_named(self):
        with self.assertRaisesRegex(ProtocolError, "protocol 2"):
            read_hello(b'{"protocol": 2}\n')
        with self.assertRaisesRegex(ProtocolError, "not JSON"):
            read_hello(b"hello\n")
        with self.assertRaisesRegex(ProtocolError, "step 1: the harness sent 0 of 1 symbols"):
            self.run_serve(hello_line(length=3) + bytes([1]))
        with self.assertRaisesRegex(ProtocolError, "more symbols"):
            self.run_serve(hello_line(length=1) + bytes([1, 0]))
        with self.assertRaisesRegex(ValueError, "without spaces"):
            self.run_serve(hello_line(), name="two words")

        class Wrong(Counter):
            def predict(self, live):
                return np.ones((live, 3))

        with self.assertRaisesRegex(ValueError, r"step 0: predict\(1\) gave shape \(1, 3\)"):
            self.run_serve(hello_line() + bytes([0, 0, 0]), make=Wrong)

    def test_a_model_that_prints_cannot_corrupt_the_stream(self):
        # A model printing from Python and writing to descriptor 1 as C code would: on the real
        # stdout only the protocol's bytes come, the prints go to stderr.
        package = Path(__file__).resolve().parents[1]
        script = textwrap.dedent(
            f"""
            import os, sys
            sys.path.insert(0, {str(package)!r})
            import numpy as np
            from deepzip_bench import serve

            class Chatty:
                def __init__(self, hello):
                    print("building the model")
                def predict(self, live):
                    print("predicting", live)
                    os.write(1, b"from C\\n")
                    return np.ones((live, 2), dtype=np.float32)
                def update(self, symbols):
                    print("loss", 0.5, file=sys.stdout)

            serve(Chatty, "chatty", "1")
            print("after serve")
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=hello_line(length=2) + bytes([1, 0]),
            capture_output=True,
            check=True,
        )
        answer = json.dumps({"protocol": 1, "name": "chatty", "version": "1"}).encode() + b"\n"
        steps = struct.pack("<4f", 1.0, 1.0, 1.0, 1.0)
        self.assertEqual(done.stdout, answer + steps + b"after serve\n")
        for said in [b"building the model", b"predicting 1", b"from C", b"loss 0.5"]:
            self.assertIn(said, done.stderr)

    def test_hello_fields(self):
        hello = read_hello(hello_line(alphabet=5, streams=2, length=9, params={"lr": 0.1}))
        self.assertEqual(hello, Hello(5, 2, 9, 0, "compress", {"lr": 0.1}))


if __name__ == "__main__":
    unittest.main()
