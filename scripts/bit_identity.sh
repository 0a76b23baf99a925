#!/usr/bin/env bash
# Trains eight tiny runs (CIFAR rtl / imp-single / imp-multi on generated images, speech rtl /
# imp-single / imp-multi, INR rtl / imp on one image) with two ticketscope binaries and compares the
# SHA-256 of every mask, metric and checkpoint row: a refactoring of the training code must print
# "identical". Needs ../shared/datasets (speech-scenes, inr-images). About 2 minutes per binary.
#   bash scripts/bit_identity.sh OLD_BINARY NEW_BINARY
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash scripts/bit_identity.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
cd "$(dirname "$0")/.."
shared=../shared/datasets
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
base = json.load(open('configs/synthetic-rtl-tiny.json'))
for m in ['rtl', 'imp-single', 'imp-multi']:
    json.dump(dict(base, name='syn-' + m, method=m), open(f'{w}/syn-{m}.json', 'w'))
speech = json.load(open('configs/speech-rtl-tiny.json'))
for m in ['speech-rtl', 'speech-imp-single', 'speech-imp-multi']:
    json.dump(dict(speech, name=m, method=m), open(f'{w}/{m}.json', 'w'))
inr = json.load(open('configs/inr-rtl-small.json'))
inr.pop('prune_weights')
for m in ['inr-rtl', 'inr-imp']:
    json.dump(dict(inr, name=m, method=m, resize=16, extraction_steps=10, retraining_steps=20,
                   prune_fraction=0.3, target_sparsities=[0.5, 0.75]), open(f'{w}/{m}.json', 'w'))
PY
mkdir -p "$work/inr"; cp "$shared"/inr-images/astronaut.png "$shared"/inr-images/astronaut.regions.png "$work/inr/"
fingerprint() {  # BINARY DB → one line per run: name, mask / metric / checkpoint hashes
  local bin=$1 db=$2
  for m in rtl imp-single imp-multi; do "$bin" train --config "$work/syn-$m.json" --db "$db" --threads 1 --quiet >/dev/null; done
  for m in speech-rtl speech-imp-single speech-imp-multi; do
    "$bin" train --config "$work/$m.json" --db "$db" --threads 1 --quiet --data "$shared/speech-scenes" >/dev/null; done
  for m in inr-rtl inr-imp; do "$bin" train --config "$work/$m.json" --db "$db" --threads 1 --quiet --data "$work/inr" >/dev/null; done
  python3 - "$db" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for rid, name in db.execute("SELECT id, name FROM run ORDER BY name"):
    parts = []
    for query in ["SELECT step_idx, subnetwork_idx, layer_idx, bits FROM mask WHERE run_id=? ORDER BY 1, 2, 3",
                  "SELECT step_idx, IFNULL(subnetwork_idx, -1), split, name, value FROM metric WHERE run_id=? ORDER BY 1, 2, 3, 4",
                  "SELECT name, blob FROM checkpoint WHERE run_id=? ORDER BY 1"]:
        h = hashlib.sha256()
        for row in db.execute(query, (rid,)): h.update(repr(row).encode())
        parts.append(h.hexdigest()[:16])
    print(name, *parts)
PY
}
fingerprint "$1" "$work/old.sqlite" > "$work/old.txt"
fingerprint "$2" "$work/new.sqlite" > "$work/new.txt"
if diff "$work/old.txt" "$work/new.txt"; then echo "identical: $(wc -l < "$work/new.txt") runs (masks, metrics, checkpoints)"; else echo "DIFFERENT (old < > new)"; exit 1; fi
