"""Protocol version 1, the predictor's side (docs/protocol.md)."""

import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

PROTOCOL = 1


@dataclass(frozen=True)
class Hello:
    """What the harness says first: the run the predictor is started for."""

    alphabet: int
    streams: int
    length: int
    seed: int
    mode: str
    params: dict = field(default_factory=dict)

    @property
    def steps(self):
        """Steps of the run: the input is cut into `streams` parts, the longer ones first."""
        base, extra = divmod(self.length, self.streams)
        return base + (1 if extra else 0)

    def live(self, t):
        """Streams that still have a symbol at step t (the first ones)."""
        base, extra = divmod(self.length, self.streams)
        return self.streams if t < base else extra


class ProtocolError(Exception):
    """The harness said something protocol 1 does not allow."""


def read_hello(line):
    """Parses the harness's first line."""
    try:
        fields = json.loads(line)
    except ValueError as e:
        raise ProtocolError(f"the hello line is not JSON: {e}") from e
    if fields.get("protocol") != PROTOCOL:
        raise ProtocolError(f"protocol {fields.get('protocol')}, this package speaks {PROTOCOL}")
    return Hello(
        alphabet=int(fields["alphabet"]),
        streams=int(fields["streams"]),
        length=int(fields["length"]),
        seed=int(fields["seed"]),
        mode=str(fields["mode"]),
        params=dict(fields.get("params") or {}),
    )


def _check_name(what, text):
    if not text or any(c.isspace() or c in "\"\\" or not c.isprintable() or ord(c) > 126 for c in text):
        raise ValueError(f"{what} must be printable ASCII without spaces, quotes or backslashes: {text!r}")


@contextmanager
def _protocol_stdout():
    """The real standard output for the protocol alone: meanwhile Python's `sys.stdout` and
    file descriptor 1 (what C extensions print to) both go to stderr, so a `print` in a model
    can never corrupt the stream of distributions."""
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    saved = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield protocol
    finally:
        sys.stdout = saved
        try:
            protocol.flush()
        finally:
            os.dup2(protocol.fileno(), 1)
            protocol.close()


def serve(make, name, version, stdin=None, stdout=None, parameters=None, bits_per_parameter=None):
    """Runs one predictor to the end of the harness's input.

    `make(hello)` builds the model for the run `hello` describes; `name` and `version` are
    announced to the harness, which records them in a `.dz` header (a decoder must announce the
    same; put a hash of any pretrained weights in `version`). A model that arrives pretrained
    declares its `parameters` (and their price, `bits_per_parameter`, 16 by default): the
    harness reports them as prior_bytes and the adjusted rate (docs/priors.md).

    On the real standard output (no `stdout` given), anything the model prints goes to stderr
    while this runs; the protocol keeps the real descriptor.
    """
    _check_name("name", name)
    _check_name("version", version)
    answer = {"protocol": PROTOCOL, "name": name, "version": version}
    answer.update(_declared_prior(parameters, bits_per_parameter))
    if stdout is None:
        with _protocol_stdout() as protocol:
            return _serve(make, answer, stdin, protocol)
    return _serve(make, answer, stdin, stdout)


def _declared_prior(parameters, bits_per_parameter):
    """The answer's fields that declare a pretrained model's size, checked as the harness will."""
    if parameters is None:
        if bits_per_parameter is not None:
            raise ValueError("bits_per_parameter needs parameters (the count of pretrained weights)")
        return {}
    if isinstance(parameters, bool) or not isinstance(parameters, int) or parameters < 1:
        raise ValueError(f"parameters must be a positive integer: {parameters!r}")
    fields = {"parameters": parameters}
    if bits_per_parameter is not None:
        if isinstance(bits_per_parameter, bool) or not isinstance(bits_per_parameter, int) \
                or not 1 <= bits_per_parameter <= 64:
            raise ValueError(f"bits_per_parameter must be an integer in 1..64: {bits_per_parameter!r}")
        fields["bits_per_parameter"] = bits_per_parameter
    return fields


def _serve(make, answer, stdin, stdout):
    stdin = stdin if stdin is not None else sys.stdin.buffer
    hello = read_hello(stdin.readline())
    stdout.write(json.dumps(answer).encode() + b"\n")
    stdout.flush()
    model = make(hello)
    m = hello.alphabet
    for t in range(hello.steps):
        live = hello.live(t)
        probs = np.asarray(model.predict(live), dtype="<f4")
        if probs.ndim != 2 or probs.shape[0] < live or probs.shape[1] != m:
            raise ValueError(
                f"step {t}: predict({live}) gave shape {probs.shape}, expected ({live}, {m})"
            )
        stdout.write(np.ascontiguousarray(probs[:live]).tobytes())
        stdout.flush()
        symbols = stdin.read(live)
        if len(symbols) != live:
            raise ProtocolError(f"step {t}: the harness sent {len(symbols)} of {live} symbols")
        model.update(np.frombuffer(symbols, dtype=np.uint8))
    if stdin.read(1):
        raise ProtocolError("the harness sent more symbols than the run has")
