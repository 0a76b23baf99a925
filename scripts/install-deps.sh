#!/usr/bin/env bash
# Installs the Debian/Ubuntu system packages TicketScope builds and tests against.
# Run as root (or with sudo available). Skips apt entirely when everything is present.
set -euo pipefail
packages=(libopenblas-dev libsqlite3-dev libcairo2-dev libfftw3-dev libsoxr-dev zlib1g-dev libcurl4 wordnet-base fonts-dejavu-core pkg-config python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Python packages the interoperability tests read our files back with (NumPy, safetensors), and
# pytest for the Python package's tests (scripts/test_python.sh).
if ! python3 -c "import numpy, safetensors, pytest" 2>/dev/null; then
    python3 -m pip install -q numpy safetensors pytest || echo "install-deps: warning: could not pip-install numpy/safetensors/pytest; Python tests will be skipped or fail" >&2
fi
# PyTorch (CPU) for the Python package's torch tests and notebook 03. PyPI's default Linux wheel
# pulls about 3 GB of CUDA libraries, so only a CPU wheel (about 190 MB) is installed: from pip's
# find-links directory when the machine has one (this machine image ships one). Without it the
# torch tests skip, saying so.
if ! python3 -c "import torch" 2>/dev/null; then
    links="${PIP_FIND_LINKS:-$(python3 -m pip config get global.find-links 2>/dev/null || true)}"
    wheel=""
    for dir in $links; do
        for w in "$dir"/torch-*+cpu-cp"$(python3 -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"-*.whl; do
            [ -f "$w" ] && wheel="$w"
        done
    done
    if [ -n "$wheel" ]; then
        echo "install-deps: installing $(basename "$wheel")"
        python3 -m pip install -q "$wheel" || echo "install-deps: warning: could not install $wheel; torch tests will be skipped" >&2
    else
        echo "install-deps: no CPU torch wheel in pip's find-links; torch tests will be skipped (pip install torch to run them)" >&2
    fi
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all system packages present"
    exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
