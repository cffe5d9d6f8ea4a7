#!/usr/bin/env bash
# Stops the single-node Slurm started by tests/slurm/start.sh, by PID file (never by name).
set -uo pipefail
for pidfile in /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid; do
  if [[ -f "$pidfile" ]] && pid=$(cat "$pidfile") && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "slurm: stopped $(basename "$pidfile" .pid) ($pid)"
  fi
done
