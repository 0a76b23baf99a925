#!/usr/bin/env bash
# Regenerates reports/example/ (collapse, semantic and comparison reports) from the generated
# example run with its planted collapse at sparsity 0.74.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product ticketscope >/dev/null
bin=$PWD/.build/debug/ticketscope
work=$(mktemp -d)
out=$PWD/reports/example
rm -rf "$out" && mkdir -p "$out"
(
    cd "$work"
    "$bin" example --out masks >/dev/null
    "$bin" import --db example.sqlite --run example masks/step*.npz >/dev/null
    "$bin" import-metrics --db example.sqlite --run example masks/metrics.csv >/dev/null
    "$bin" example --out masks-smooth --no-collapse --seed 2 >/dev/null
    "$bin" import --db example.sqlite --run no-collapse masks-smooth/step*.npz >/dev/null
    "$bin" import-metrics --db example.sqlite --run no-collapse masks-smooth/metrics.csv >/dev/null
    "$bin" report collapse --db example.sqlite --run example --out "$out/collapse"
    "$bin" report semantic --db example.sqlite --run example --preset cifar10 --out "$out/semantic"
    "$bin" compare --db example.sqlite example no-collapse --out "$out/compare"
)
rm -rf "$work"
