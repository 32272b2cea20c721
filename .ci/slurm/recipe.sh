#!/usr/bin/env bash
# docs/cluster.md's Slurm recipe on a real one-node Slurm (.ci/slurm/start.sh): the chapter's
# array and merge scripts, extracted from the chapter and submitted as written, run
# .ci/slurm/grid.yaml in four shards. One shard is cancelled (`scancel`, Slurm's SIGTERM) while
# it codes and resubmitted (the array script passes --resume); the merge waits on the shards
# with --dependency=afterok. The merged results.csv must hold the same compressed bytes per job
# as a one-machine `bench run` of the same file, and the jobs' TMPDIR must be left empty.
# Needs target/release/bench (cargo build --release). Run as root (it starts the cluster).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
export PATH="$repo/target/release:$PATH"
work="$(mktemp -d /tmp/slurm-recipe.XXXXXX)"
export EXPERIMENT="$repo/.ci/slurm/grid.yaml" OUT="$work/sharded" TMPDIR="$work/jobtmp"
mkdir -p "$TMPDIR"
started=$(date +%s)

bash .ci/slurm/start.sh
trap 'bash "$repo/.ci/slurm/stop.sh"' EXIT

# The chapter's scripts, as written between their markers.
block() {
  awk -v marker="<!-- $1 -->" '$0 == marker {found = 1; next}
    found && /^```bash$/ {inside = 1; next}
    inside && /^```$/ {exit}
    inside {print}' docs/cluster.md
}
block slurm-array > "$work/array.sh"
{ echo '#!/bin/bash'; block slurm-merge; } > "$work/merge.sh"
grep -q 'SLURM_ARRAY_TASK_ID' "$work/array.sh" && grep -q 'bench merge' "$work/merge.sh"

# Job states while Slurm still holds them (MinJobAge: 300 s after they end).
state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }
wait_for() { # job id, wanted state, seconds
  for _ in $(seq "$3"); do
    [ "$(state "$1")" = "$2" ] && return 0
    sleep 1
  done
  echo "slurm: job $1 is $(state "$1"), not $2, after $3 s" >&2
  scontrol show job "$1" >&2 || true
  return 1
}

cd "$work"
array=$(sbatch --parsable "$work/array.sh")
echo "array job $array submitted"
# Shard 0 runs first (the node has the CPUs of one task). Cancel it once it has finished a
# job and is coding another.
wait_for "${array}_0" RUNNING 60
journal="$OUT/shards/0-of-4.journal.jsonl"
for _ in $(seq 120); do
  [ -s "$journal" ] && break
  sleep 0.2
done
[ -s "$journal" ] || { echo "shard 0 finished no job in 24 s" >&2; exit 1; }
scancel "${array}_0"
wait_for "${array}_0" CANCELLED 60
done_before=$(wc -l < "$journal")
[ ! -e "$OUT/shards/0-of-4.csv" ] || { echo "a cancelled shard left its results as if complete" >&2; exit 1; }
again=$(sbatch --parsable --array=0 "$work/array.sh")
merge=$(sbatch --parsable --dependency="afterok:${array}_1:${array}_2:${array}_3:${again}" "$work/merge.sh")
echo "shard 0 cancelled after $done_before job(s), resubmitted as $again; merge $merge"
wait_for "$merge" COMPLETED 600
for job in "${array}_1" "${array}_2" "${array}_3" "${again}_0"; do
  [ "$(state "$job")" = COMPLETED ] || { echo "job $job is $(state "$job")" >&2; exit 1; }
done
# The resubmitted shard skipped what the cancelled one had finished.
grep -q "($done_before already done)" "$work/slurm-${again}_0.out" || {
  echo "the resubmitted shard did not resume from its journal:" >&2
  cat "$work/slurm-${again}_0.out" >&2
  exit 1
}

# The same grid on one machine; compressed bytes per job must agree.
bench run "$EXPERIMENT" --out "$work/single"
python3 - "$work/single/results.csv" "$OUT/results.csv" <<'PY'
import csv, sys
def table(path):
    with open(path, newline="") as f:
        return {int(r["job"]): (r["compressor"], r["source"], r["compressed_bytes"], r["verified"], r["error"]) for r in csv.DictReader(f)}
single, merged = table(sys.argv[1]), table(sys.argv[2])
assert single == merged, f"merged results differ from a one-machine run:\n{single}\n{merged}"
assert all(v[3] == "true" and not v[4] for v in merged.values()), merged
print(f"merged results.csv equals the one-machine run: {len(merged)} jobs, compressed bytes per job")
PY
leftover=$(find "$TMPDIR" -mindepth 1 | head)
[ -z "$leftover" ] || { echo "the jobs left files in their TMPDIR: $leftover" >&2; exit 1; }
echo "slurm recipe: passed in $(( $(date +%s) - started )) s"
cd "$repo" && rm -rf "$work"
