#!/usr/bin/env bash
# A real one-node Slurm cluster on localhost: installs Debian's slurm-wlm and munge when missing,
# starts munged, slurmctld and slurmd with state, spool and logs under a temporary directory, runs
# a tiny `ticketscope sweep --slurm` (a job array of two runs), waits for it, merges the stores and
# checks the result; then stops the daemons it started, by pid. Skipped, with one line saying why,
# only where the daemons cannot start (not root, no apt, no slurm packages, daemons failing).
# Usage: scripts/slurm_test.sh [ticketscope binary]   (default .build/debug/ticketscope)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/ticketscope}")
skip() { echo "slurm test skipped: $*"; exit 0; }
fail() { echo "slurm test FAILED: $*"; for f in "$T"/*.log; do echo "--- $f"; tail -n 20 "$f"; done; exit 1; }

[ -x "$bin" ] || { echo "slurm test FAILED: no ticketscope binary at $bin (build first)"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to start munged, slurmctld and slurmd"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null 2>&1; } \
        || skip "apt-get could not install slurm-wlm and munge"
fi

T=$(mktemp -d /tmp/ts-slurm-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
    rm -rf "$T"
}
trap cleanup EXIT

# munge: its own key, socket and files; as root it needs --force.
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 2>/dev/null; chmod 400 "$T/munge.key"
munged --force --key-file="$T/munge.key" --socket="$T/munge.socket" --pid-file="$T/munged.pid" \
       --log-file="$T/munged.log" --seed-file="$T/munged.seed" || skip "munged does not start ($(tail -n 1 "$T/munged.log" 2>/dev/null))"
for _ in $(seq 50); do [ -s "$T/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$T/munged.pid")")

host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
mkdir -p "$T/state" "$T/spool"
cat > "$T/slurm.conf" <<EOF
ClusterName=ticketscope
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$T/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$T/slurmctld.out.log" 2>&1 &
pids+=("$!")
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.out.log" 2>&1 &
pids+=("$!")
ready=""
for _ in $(seq 100); do
    state=$(sinfo -h -o %T 2>/dev/null | head -n 1)
    case "$state" in idle*|mixed*|allocated*) ready=yes; break ;; esac
    sleep 0.3
done
[ -n "$ready" ] || skip "the one-node cluster did not come up (sinfo: ${state:-no answer}; $(tail -n 1 "$T/slurmctld.log" 2>/dev/null))"
echo "slurm: one-node cluster up on $host (port $port), $(nproc) CPUs"

out=$("$bin" sweep --config configs/synthetic-rtl-tiny.json --set seed=0,1 --threads 1 --out "$T/sweep" --slurm) || fail "sweep --slurm: $out"
echo "$out"
job=$(echo "$out" | sed -n 's/^submitted job \([0-9]*\).*/\1/p')
[ -n "$job" ] || fail "sweep --slurm printed no job id"
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] || fail "job array $job still queued or running after 5 minutes"
status=$("$bin" sweep status "$T/sweep") || fail "sweep status: $status"
echo "$status"
echo "$status" | grep -q "2 runs: 2 complete" || fail "not every task completed"
[ -s "$T/sweep/logs/task-0.log" ] && [ -s "$T/sweep/logs/task-1.log" ] || fail "no per-task logs"
"$bin" merge --out "$T/all.sqlite" "$T/sweep" || fail "merge"
n=$("$bin" runs --db "$T/all.sqlite" --filter status=complete --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$n" = 2 ] || fail "merged store has $n complete runs, expected 2"
"$bin" verify --db "$T/all.sqlite" >/dev/null || fail "merged store does not verify"
echo "slurm test passed: job array $job ran 2 tasks, merged store verified"
