#!/usr/bin/env bash
# Starts a real single-node Slurm (slurmctld + slurmd + munged) on this machine without systemd,
# as ../shared/contracts/slurm.md describes. Installs slurm-wlm and munge with apt-get when missing.
# Idempotent: when the cluster already answers, it prints how to reach it and exits at once.
# Exit codes: 0 running; 2 cannot start here (not root, no apt-get, install failed): the reason is on stderr.
set -euo pipefail

conf=/etc/slurm/slurm.conf
log_dir=/var/log/slurm

say_how_to_reach() {
  echo "slurm: running (single node 'localhost', partition 'debug', config $conf)"
  echo "slurm: try 'sinfo', 'sbatch --parsable --wrap=hostname', 'squeue -t all'; stop with tests/slurm/stop.sh"
}

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

if command -v sinfo >/dev/null 2>&1 && alive /run/slurmctld.pid && alive /run/slurmd.pid \
  && sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated|completing)'; then
  say_how_to_reach
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "slurm: cannot start: not root (installing and starting the daemons needs root)" >&2
  exit 2
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "slurm: cannot start: slurm-wlm is not installed and there is no apt-get" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge; } >/tmp/slurm-apt.log 2>&1; then
    echo "slurm: cannot start: apt-get install slurm-wlm munge failed (see /tmp/slurm-apt.log)" >&2
    exit 2
  fi
fi

# munge: the key comes from the Debian postinst; the socket folder lives on tmpfs.
if [[ ! -f /etc/munge/munge.key ]]; then
  /usr/sbin/mungekey --create >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
fi
install -d -o munge -g munge -m 0755 /run/munge
if ! alive /run/munge/munged.pid; then
  runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done

install -d -o slurm -g slurm /var/spool/slurmctld "$log_dir"
install -d /var/spool/slurmd
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)
cat >"$conf.new" <<CONF
# Written by tests/slurm/start.sh: a single-node test cluster (no cgroups, no slurmdbd).
ClusterName=local
SlurmctldHost=localhost
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=5
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$log_dir/slurmctld.log
SlurmdLogFile=$log_dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$log_dir/jobcomp.log
MinJobAge=600
MaxArraySize=10001
MaxJobCount=20000
KillWait=2
OverTimeLimit=0
NodeName=localhost NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
mv "$conf.new" "$conf"

if ! alive /run/slurmctld.pid; then
  /usr/sbin/slurmctld
fi
if ! alive /run/slurmd.pid; then
  /usr/sbin/slurmd -N localhost
fi

for _ in $(seq 100); do
  state=$(sinfo -h -o '%T' 2>/dev/null | head -1 || true)
  case "$state" in
    idle|mixed|allocated|completing) say_how_to_reach; exit 0 ;;
    down*|drain*) scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 0.1
done
echo "slurm: cannot start: the node did not become idle in 10 s (state '${state:-none}'; see $log_dir/slurmctld.log)" >&2
exit 2
