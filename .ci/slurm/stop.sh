#!/usr/bin/env bash
# Stops the one-node Slurm of .ci/slurm/start.sh (slurmd, slurmctld, then munged).
state="${SLURM_CI_STATE:-/tmp/slurm-ci}"
for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do
  [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
done
pkill -x munged 2>/dev/null
sleep 1
exit 0
