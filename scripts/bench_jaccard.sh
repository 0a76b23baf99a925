#!/usr/bin/env bash
# All-pairs global Jaccard of K random masks of P parameters: TicketScope (with its popcount-pass floor
# measured in the same run) and NumPy's reference (../shared/reference/jaccard_numpy.py, or
# $JACCARD_REFERENCE), and their ratio. KERNEL forces a popcount kernel (avx2 measures the path of CPUs
# without AVX-512 on one that has it; default: the fastest this CPU has).
# Usage: scripts/bench_jaccard.sh [P] [K] [KERNEL]     (default 1e8 8)
set -euo pipefail
cd "$(dirname "$0")/.."
P=${1:-1e8}; K=${2:-8}
ref=${JACCARD_REFERENCE:-../shared/reference/jaccard_numpy.py}
swift build -c release --product ticketscope >/dev/null
ours=$(.build/release/ticketscope bench jaccard --params "$P" --masks "$K" ${3:+--kernel "$3"} --json)
echo "$ours"
if [ -f "$ref" ]; then
    theirs=$(python3 "$ref" "$P" "$K")
    echo "$theirs"
    python3 - "$ours" "$theirs" <<'PY'
import json, re, sys
result = json.loads(sys.argv[1]); ours = result["seconds"]
print(f"ticketscope {result['kernel']}: {ours*1000:.2f} ms, popcount floor {result['floor_seconds']*1000:.2f} ms ({result['ratio_to_floor']:.2f}x the floor)")
m = re.search(r"numpy-packed-popcount: ([0-9.]+)s", sys.argv[2]); b = re.search(r"numpy-bool: ([0-9.]+)s", sys.argv[2])
packed, boolean = float(m.group(1)), float(b.group(1))
print(f"ticketscope {ours*1000:.2f} ms | numpy packed {packed*1000:.1f} ms ({packed/ours:.0f}x) | numpy bool {boolean*1000:.0f} ms ({boolean/ours:.0f}x)")
PY
else
    echo "NumPy reference not found at $ref (set JACCARD_REFERENCE)" >&2
fi
