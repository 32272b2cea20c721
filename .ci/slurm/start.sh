#!/usr/bin/env bash
# Starts a real one-node Slurm (Debian's slurmctld, slurmd and munge) for CI, as root:
# installs the packages when missing, makes a munge key, starts munged as the munge user, writes
# slurm.conf from slurm.conf.in, starts slurmctld and slurmd and waits for the node to be idle.
# .ci/slurm/stop.sh stops it. State and logs go to $SLURM_CI_STATE (default /tmp/slurm-ci).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="${SLURM_CI_STATE:-/tmp/slurm-ci}"
missing=()
for cmd in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
  command -v "${cmd%%:*}" >/dev/null 2>&1 || missing+=("${cmd##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
# A cluster left by an interrupted run is stopped first.
bash "$here/stop.sh"
mkdir -p "$state/ctld" "$state/d" /run/munge /etc/slurm
chown munge:munge /run/munge
[ -s /etc/munge/munge.key ] || mungekey -c -f -k /etc/munge/munge.key
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
runuser -u munge -- munged
for _ in $(seq 50); do
  [ -S /run/munge/munge.socket.2 ] && break
  sleep 0.1
done
host="$(hostname -s)"
sed -e "s|@HOST@|$host|g" -e "s|@CPUS@|$(nproc)|g" -e "s|@STATE@|$state|g" \
  "$here/slurm.conf.in" > /etc/slurm/slurm.conf
slurmctld
slurmd
for _ in $(seq 60); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then
    sinfo
    exit 0
  fi
  sleep 1
done
echo "slurm: the node did not become idle in 60 s; logs in $state" >&2
sinfo -N -l >&2 || true
tail -n 20 "$state"/*.log >&2 || true
exit 1
