#!/usr/bin/env bash
# Import speed and memory: `ticketscope import` and a 20-line NumPy + sqlite3 script
# (scripts/bench/numpy_import.py) storing the same masks, side by side in one run, REPEATS times alternating;
# wall time and peak RSS from /usr/bin/time -v, best and median of each.
# Data: STEPS safetensors files x SUBNETWORKS x ResNet-50's 54 prunable tensors (25.56M weights), bool masks,
# generated into $BENCH_DIR (default /tmp/ticketscope-bench-import) and deleted afterwards unless KEEP=1.
# Usage: scripts/bench_import.sh [STEPS] [SUBNETWORKS] [REPEATS]     (default 5 10 3)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-5}; SUBS=${2:-10}; REPEATS=${3:-3}
dir=${BENCH_DIR:-/tmp/ticketscope-bench-import}
swift build -c release --product ticketscope >/dev/null
[ -f "$dir/step$((STEPS - 1)).safetensors" ] || python3 scripts/bench/make_import_data.py "$dir" "$STEPS" "$SUBS" >&2
files=$(for s in $(seq 0 $((STEPS - 1))); do echo "$dir/step$s.safetensors"; done)
measure() {  # prints "wall_seconds max_rss_kb cpu_seconds"
    rm -f "$dir"/bench.sqlite*
    /usr/bin/time -v "$@" >/dev/null 2>"$dir/time.txt" || { cat "$dir/time.txt" >&2; exit 1; }
    python3 - "$dir/time.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
print(seconds, re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1), cpu)
PY
}
ours=(); theirs=()
for _ in $(seq "$REPEATS"); do
    ours+=("$(measure .build/release/ticketscope import --db "$dir/bench.sqlite" --run bench $files)")
    theirs+=("$(measure python3 scripts/bench/numpy_import.py "$dir/bench.sqlite" $files)")
done
largest=$(ls -l $files | awk '{print $5}' | sort -n | tail -1)
python3 - "$REPEATS" "$largest" "${ours[@]}" "${theirs[@]}" <<'PY'
import statistics, sys
n, largest = int(sys.argv[1]), int(sys.argv[2]); runs = [tuple(map(float, r.split())) for r in sys.argv[3:]]
ours, theirs = runs[:n], runs[n:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"import, {n} runs each, CPU {cpu}; largest file {largest / 1e6:.0f} MB (bound 2x + 100 MB = {2 * largest / 1e6 + 100:.0f} MB)")
for name, r in [("ticketscope", ours), ("numpy+sqlite3", theirs)]:
    t = [x[0] for x in r]; m = [x[1] / 1024 for x in r]; c = [x[2] for x in r]
    print(f"{name:14s} wall best {min(t):6.2f} s  median {statistics.median(t):6.2f} s | CPU (user+sys) median {statistics.median(c):6.2f} s"
          f" | peak RSS median {statistics.median(m):6.0f} MB")
print(f"numpy/ticketscope: best wall {min(x[0] for x in theirs) / min(x[0] for x in ours):.2f}x, "
      f"median wall {statistics.median(x[0] for x in theirs) / statistics.median(x[0] for x in ours):.2f}x, "
      f"median CPU {statistics.median(x[2] for x in theirs) / statistics.median(x[2] for x in ours):.2f}x (above 1: ours is faster)")
PY
[ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
