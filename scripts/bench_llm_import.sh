#!/usr/bin/env bash
# A 1e9-parameter model pruned twice (two calibration domains), two sharded bf16 checkpoints of 2 GB each:
# `ticketscope import --from-weights --subnetwork ... --include` makes one step of two subnetworks, then
# `similarity` (global and per layer) analyses it. Wall time and peak RSS of each from /usr/bin/time -v.
# The data (about 4 GB, in $BENCH_DIR, default /tmp/ticketscope-bench-llm) is deleted afterwards unless KEEP=1.
# Usage: scripts/bench_llm_import.sh [LAYERS] [SHARDS]     (default 60 4)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/ticketscope-bench-llm}
swift build -c release --product ticketscope >/dev/null
[ -f "$dir/prose/model.safetensors.index.json" ] || python3 scripts/bench/make_llm_checkpoints.py "$dir" "${1:-60}" "${2:-4}" >&2
rm -f "$dir"/llm.sqlite*
ts=.build/release/ticketscope
run() {  # label, command...: prints the label, wall seconds and peak RSS
    local label=$1; shift
    /usr/bin/time -v "$@" >"$dir/out.txt" 2>"$dir/time.txt" || { cat "$dir/time.txt" >&2; exit 1; }
    python3 - "$label" "$dir/time.txt" <<'PY'
import re, sys
t = open(sys.argv[2]).read()
w = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
seconds = int(w.group(1) or 0) * 3600 + int(w.group(2)) * 60 + float(w.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
print(f"{sys.argv[1]:36s} wall {seconds:6.2f} s   peak RSS {rss:6.0f} MB")
PY
}
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
largest=$(ls -l "$dir"/code/*.safetensors | awk '{print $5}' | sort -n | tail -1)
echo "CPU $cpu; largest shard $((largest / 1000000)) MB"
run "import (2 x 1e9 bf16, sharded)" $ts import --db "$dir/llm.sqlite" --run llm --from-weights --include 'proj\.weight$' \
    --subnetwork code="$dir/code" --subnetwork prose="$dir/prose"
run "similarity (global)" $ts similarity --db "$dir/llm.sqlite" --run llm
grep -m1 'mean off-diagonal' "$dir/out.txt" || true
run "similarity (one layer)" $ts similarity --db "$dir/llm.sqlite" --run llm --layer model.layers.59.mlp.down_proj.weight
run "similarity (deep group)" $ts similarity --db "$dir/llm.sqlite" --run llm --group deep
ls -l "$dir"/llm.sqlite | awk '{printf "store %d MB\n", $5 / 1e6}'
[ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
