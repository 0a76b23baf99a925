#!/usr/bin/env bash
# libFuzzer targets for the readers of untrusted input: npz, safetensors, CIFAR records, WAV, PNG,
# the stop-rule parser, the config decoder and the .tar.gz reader of `data fetch`. Each target compiles the reader's own sources with
# `swiftc -sanitize=fuzzer,address` (so coverage guides the fuzzer inside the reader) and starts
# from the seed corpus in Fuzz/corpus/<target> (made by Fuzz/make-corpus.py).
#
#   bash scripts/fuzz.sh                      # every target, 1,000,000 inputs each; prints execs/s
#   bash scripts/fuzz.sh --seconds 10         # a short bounded run (CI, scripts/test.sh)
#   bash scripts/fuzz.sh --runs 20000 wav png # some targets
#
# Needs `swift build` done first (the Diagnostics target links the store's modules it imports).
# A crash leaves its input in .build-fuzz/crash-<target>-*; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=1000000
SECONDS_EACH=""
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --seconds) SECONDS_EACH=$2; shift ;;
    npz|safetensors|cifar|wav|png|stoprule|config|targz) TARGETS+=("$1") ;;
    *) echo "usage: fuzz.sh [--runs N | --seconds S] [npz safetensors cifar wav png stoprule config targz]" >&2; exit 2 ;;
  esac
  shift
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(npz safetensors cifar wav png stoprule config targz)
OUT=.build-fuzz
mkdir -p "$OUT"
FUZZ=(-sanitize=fuzzer,address -parse-as-library -O -g)
ZIP=.build/checkouts/ZIPFoundation/Sources
MODULES=.build/debug/Modules

build() { # target -> binary
  local t=$1 bin=$OUT/fuzz-$1
  case $t in
    npz|safetensors)
      if [ ! -f "$OUT/libZIPFoundation.a" ]; then
        swiftc -parse-as-library -O -emit-module -emit-library -static -module-name ZIPFoundation -Xcc -D_GNU_SOURCE -I "$ZIP/CZLib" \
          -emit-module-path "$OUT/ZIPFoundation.swiftmodule" "$ZIP"/ZIPFoundation/*.swift -o "$OUT/libZIPFoundation.a" 2>/dev/null
      fi
      # TensorFiles packs kept bits with the C kernels: link SwiftPM's debug build of them (uninstrumented).
      # AtomicFile is compiled into the same module (its `import` dropped from the copies).
      rm -rf "$OUT/tensorfiles"; mkdir -p "$OUT/tensorfiles"
      for f in Sources/TensorFiles/*.swift; do sed '/^import AtomicFile$/d' "$f" > "$OUT/tensorfiles/$(basename "$f")"; done
      swiftc "${FUZZ[@]}" -module-name TensorFiles -I "$OUT" -I "$ZIP/CZLib" -L "$OUT" -lZIPFoundation -lz \
        -I .build/debug/CMaskKernels.build -I Sources/CMaskKernels/include \
        "$OUT"/tensorfiles/*.swift Sources/AtomicFile/*.swift "Fuzz/$t.swift" .build/debug/CMaskKernels.build/*.o -o "$bin" ;;
    cifar)
      swiftc "${FUZZ[@]}" -module-name Datasets Sources/Datasets/CIFARRecords.swift Sources/Datasets/DatasetError.swift \
        Fuzz/cifar.swift -o "$bin" ;;
    wav)
      swiftc "${FUZZ[@]}" -module-name Audio Sources/Audio/WAVFile.swift Sources/Audio/WAVFormat.swift Sources/Audio/WAVSampleDecoder.swift \
        Sources/Audio/RIFFChunks.swift Sources/Audio/LittleEndian.swift Sources/Audio/AudioError.swift Fuzz/wav.swift -o "$bin" ;;
    png)
      swiftc "${FUZZ[@]}" -module-name RegionImages -I Sources/CCairo $(pkg-config --cflags-only-I cairo | sed 's/-I/-Xcc -I/g') -lcairo \
        Sources/RegionImages/*.swift Fuzz/FileInput.swift Fuzz/png.swift -o "$bin" ;;
    stoprule)
      # Diagnostics imports the store's modules: link SwiftPM's debug builds of them (uninstrumented).
      swiftc "${FUZZ[@]}" -module-name Diagnostics -I "$MODULES" -I .build/debug/CMaskKernels.build -I Sources/CMaskKernels/include \
        -I .build/checkouts/GRDB.swift/Sources/GRDBSQLite \
        Sources/Diagnostics/*.swift Fuzz/stoprule.swift .build/debug/{MaskKit,Vocabulary,RunStore,Statistics,WordNet,GRDB}.build/*.o \
        .build/debug/CMaskKernels.build/*.o -lsqlite3 -o "$bin" ;;
    targz)
      swiftc "${FUZZ[@]}" -module-name DatasetFetch -I Sources/CGzip -lz Sources/DatasetFetch/GzipDecoder.swift \
        Sources/DatasetFetch/TarReader.swift Sources/DatasetFetch/FetchError.swift Fuzz/targz.swift -o "$bin" ;;
    config)
      # TrainConfig and the parsing it uses as one module (its `import PruningCore` dropped).
      sed '/^import PruningCore$/d' Sources/Classification/TrainConfig.swift > "$OUT/TrainConfig.swift"
      swiftc "${FUZZ[@]}" -module-name Classification Sources/PruningCore/ConfigParsing.swift "$OUT/TrainConfig.swift" \
        Sources/PruningCore/PruningSchedule.swift Sources/PruningCore/LotteryError.swift Fuzz/config.swift -o "$bin" ;;
  esac
}

failed=0
echo "fuzz: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
for t in "${TARGETS[@]}"; do
  build "$t" 2> "$OUT/build-$t.log" || { echo "$t: build failed (see $OUT/build-$t.log)"; failed=1; continue; }
  corpus=$OUT/corpus-$t
  rm -rf "$corpus"; mkdir -p "$corpus"; cp Fuzz/corpus/$t/* "$corpus/"
  limit=(-runs="$RUNS"); [ -n "$SECONDS_EACH" ] && limit=(-max_total_time="$SECONDS_EACH")
  start=$(date +%s.%N)
  # Leak checking is off: Foundation's file reading keeps buffers ASan reports as leaks.
  if ASAN_OPTIONS=detect_leaks=0 "$OUT/fuzz-$t" "${limit[@]}" -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$OUT/crash-$t-" "$corpus" > "$OUT/run-$t.log" 2>&1; then
    status=ok
  else status=CRASH; failed=1; fi
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  done_runs=$(grep -oE '^#[0-9]+' "$OUT/run-$t.log" | tail -1 | tr -d '#' || true)
  cov=$(grep -oE 'cov: [0-9]+' "$OUT/run-$t.log" | tail -1 || true)
  printf '%-12s %-6s %10s inputs in %6.1f s (%s/s), %s, corpus %s files\n' "$t" "$status" "${done_runs:-0}" "$seconds" \
    "$(awk -v n="${done_runs:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1) }')" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)"
done
exit $failed
