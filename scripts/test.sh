#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, build, tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
bash scripts/test_python.sh
bash scripts/fuzz.sh --seconds 10
bash scripts/slurm_test.sh .build/debug/ticketscope   # a real one-node Slurm cluster; skipped (one line) where it cannot start
bash scripts/browser_test.sh .build/debug/ticketscope   # `ticketscope serve` in headless Chromium; skipped (one line) where chromium cannot be installed
