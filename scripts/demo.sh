#!/usr/bin/env bash
# The main job, from a fresh clone: system packages, release build, then a generated example run
# imported into demo.sqlite and its subnetwork similarity printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product ticketscope
bin=.build/release/ticketscope
work=${TICKETSCOPE_DEMO_DIR:-demo}
rm -rf "$work" && mkdir -p "$work"
"$bin" example --out "$work/masks" > /dev/null
"$bin" import --db "$work/demo.sqlite" --run example "$work"/masks/step*.npz
"$bin" inspect --db "$work/demo.sqlite" --run example
echo
"$bin" similarity --db "$work/demo.sqlite" --run example --step 4
echo
"$bin" similarity --db "$work/demo.sqlite" --run example --step 5
