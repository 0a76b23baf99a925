#!/usr/bin/env bash
# The main job, from a fresh clone: system packages, release build, then `ticketscope demo`:
# a small RTL and IMP-single pair trained on CIFAR-10 (when found: $TICKETSCOPE_DATA,
# ./data/cifar-10-batches-bin, or ../shared/datasets/cifar10) or on generated images, and the
# collapse, semantic and comparison reports written to reports/demo/: about 3 minutes on 2 cores
# after the release build (README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product ticketscope
args=()
if [ -z "${TICKETSCOPE_DATA:-}" ] && [ ! -d data/cifar-10-batches-bin ] && [ -d ../shared/datasets/cifar10 ]; then
    args=(--data ../shared/datasets/cifar10)
fi
.build/release/ticketscope demo "${args[@]}" "$@"
