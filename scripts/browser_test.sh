#!/usr/bin/env bash
# End-to-end test of `ticketscope serve` in a real browser: a store with two generated runs (one of them
# named <script>alert(1)</script>), the server on a free loopback port, headless Chromium loading the
# runs page, a run page and the comparison page: screenshots must not be blank, and the DOM after the
# scripts ran must hold the figures (inline SVG in <figure>), the step selector and the escaped name.
# Installs Debian's chromium when it is missing and this runs as root; otherwise skips with one line.
# Usage: scripts/browser_test.sh [path/to/ticketscope]   (screenshots in .build/browser-test/)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/ticketscope}")
out=$PWD/.build/browser-test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser test: installing Debian's chromium"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
fi
if ! command -v chromium >/dev/null 2>&1; then
    echo "browser test: skipped: chromium is not installed and cannot be installed here (needs root and apt-get)"
    exit 0
fi
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
(
    cd "$work"
    "$bin" example --out masks >/dev/null
    "$bin" import --db runs.sqlite --run example masks/step*.npz >/dev/null
    "$bin" import-metrics --db runs.sqlite --run example masks/metrics.csv >/dev/null
    "$bin" example --out smooth --no-collapse --seed 2 >/dev/null
    "$bin" import --db runs.sqlite --run '<script>alert(1)</script>' smooth/step*.npz >/dev/null
    "$bin" import-metrics --db runs.sqlite --run '<script>alert(1)</script>' smooth/metrics.csv >/dev/null
) 2>/dev/null
"$bin" serve --db "$work/runs.sqlite" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "^serving" "$work/serve.log" && break; sleep 0.1; done
base=$(sed -n 's#^serving .* on \(http://[^ ]*\)/ .*#\1#p' "$work/serve.log")
[ -n "$base" ] || { echo "browser test: the server did not start:"; cat "$work/serve.log"; exit 1; }
failed=0 passed=0
browse() {  # name path: screenshot and DOM of one page
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
        --window-size=1280,2200 --screenshot="$out/$1.png" "$base$2" >/dev/null 2>&1
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --dump-dom "$base$2" >"$out/$1.html" 2>/dev/null
}
check() {  # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "browser test: FAILED: $what"; failed=$((failed + 1)); fi
}
browse runs "/"
browse run "/runs/example?step=5"
browse compare "/compare?runs=example,%3Cscript%3Ealert(1)%3C%2Fscript%3E"
for page in runs run compare; do check "$page screenshot is not blank" python3 scripts/png_check.py "$out/$page.png"; done
check "the runs page lists both runs, the hostile name as text" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$out/runs.html"
check "the run page has its figures in the DOM" test "$(grep -o '<figure class="report-figure"' "$out/run.html" | wc -l)" -ge 2
check "the figures are SVG" test "$(grep -o '<svg role="img"' "$out/run.html" | wc -l)" -ge 2
check "the run page has the step selector with step 5 chosen" grep -q '<option value="5" selected' "$out/run.html"
check "the comparison page has the table and a figure" grep -q 'Balanced accuracy ↑' "$out/compare.html"
check "no injected script ran into the DOM" test "$(grep -o '<script' "$out/compare.html" | wc -l)" -eq 1
echo "browser test: screenshots in $out"
echo "browser test: $passed passed, $failed failed"
[ "$failed" = 0 ]
