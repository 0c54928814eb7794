#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with address sanitizer) and runs each for a bounded time.
# Usage: Scripts/fuzz.sh [--seconds N] [TARGET…]   (targets: FuzzLZ4 FuzzIPC FuzzRRD; default all)
# Seed corpora live in Fuzz/corpus/<TARGET>/; new inputs found go to Fuzz/.out/<TARGET>/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=20
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(FuzzLZ4 FuzzIPC FuzzRRD)

export RERUN_SWIFT_FUZZ=1
for t in "${targets[@]}"; do
  echo "--- building $t"
  log=$(mktemp)
  if ! swift build -q --scratch-path .build-fuzz --product "$t" \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$log" 2>&1; then
    grep -v "swift-distributed-tracing\|CMakeLists.txt\|Cannot export local symbol" "$log" >&2 || true
    echo "error: fuzz target $t did not build" >&2
    exit 1
  fi
  rm -f "$log"
  bin=".build-fuzz/debug/$t"
  mkdir -p "Fuzz/.out/$t" "Fuzz/corpus/$t"
  echo "--- fuzzing $t for ${seconds}s"
  "$bin" -artifact_prefix="Fuzz/.out/$t/" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    "Fuzz/.out/$t" "Fuzz/corpus/$t" 2>&1 | tail -n 15
done
