#!/usr/bin/env bash
# Merging many per-run stores (a sweep's output) into one: `ticketscope merge` over N stores shaped
# like the small CIFAR-10 configs (10 subnetworks, GhostNet-lite's 126K prunable weights over 20
# layers, 27 stored steps: 24 extraction + 3 retraining), median of R timed merges.
# The stores are made once with `ticketscope import` (random masks, one run) and copied N times under
# other run names; merge reads, verifies and copies every row of each.
# Usage: scripts/bench_merge.sh [N] [R]     (default 200 3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}; R=${2:-3}
source scripts/bench_common.sh
python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
rng = np.random.default_rng(0)
# 20 layers whose sizes add up to GhostNet-lite's 125,856 prunable weights (scaled from its shapes).
sizes = [432, 2304, 576, 4608, 1152, 9216, 2304, 9216, 4608, 13824, 3456, 13824, 6912, 18432, 4608, 13824, 2304, 9216, 1280, 3760]
classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
keep = 1.0
for t in range(27):
    keep = keep * 0.95 if t < 24 else keep
    arrays = {f"{c}/layer{i:02d}.weight": rng.random(n) < keep for c in classes for i, n in enumerate(sizes)}
    np.savez(f"{work}/step{t:02d}.npz", **arrays)
PY
(cd "$work" && "$bin" import --db template.sqlite --run template step*.npz >/dev/null)
mkdir "$work/sweep"
python3 - "$work" "$N" <<'PY'
import shutil, sqlite3, sys
work, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    target = f"{work}/sweep/run{i:04d}.sqlite"
    shutil.copy(f"{work}/template.sqlite", target)
    c = sqlite3.connect(target); c.execute("UPDATE run SET name = ?", (f"cifar10-rtl/seed={i}",)); c.commit(); c.close()
PY
size=$(du -sh "$work/sweep" | cut -f1)
times=()
for r in $(seq "$R"); do
    rm -f "$work/all.sqlite"
    times+=("$(seconds "$bin" merge --out "$work/all.sqlite" "$work/sweep")")
done
runs=$("$bin" runs --db "$work/all.sqlite" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "merge of $N stores ($size, $runs runs in the result): median $(median "${times[@]}")s of $R (${times[*]}) on $(machine)"
