"""A protocol-1 predictor (standard library only) that misbehaves as its argument says, for
the tests of every way an outside predictor can fail. With `good` it is a correct uniform
predictor; `noise` makes it non-replayable from step 5 of stream 1 on; `no-flush`, `too-few`, `print`
and `float64` are the slips of a first client; `cheat FILE` (one stream) reads the symbols it
is asked to predict from FILE and puts all but 1e-9 of the mass on the next one: it decodes
bit for bit, and only the Kraft check catches it. `pretrained N` is the correct uniform
predictor declaring N pretrained parameters in its answer (priced in prior_bytes)."""

import io
import json
import os
import struct
import sys
import time

fault = sys.argv[1]
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
hello = json.loads(stdin.readline())
m, streams, length = hello["alphabet"], hello["streams"], hello["length"]
if fault == "not-json":
    stdout.write(b"hello there\n")
    stdout.flush()
    sys.exit(0)
answer = {"protocol": 2 if fault == "protocol-2" else 1, "name": "misbehave", "version": "1"}
if fault == "pretrained":
    answer["parameters"] = int(sys.argv[2])
stdout.write(json.dumps(answer).encode() + b"\n")
stdout.flush()
base, extra = divmod(length, streams)
steps = base + (1 if extra else 0)
print("misbehave: started", file=sys.stderr, flush=True)
future = open(sys.argv[2], "rb").read() if fault == "cheat" else b""
for t in range(steps):
    live = streams if t < base else extra
    values = [1.0] * (m * live)
    if fault == "cheat":
        values = [1e-9] * (m * live)
        values[future[t]] = 1.0
    if t == 3:
        if fault == "nan":
            values[0] = float("nan")
        elif fault == "inf":
            values[m] = float("inf")
        elif fault == "negative":
            values[1] = -0.5
        elif fault == "zeros":
            values[:m] = [0.0] * m
        elif fault == "short":
            stdout.write(struct.pack("<f", 1.0))
            stdout.flush()
            print("misbehave: gave up at step 3", file=sys.stderr, flush=True)
            sys.exit(0)
        elif fault == "early-exit":
            print("misbehave: out of memory, say", file=sys.stderr, flush=True)
            sys.exit(0)
        elif fault == "hang":
            time.sleep(3600)
        elif fault == "no-flush":
            # The values stay in a buffer while it waits for the symbols (its own buffer and a
            # raw read: PYTHONUNBUFFERED, or a buffered read of stdin, would flush stdout).
            buffered = io.BufferedWriter(io.FileIO(1, "wb", closefd=False), 1 << 16)
            buffered.write(struct.pack(f"<{len(values)}f", *values))
            os.read(0, live)
            sys.exit(6)
        elif fault == "too-few":
            values.pop()
    if fault == "print" and t == 0:
        stdout.write(b"debug: step 0\n")
    if fault == "float64":
        stdout.write(struct.pack(f"<{len(values)}d", *values))
        stdout.flush()
        if len(stdin.read(live)) != live:
            sys.exit(4)
        continue
    if fault == "noise" and t >= 5 and live > 1:
        values[m] += int.from_bytes(os.urandom(2), "little") / 1000.0
    stdout.write(struct.pack(f"<{len(values)}f", *values))
    stdout.flush()
    if len(stdin.read(live)) != live:
        sys.exit(4)
if fault == "trailing":
    stdout.write(b"bye\n")
    stdout.flush()
if stdin.read(1):
    sys.exit(5)
if fault == "exit-3":
    print("misbehave: failing on purpose", file=sys.stderr, flush=True)
    sys.exit(3)
