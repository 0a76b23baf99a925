#!/usr/bin/env bash
# Makes v1-store.sqlite: a small schema-version-1 store written by the version-1 binary
# (ticketscope before schema version 2), used by V1StoreTests to check that every reading command
# reads it and that the first writing command migrates it.
#   bash make-v1-store.sh /path/to/ticketscope-v1
# Contents: run 'ex' (3 subnetworks airplane/cat/dog, 3 layers, 4 imported steps, metrics) and the
# leftovers of a run 'gone' deleted with the sqlite3 shell (foreign keys off there), whose orphaned
# layer/subnetwork/step/mask rows the migration must drop without reusing its id.
set -euo pipefail
V1=${1:?usage: make-v1-store.sh TICKETSCOPE_V1}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(16)
layers = {"conv1.weight": (8, 3, 3, 3), "conv2.weight": (16, 8, 1, 1), "fc.weight": (10, 16)}
subs = ["airplane", "cat", "dog"]
for step, keep in enumerate([0.8, 0.6, 0.4, 0.2]):
    arrays = {}
    for s in subs:
        for name, shape in layers.items():
            arrays[f"{s}/{name}"] = rng.random(shape) < keep
    np.savez(f"{out}/step{step}.npz", **arrays)
with open(f"{out}/metrics.csv", "w") as f:
    f.write("step,subnetwork,split,name,value\n")
    for step in range(4):
        for i, s in enumerate(subs):
            f.write(f"{step},{s},validation,balanced_accuracy,{0.9 - 0.1 * step * (i + 1) / 3:.4f}\n")
        f.write(f"{step},,test,params,{1000 - 200 * step}\n")
PY
rm -f "$work/v1.sqlite"
"$V1" import --db "$work/v1.sqlite" --run ex --sparsity 0.2,0.4,0.6,0.8 "$work"/step0.npz "$work"/step1.npz "$work"/step2.npz "$work"/step3.npz >/dev/null
"$V1" import-metrics --db "$work/v1.sqlite" --run ex "$work/metrics.csv" >/dev/null
"$V1" import --db "$work/v1.sqlite" --run gone "$work"/step0.npz >/dev/null
sqlite3 "$work/v1.sqlite" "DELETE FROM run WHERE name = 'gone'; PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
cp "$work/v1.sqlite" "$here/v1-store.sqlite"
sqlite3 "$here/v1-store.sqlite" "PRAGMA user_version; SELECT count(*) FROM mask;"
