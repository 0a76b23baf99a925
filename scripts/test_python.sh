#!/usr/bin/env bash
# Installs the Python package (python/, `pip install ./python`) and runs its pytest suite against
# the CLI built by `swift build` (.build/debug/ticketscope, or $TICKETSCOPE_BIN). Fails when pytest
# fails or collects no tests (its exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
export TICKETSCOPE_BIN="${TICKETSCOPE_BIN:-$PWD/.build/debug/ticketscope}"
[ -x "$TICKETSCOPE_BIN" ] || { echo "test_python: no ticketscope binary at $TICKETSCOPE_BIN (run swift build first)" >&2; exit 1; }
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore ./python
rm -rf python/build python/ticketscope.egg-info
python3 -c "import torch" 2>/dev/null || echo "test_python: torch is not installed; the PyTorch tests will be skipped" >&2
# Run from the repository root so `import ticketscope` is the installed package, not python/ticketscope.
set +e
python3 -m pytest -q -p no:cacheprovider -rs python/tests
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "test_python: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
