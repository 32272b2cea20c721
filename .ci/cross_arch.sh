#!/usr/bin/env bash
# The cross-architecture half of the promise that a .dz decodes on another machine: the core
# crate's `dz` tool, cross-built for aarch64 with Debian's toolchain and run under qemu-user,
# must write the very bytes that x86-64 writes for every setting of .ci/models.sh, decode
# x86-64's files, have its own decoded by x86-64, and decode every committed fixture.
# Emulated runs use one thread: this Debian's qemu-user hangs on threaded aarch64 programs,
# so thread counts are checked on x86-64 only (.ci/cross_cpu.sh, the thread tests).
set -euo pipefail
cd "$(dirname "$0")/.."
# Every machine trains each prior itself: a prior read from the cache across runs would hide
# a difference.
export DEEPZIP_PRIOR_CACHE=off
source .ci/models.sh

target=aarch64-unknown-linux-gnu
if ! command -v qemu-aarch64 >/dev/null 2>&1 || ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 \
  || [ ! -x /usr/bin/cargo ] || ! dpkg -s libstd-rust-web-dev:arm64 >/dev/null 2>&1; then
  dpkg --add-architecture arm64
  apt-get update
  apt-get install -y --no-install-recommends rustc-web cargo-web gcc-aarch64-linux-gnu \
    libc6-dev-arm64-cross libstd-rust-web-dev:arm64 qemu-user
fi

# Debian's rustc has the aarch64 standard library; the rustup toolchain on PATH does not.
RUSTC=/usr/bin/rustc \
  CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
  CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc \
  /usr/bin/cargo build --release --quiet -p deepzip-core --bin dz --target "$target" \
  --target-dir target/cross
cargo build --release --quiet -p deepzip-core --bin dz
cargo build --release --quiet --bin bench
x86=target/release/dz
bench=target/release/bench
arm() { qemu-aarch64 -L /usr/aarch64-linux-gnu "target/cross/$target/release/dz" "$@"; }
# ELF e_machine 0xb7: AArch64.
[ "$(od -An -tx1 -j18 -N2 "target/cross/$target/release/dz" | tr -d ' ')" = b700 ] || {
  echo "the cross build is not an aarch64 binary" >&2
  exit 1
}

input=experiments/data/sample.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for words in "${MODELS[@]}"; do
  # shellcheck disable=SC2086
  "$x86" compress -q --threads 1 "$input" "$work/x86.dz" $words
  # shellcheck disable=SC2086
  arm compress -q --threads 1 "$input" "$work/arm.dz" $words
  # `dz` and `bench compress` are one code path: the same bytes again.
  "$bench" compress -q --threads 1 --spec "$words" "$input" "$work/bench.dz"
  cmp "$work/x86.dz" "$work/arm.dz"
  cmp "$work/x86.dz" "$work/bench.dz"
  arm decompress -q --threads 1 "$work/x86.dz" "$work/a.out"
  "$x86" decompress -q --threads 1 "$work/arm.dz" "$work/b.out"
  cmp "$work/a.out" "$input"
  cmp "$work/b.out" "$input"
  rm -f "$work"/*
  echo "cross-architecture ok (x86-64 and emulated aarch64): $words"
done
for fixture in tests/fixtures/*.dz; do
  "$x86" decompress -q --threads 1 "$fixture" "$work/x86.out"
  arm decompress -q --threads 1 "$fixture" "$work/arm.out"
  cmp "$work/x86.out" "$work/arm.out"
  rm -f "$work"/*
  echo "fixture decodes on emulated aarch64: $fixture"
done
