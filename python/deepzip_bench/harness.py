"""The `bench` program this package drives: the one installed beside it (the wheel puts it on
the venv's PATH), or the one `DEEPZIP_BENCH` names (e.g. a checkout's target/release/bench)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH_ENV = "DEEPZIP_BENCH"


class BenchError(RuntimeError):
    """`bench` refused or failed; the message is what it said."""


def bench_path():
    """The `bench` executable: $DEEPZIP_BENCH, else the one beside this Python, else PATH's."""
    named = os.environ.get(BENCH_ENV)
    if named:
        return named
    beside = Path(sys.executable).parent / "bench"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("bench")
    if found:
        return found
    raise BenchError(
        "cannot find the `bench` program: install this package with `pip install ./python` "
        f"(it puts `bench` beside Python), or set {BENCH_ENV} to its path"
    )


def words(kind, fields):
    """`kind key=value …` as `bench` reads a source or model on its command line; each value
    written as YAML (lists as [a,b], strings quoted)."""
    return [str(kind)] + [f"{key}={yaml_value(value)}" for key, value in fields.items()]


def yaml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, os.PathLike):
        return yaml_value(os.fspath(value))
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return yaml_value(value.tolist())
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(yaml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as a field value")


def call(args, quiet=True):
    """Runs `bench ARGS`; with `quiet` its output is kept for the error, else it goes to the
    terminal (progress of a long run). Raises BenchError when it fails."""
    command = [bench_path()] + [str(a) for a in args]
    if quiet:
        done = subprocess.run(command, capture_output=True, text=True)
        said = (done.stderr or done.stdout).strip()
    else:
        done = subprocess.run(command)
        said = "see its output above"
    if done.returncode != 0:
        raise BenchError(f"`bench {' '.join(str(a) for a in args)}` failed ({said})")
    return done
