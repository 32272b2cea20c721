#!/usr/bin/env bash
# The Python side as a user gets it (docs/python.md): maturin builds the wheel from the
# release build that `cargo test --release` left (no second build), the wheel is installed
# into a fresh venv, and the package's tests, docs/python.md's code included, run against that
# installed `bench` with no cargo on PATH.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
started=$(date +%s)
work="$(mktemp -d /tmp/deepzip-python.XXXXXX)"
trap 'rm -rf "$work"' EXIT

python3 -c "import ensurepip" 2>/dev/null || {
  apt-get update && apt-get install -y --no-install-recommends python3-venv
}
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet "maturin>=1.5,<2"
(cd "$repo/python" && "$work/build/bin/maturin" build --release --quiet --out "$work/wheels")
wheel="$(ls "$work"/wheels/deepzip_bench-*.whl)"
echo "wheel: $(basename "$wheel"), $(du -h "$wheel" | cut -f1)"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$wheel[results]" matplotlib

# The system's programs without the Rust toolchain.
mkdir "$work/bin"
for dir in /usr/local/bin /usr/bin /bin; do
  for program in "$dir"/*; do
    name="$(basename "$program")"
    case "$name" in cargo* | rustc* | rustup* | rustdoc* | rust-* | clippy*) continue ;; esac
    [ -e "$work/bin/$name" ] || ln -s "$program" "$work/bin/$name"
  done
done

cd "$work"
env -u DEEPZIP_BENCH PATH="$work/venv/bin:$work/bin" bash -c '
  set -euo pipefail
  if command -v cargo >/dev/null; then echo "cargo is on PATH" >&2; exit 1; fi
  bench --version
  python -m unittest discover -s "$1/python/tests"
' _ "$repo"
echo "python: wheel built, installed without cargo and tested in $(( $(date +%s) - started )) s"
