#!/usr/bin/env bash
# A .dz written by the portable build must decode with a build for this machine's CPU
# (-C target-cpu=native: AVX2/AVX-512/FMA where present) and the other way round, and both
# builds must write the very same bytes: the proof that results decode on another machine.
# The portable build also runs with DEEPZIP_KERNELS=baseline (its SSE2 kernels, as on a CPU
# without AVX2) beside its default (AVX2 kernels where this CPU has them): same bytes again.
# Thread counts differ between the runs (1, 3, all cores): a file decodes on any count.
# Then .ci/cross_arch.sh checks the same settings against an aarch64 build under emulation.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every machine trains each prior itself: a prior read from the cache across runs would hide
# a difference.
export DEEPZIP_PRIOR_CACHE=off
source .ci/models.sh
cargo build --release --quiet
RUSTFLAGS="-C target-cpu=native" cargo build --release --quiet --target-dir target/native
portable=target/release/bench
native=target/native/release/bench
input=experiments/data/sample.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for words in "${MODELS[@]}"; do
  "$portable" compress -q --threads 1 --spec "$words" "$input" "$work/portable.dz"
  "$native" compress -q --threads 3 --spec "$words" "$input" "$work/native.dz"
  DEEPZIP_KERNELS=baseline "$portable" compress -q --spec "$words" "$input" "$work/baseline.dz"
  cmp "$work/portable.dz" "$work/native.dz"
  cmp "$work/portable.dz" "$work/baseline.dz"
  "$native" decompress -q --threads 1 "$work/portable.dz" "$work/a.out"
  "$portable" decompress -q --threads 3 "$work/native.dz" "$work/b.out"
  DEEPZIP_KERNELS=baseline "$portable" decompress -q "$work/native.dz" "$work/c.out"
  cmp "$work/a.out" "$input"
  cmp "$work/b.out" "$input"
  cmp "$work/c.out" "$input"
  rm -f "$work"/*
  echo "cross-CPU ok: $words"
done
bash .ci/cross_arch.sh
