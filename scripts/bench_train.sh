#!/usr/bin/env bash
# Training and inference throughput of a CIFAR model: TicketScope and the PyTorch reference in the
# same run, and their ratio. MODEL is ghostnet-lite (reference ../shared/reference/ghostnet_lite.py,
# or $GHOSTNET_REFERENCE) or resnet-20 (reference scripts/reference/resnet20.py).
# Both are run REPEATS times, alternating, and the best run of each counts (the machine is shared;
# the best run is the least disturbed one). Medians are printed too.
# Usage: scripts/bench_train.sh [BATCH] [THREADS] [REPEATS] [MODEL]     (default 320 2 3 ghostnet-lite)
set -euo pipefail
cd "$(dirname "$0")/.."
BATCH=${1:-320}; THREADS=${2:-2}; REPEATS=${3:-3}; MODEL=${4:-ghostnet-lite}
case "$MODEL" in
    ghostnet-lite) ref=${GHOSTNET_REFERENCE:-../shared/reference/ghostnet_lite.py} ;;
    resnet-20) ref=scripts/reference/resnet20.py ;;
    *) echo "bench_train: unknown model '$MODEL' (ghostnet-lite or resnet-20)" >&2; exit 2 ;;
esac
swift build -c release --product ticketscope >/dev/null
ours=(); theirs=()
for _ in $(seq "$REPEATS"); do
    ours+=("$(.build/release/ticketscope bench train --model "$MODEL" --batch "$BATCH" --threads "$THREADS" --json)")
    if [ -f "$ref" ]; then theirs+=("$(python3 "$ref" "$THREADS" "$BATCH")"); fi
done
if [ ${#theirs[@]} -eq 0 ]; then
    echo "PyTorch reference not found at $ref; TicketScope only:" >&2
fi
python3 - "$REPEATS" "${ours[@]}" "${theirs[@]}" <<'PY'
import json, re, statistics, sys
n = int(sys.argv[1]); ours = [json.loads(s) for s in sys.argv[2:2 + n]]; theirs = sys.argv[2 + n:]
def show(name, train, infer):
    print(f"{name:11s} train img/s best {max(train):7.0f}  median {statistics.median(train):7.0f} | "
          f"inference img/s best {max(infer):7.0f}  median {statistics.median(infer):7.0f}")
o_train = [o["images_per_second"] for o in ours]; o_infer = [o["inference_images_per_second"] for o in ours]
print(f"{ours[0]['model']}, batch {ours[0]['batch']}, {ours[0]['threads']} threads, {n} runs each")
show("ticketscope", o_train, o_infer)
if theirs:
    t_train = [float(re.search(r"train img/s: ([0-9.]+)", s).group(1)) for s in theirs]
    t_infer = [float(re.search(r"infer img/s: ([0-9.]+)", s).group(1)) for s in theirs]
    show("pytorch", t_train, t_infer)
    print(f"ratio (best/best): training {max(o_train) / max(t_train):.2f}x, inference {max(o_infer) / max(t_infer):.2f}x")
PY
