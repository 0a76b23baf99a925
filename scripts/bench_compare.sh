#!/usr/bin/env bash
# `ticketscope compare` over a store of N runs (default 500): the generated example run (4
# subnetworks, 8 steps, metrics) copied under N names — half rtl, half imp-single, seeds 0…N/2−1,
# so they form two replicate groups — merged with `ticketscope merge`, then compared; median of R.
# Usage: scripts/bench_compare.sh [N] [R]     (default 500 3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}; R=${2:-3}
source scripts/bench_common.sh
cd "$work"
"$bin" example --out ex >/dev/null
"$bin" import --db t.sqlite --run ex ex/step*.npz >/dev/null 2>&1
"$bin" import-metrics --db t.sqlite --run ex ex/metrics.csv >/dev/null
mkdir stores
python3 - "$N" <<'PY'
import json, shutil, sqlite3, sys
for i in range(int(sys.argv[1])):
    method, seed = ["rtl", "imp-single"][i % 2], i // 2
    name = f"{method}/seed={seed}"
    target = f"stores/r{i:04d}.sqlite"
    shutil.copy("t.sqlite", target)
    c = sqlite3.connect(target)
    c.execute("UPDATE run SET name = ?, method = ?, seed = ?, config_json = ?",
              (name, method, seed, json.dumps({"name": name, "method": method, "seed": seed, "dataset": "synthetic"})))
    c.commit(); c.close()
PY
"$bin" merge --out all.sqlite stores >/dev/null
names=$("$bin" runs --db all.sqlite --json | python3 -c 'import json, sys; print(" ".join(r["name"] for r in json.load(sys.stdin)))')
times=()
for r in $(seq "$R"); do
    rm -rf rep
    times+=("$(seconds "$bin" compare --db all.sqlite $names --out rep)")
done
echo "compare over $N runs ($(ls rep | tr '\n' ' ')): median $(median "${times[@]}")s of $R (${times[*]}) on $(machine)"
