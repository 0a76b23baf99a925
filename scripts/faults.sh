#!/usr/bin/env bash
# Fault injection against the ticketscope binary: kills and signals at random moments, two writers
# of one run, damaged mask blobs, values of the wrong type, truncated stores, dump/restore, a
# read-only store, a full disk. Prints one line per injection class with the count of injections
# and of each outcome; exits 1 if any outcome is a failure (lost data, crash, damage believed).
#
#   bash scripts/faults.sh                 # the long version (about 25 minutes on 2 cores)
#   bash scripts/faults.sh --quick         # a few of each (about 3 minutes)
#   bash scripts/faults.sh --bin .build/release/ticketscope --seed 7
#
# Needs python3 (its sqlite3 module edits stores as a user's sqlite3 shell would). The read-only
# case needs root and setpriv (it runs a reader as 'nobody'); the full-disk case needs permission
# to mount a tmpfs. Each says "skipped" otherwise. docs/reliability.md lists measured results.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=""
QUICK=0
SEED=$RANDOM
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --bin) BIN=$2; shift ;;
    --seed) SEED=$2; shift ;;
    *) echo "usage: faults.sh [--quick] [--bin PATH] [--seed N]" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$BIN" ]; then
  for b in .build/release/ticketscope .build/debug/ticketscope; do [ -x "$b" ] && { BIN=$b; break; }; done
fi
[ -x "$BIN" ] || { echo "no ticketscope binary: build first or pass --bin" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
RANDOM=$SEED
CONFIG=$ROOT/configs/synthetic-rtl-tiny.json
RUN=synthetic-rtl-tiny
WORK=$(mktemp -d /tmp/ts-faults.XXXXXX)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if [ $QUICK = 1 ]; then N_KILL=3; N_SIG=3; N_RACE=2; N_FLIP=12; N_TYPE=18; N_TRUNC=6
else N_KILL=30; N_SIG=18; N_RACE=10; N_FLIP=200; N_TYPE=120; N_TRUNC=40; fi
FAILED=0
echo "faults: $BIN, seed $SEED, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"

report() { # class injections outcome=count...
  local class=$1 n=$2; shift 2
  printf '%-22s %4d injections: %s\n' "$class" "$n" "$*"
}

# Mask blobs of a store, one hash line per row, for bit-identical comparisons.
dump_masks() {
  python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for r in c.execute("SELECT step_idx, subnetwork_idx, layer_idx, bits FROM mask ORDER BY 1, 2, 3"):
    print(r[0], r[1], r[2], hashlib.sha256(r[3]).hexdigest())
PY
}

sql() { # db statement... (CHECK constraints and foreign keys off, as in a user's shell)
  python3 - "$@" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA ignore_check_constraints = 1")
rows = []
for s in sys.argv[2:]: rows = c.execute(s).fetchall()
c.commit()
for r in rows: print("|".join("" if v is None else str(v) for v in r))
PY
}

# A crash is a signal exit (status > 128 other than our 130) or a Swift runtime trap message.
is_crash() { # status stderr-file
  [ "$1" -gt 128 ] && [ "$1" -ne 130 ] && return 0
  grep -q "Fatal error\|Program crashed" "$2"
}

# --- reference: one uninterrupted run
"$BIN" train --config "$CONFIG" --db ref.sqlite --quiet >/dev/null 2>&1 || { echo "reference run failed" >&2; exit 1; }
REF=$(dump_masks ref.sqlite)
STEPS=$(sql ref.sqlite "SELECT count(*) FROM step")
START=$(date +%s)
"$BIN" train --config "$CONFIG" --db timing.sqlite --quiet >/dev/null 2>&1
RUNTIME=$(( $(date +%s) - START + 1 ))

# --- SIGKILL at a random moment, then the same command again (no --resume needed)
same=0; differ=0; bad=0
for i in $(seq "$N_KILL"); do
  rm -f k.sqlite*
  "$BIN" train --config "$CONFIG" --db k.sqlite --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; random.seed($SEED + $i); print(random.uniform(0.2, $RUNTIME))")"
  kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
  if "$BIN" train --config "$CONFIG" --db k.sqlite --quiet >/dev/null 2>k.err && "$BIN" verify --db k.sqlite >/dev/null 2>&1; then
    if [ "$(dump_masks k.sqlite)" = "$REF" ]; then same=$((same + 1)); else differ=$((differ + 1)); fi
  else bad=$((bad + 1)); fi
done
report "SIGKILL + rerun" "$N_KILL" "bit-identical=$same different=$differ failed=$bad"
[ $((differ + bad)) -eq 0 ] || FAILED=1

# --- SIGINT / SIGTERM / SIGHUP: run marked interrupted, one resume line, resume bit-identical
same=0; differ=0; bad=0; marked=0
signals=(INT TERM HUP)
for i in $(seq "$N_SIG"); do
  rm -f g.sqlite*
  s=${signals[$((i % 3))]}
  "$BIN" train --config "$CONFIG" --db g.sqlite --quiet >/dev/null 2>g.err &
  pid=$!
  sleep "$(python3 -c "import random; random.seed($SEED * 3 + $i); print(random.uniform(0.5, $RUNTIME))")"
  kill -$s $pid 2>/dev/null; wait $pid; status=$?
  if [ $status -eq 130 ]; then
    [ "$(sql g.sqlite "SELECT status FROM run")" = interrupted ] && grep -q -- "--resume" g.err && marked=$((marked + 1))
  elif [ $status -eq 0 ]; then marked=$((marked + 1))   # the signal came after the run ended
  fi
  if "$BIN" train --config "$CONFIG" --db g.sqlite --resume --quiet >/dev/null 2>&1; then
    if [ "$(dump_masks g.sqlite)" = "$REF" ]; then same=$((same + 1)); else differ=$((differ + 1)); fi
  else bad=$((bad + 1)); fi
done
report "SIGINT/TERM/HUP" "$N_SIG" "marked-interrupted=$marked resumed-bit-identical=$same different=$differ failed=$bad"
[ $((differ + bad)) -eq 0 ] && [ $marked -eq "$N_SIG" ] || FAILED=1

# --- two trainers of one run started at a random offset
refused=0; serial=0; interleaved=0
for i in $(seq "$N_RACE"); do
  rm -f w.sqlite*
  "$BIN" train --config "$CONFIG" --db w.sqlite --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; random.seed($SEED * 5 + $i); print(random.uniform(0, $RUNTIME / 2))")"
  "$BIN" train --config "$CONFIG" --db w.sqlite --quiet >/dev/null 2>w.err; second=$?
  wait $pid
  n=$(sql w.sqlite "SELECT count(*) FROM step")
  if [ "$n" = "$STEPS" ] && [ "$(dump_masks w.sqlite)" = "$REF" ]; then
    if [ $second -ne 0 ] && grep -q "being written by pid $pid" w.err; then refused=$((refused + 1)); else serial=$((serial + 1)); fi
  else interleaved=$((interleaved + 1)); fi
done
report "two writers, one run" "$N_RACE" "second-refused-naming-holder=$refused ran-after-first=$serial corrupted=$interleaved"
[ $interleaved -eq 0 ] || FAILED=1

# --- one mask blob damaged: random bytes of one row replaced
cp ref.sqlite base.sqlite
detected=0; invisible=0; crash=0
for i in $(seq "$N_FLIP"); do
  cp base.sqlite f.sqlite
  python3 - f.sqlite $((SEED * 7 + i)) <<'PY'
import random, sqlite3, sys
random.seed(int(sys.argv[2]))
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT step_idx, subnetwork_idx, layer_idx, bits FROM mask").fetchall()
s, k, l, bits = random.choice(rows)
b = bytearray(bits)
while bytes(b) == bits:   # an injection always changes the blob
    for _ in range(random.choice([1, 1, 3, 30])):
        j = random.randrange(len(b)); b[j] = random.choice([0x00, 0xFF, b[j] ^ (1 << random.randrange(8))])
c.execute("UPDATE mask SET bits = ? WHERE step_idx = ? AND subnetwork_idx = ? AND layer_idx = ?", (bytes(b), s, k, l))
c.commit()
popcount = lambda x: sum(bin(v).count("1") for v in x)
open("f.step", "w").write(f"{s} {int(popcount(b) == popcount(bits))}")
PY
  read -r step samecount < f.step
  "$BIN" verify --db f.sqlite >/dev/null 2>f.err; v=$?
  "$BIN" similarity --db f.sqlite --run $RUN --step "$step" >/dev/null 2>s.err; r=$?
  if is_crash $v f.err || is_crash $r s.err; then crash=$((crash + 1))
  elif [ $v -ne 0 ] && [ $r -ne 0 ] && grep -q "step $step subnetwork" s.err; then detected=$((detected + 1))
  elif [ $v -eq 0 ] && [ $r -eq 0 ] && [ "$samecount" = 1 ]; then invisible=$((invisible + 1))   # the schema has no checksum
  else crash=$((crash + 1)); fi
done
report "damaged mask blob" "$N_FLIP" "refused-naming-step=$detected popcount-kept-undetectable=$invisible missed-or-crash=$crash"
[ $crash -eq 0 ] || FAILED=1

# --- a value of the wrong type in a random table and column
clean=0; crash=0
read -r -a targets <<'EOF'
step.sparsity step.phase step.idx step.target_sparsity metric.value metric.split metric.subnetwork_idx subnetwork.name subnetwork.idx layer.numel layer.shape_json layer.depth layer.grp layer.name run.seed run.status run.name run.config_json mask.ones mask.bits mask.layer_idx event.kind event.step_idx
EOF
values=("'abc'" "x'ff00'" "1e308" "-1" "NULL" "3.5" "''" "'[1e300]'" "9223372036854775807")
for i in $(seq "$N_TYPE"); do
  cp base.sqlite t.sqlite
  target=${targets[$((RANDOM % ${#targets[@]}))]}; value=${values[$((RANDOM % ${#values[@]}))]}
  sql t.sqlite "UPDATE ${target%%.*} SET ${target#*.} = $value WHERE rowid IN (SELECT rowid FROM ${target%%.*} ORDER BY random() LIMIT 1)" >/dev/null 2>&1 ||
    sql t.sqlite "UPDATE ${target%%.*} SET ${target#*.} = $value WHERE ${target#*.} IS NOT NULL AND random() % 3 = 0" >/dev/null 2>&1
  ok=1
  for c in "runs" "inspect --run $RUN" "similarity --run $RUN" "collapse --run $RUN" "verify" "evaluate --run $RUN --routing argmax"; do
    # shellcheck disable=SC2086
    "$BIN" $c --db t.sqlite >/dev/null 2>t.err; st=$?
    if is_crash $st t.err || [ "$(grep -cv '^$' t.err)" -gt 1 ]; then ok=0; fi   # verify reports on stdout
  done
  if [ $ok = 1 ]; then clean=$((clean + 1)); else crash=$((crash + 1)); echo "  crash or multi-line error: $target = $value" >&2; fi
done
report "wrong-type value" "$N_TYPE" "every-reader-ok-or-one-line-error=$clean crash=$crash (6 readers each)"
[ $crash -eq 0 ] || FAILED=1

# --- the store file truncated at a random length
clean=0; crash=0
size=$(stat -c %s base.sqlite)
for i in $(seq "$N_TRUNC"); do
  head -c $(( (RANDOM * 32768 + RANDOM) % size )) base.sqlite > c.sqlite
  ok=1
  for c in "runs" "similarity --run $RUN" "verify"; do
    # shellcheck disable=SC2086
    "$BIN" $c --db c.sqlite >/dev/null 2>c.err; st=$?
    if is_crash $st c.err || [ "$(grep -cv '^$' c.err)" -gt 1 ]; then ok=0; fi
  done
  if [ $ok = 1 ]; then clean=$((clean + 1)); else crash=$((crash + 1)); fi
done
report "truncated store" "$N_TRUNC" "ok-or-one-line-error=$clean crash=$crash"
[ $crash -eq 0 ] || FAILED=1

# --- dump and restore with SQLite's own SQL text (user_version is lost)
python3 -c "
import sqlite3; s = sqlite3.connect('base.sqlite'); d = sqlite3.connect('r.sqlite')
d.executescript('\n'.join(s.iterdump())); d.commit()"
okr=0; [ "$(sql r.sqlite "PRAGMA user_version")" = 0 ] && "$BIN" similarity --db r.sqlite --run $RUN >/dev/null 2>&1 && okr=1
"$BIN" train --config "$CONFIG" --db r.sqlite --name again --quiet >/dev/null 2>&1
okw=0; [ "$(sql r.sqlite "PRAGMA user_version")" = 2 ] && "$BIN" verify --db r.sqlite >/dev/null 2>&1 && okw=1
report "dump/restore" 1 "read-before-repair=$okr repaired-by-next-write=$okw"
[ $okr = 1 ] && [ $okw = 1 ] || FAILED=1

# --- a store the user cannot write
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  mkdir -p ro && cp base.sqlite ro/ && chmod 755 ro && chmod 644 ro/base.sqlite
  okr=0; setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN" similarity --db ro/base.sqlite --run $RUN >/dev/null 2>&1 && okr=1
  okw=0; setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN" train --config "$CONFIG" --db ro/base.sqlite --name x --quiet >/dev/null 2>ro.err
  [ $? -ne 0 ] && grep -q "read-only" ro.err && okw=1
  report "read-only store" 1 "read=$okr write-refused-clearly=$okw"
  [ $okr = 1 ] && [ $okw = 1 ] || FAILED=1
else
  report "read-only store" 0 "skipped (needs root and setpriv)"
fi

# --- a full disk: a small tmpfs
mkdir -p full
if mount -t tmpfs -o size=$(( $(stat -c %s base.sqlite) / 1024 + 256 ))k tmpfs full 2>/dev/null; then
  cp base.sqlite full/ 2>/dev/null
  "$BIN" train --config "$CONFIG" --db full/base.sqlite --name big --quiet >/dev/null 2>full.err; st=$?
  okd=0; [ $st -ne 0 ] && ! is_crash $st full.err && "$BIN" verify --db full/base.sqlite --run $RUN >/dev/null 2>&1 && okd=1
  [ "$(dump_masks full/base.sqlite | grep -c .)" -ge "$(echo "$REF" | grep -c .)" ] || okd=0
  umount full
  report "full disk (tmpfs)" 1 "failed-cleanly-store-intact=$okd"
  [ $okd = 1 ] || FAILED=1
else
  report "full disk (tmpfs)" 0 "skipped (mount not permitted here)"
fi

[ $FAILED = 0 ] && echo "faults: no lost data, no crash, no damage believed" || echo "faults: FAILURES above"
exit $FAILED
