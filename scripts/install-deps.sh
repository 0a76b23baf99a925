#!/usr/bin/env bash
# Installs the Debian/Ubuntu system packages TicketScope builds and tests against.
# Run as root (or with sudo available). Skips apt entirely when everything is present.
set -euo pipefail
packages=(libopenblas-dev libsqlite3-dev libcairo2-dev libfftw3-dev libsoxr-dev wordnet-base fonts-dejavu-core pkg-config python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Python packages the interoperability tests read our files back with (NumPy, safetensors).
if ! python3 -c "import numpy, safetensors" 2>/dev/null; then
    python3 -m pip install -q numpy safetensors || echo "install-deps: warning: could not pip-install numpy/safetensors; Python interop tests will be skipped" >&2
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
