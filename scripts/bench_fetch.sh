#!/usr/bin/env bash
# `ticketscope data fetch` against the standard tools, on an archive of the official CIFAR-10 size
# and layout (five 30,730,000-byte batches, the test batch and the names, ~170 MB gzip-compressed),
# built from ../shared/datasets/cifar10 (its two batches repeated) or, without it, from random bytes:
#   verify + unpack   ticketscope data fetch --archive   vs  sha256sum + tar xzf
#   download + verify + unpack over loopback HTTP
#                     ticketscope data fetch --mirror    vs  curl + sha256sum + tar xzf
# Median of R runs each (default 3), with the ratio and the CPU.
# Usage: scripts/bench_fetch.sh [R]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-3}
source scripts/bench_common.sh
shared=$PWD/../shared/datasets/cifar10
cd "$work"
mkdir -p src/cifar-10-batches-bin
python3 - "$shared" <<'PY'
import os, sys
shared, out = sys.argv[1], "src/cifar-10-batches-bin"
have = [os.path.join(shared, f"data_batch_{i}.bin") for i in (1, 2)]
source = [open(p, "rb").read() for p in have] if all(os.path.exists(p) for p in have) else None
for i in range(1, 6):
    data = source[(i - 1) % 2] if source else os.urandom(30_730_000)
    open(os.path.join(out, f"data_batch_{i}.bin"), "wb").write(data)
open(os.path.join(out, "test_batch.bin"), "wb").write(source[0] if source else os.urandom(30_730_000))
open(os.path.join(out, "batches.meta.txt"), "w").write("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n")
PY
tar -C src -czf cifar-10-binary.tar.gz cifar-10-batches-bin
rm -rf src
size=$(stat -c %s cifar-10-binary.tar.gz)
sha=$(sha256sum cifar-10-binary.tar.gz | cut -c1-64)
echo "archive: $size bytes; $(machine)"

ours() { rm -rf out && "$bin" data fetch cifar10 --dir out --quiet --sha256 "$sha" --size "$size" "$@"; }
theirs_local() { rm -rf out && mkdir out && echo "$sha  cifar-10-binary.tar.gz" | sha256sum -c --quiet && tar -C out -xzf cifar-10-binary.tar.gz; }

# The archive over loopback HTTP (Python's http.server on a free port).
mkdir www && ln cifar-10-binary.tar.gz www/
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory www >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/cifar-10-binary.tar.gz" && break; sleep 0.1; done
theirs_http() { rm -rf out dl.tar.gz && mkdir out && curl -sf -o dl.tar.gz "http://127.0.0.1:$port/cifar-10-binary.tar.gz" \
    && echo "$sha  dl.tar.gz" | sha256sum -c --quiet && tar -C out -xzf dl.tar.gz; }

report() {
    local name=$1; shift
    local a=() b=()
    for _ in $(seq "$R"); do a+=("$(seconds "$1")"); b+=("$(seconds "$2")"); done
    local ma mb; ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
    printf '%-38s ticketscope %6.2f s   %-28s %6.2f s   ratio %.2f\n' "$name" "$ma" "$3" "$mb" "$(echo "$ma / $mb" | bc -l)"
}
local_ours() { ours --archive cifar-10-binary.tar.gz; }
http_ours() { ours --mirror "http://127.0.0.1:$port/"; }
report "verify + unpack (local archive)" local_ours theirs_local "sha256sum + tar xzf"
report "download + verify + unpack (loopback)" http_ours theirs_http "curl + sha256sum + tar xzf"
