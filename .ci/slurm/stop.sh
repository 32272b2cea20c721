#!/usr/bin/env bash
# Stops the one-node Slurm of .ci/slurm/start.sh (slurmd, slurmctld, then munged) and waits
# until they are gone, so a new start finds their sockets free. For CI machines: it stops any
# munged and Slurm daemons running here.
state="${SLURM_CI_STATE:-/tmp/slurm-ci}"
# Whether a process of that name runs (zombies aside).
alive() { ps -C "$1" -o stat= 2>/dev/null | grep -qv '^Z'; }
# Stops every process of that name: TERM, then KILL after 10 s.
stop() {
  pkill -x "$1" 2>/dev/null
  for _ in $(seq 100); do
    alive "$1" || return 0
    sleep 0.1
  done
  pkill -KILL -x "$1" 2>/dev/null
}
for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do
  [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
done
stop slurmd
stop slurmctld
stop munged
exit 0
