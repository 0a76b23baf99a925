#!/usr/bin/env bash
# The main job, from a fresh clone: system packages, release build, then a generated example run
# (masks and validation metrics) imported into demo/demo.sqlite, its similarity before and after
# the planted collapse and its collapse diagnosis printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product ticketscope
bin=.build/release/ticketscope
work=${TICKETSCOPE_DEMO_DIR:-demo}
rm -rf "$work" && mkdir -p "$work"
"$bin" example --out "$work/masks" > /dev/null
"$bin" import --db "$work/demo.sqlite" --run example "$work"/masks/step*.npz
"$bin" import-metrics --db "$work/demo.sqlite" --run example "$work/masks/metrics.csv"
"$bin" inspect --db "$work/demo.sqlite" --run example
echo
"$bin" similarity --db "$work/demo.sqlite" --run example --step 4
echo
"$bin" similarity --db "$work/demo.sqlite" --run example --step 5
echo
"$bin" collapse --db "$work/demo.sqlite" --run example
