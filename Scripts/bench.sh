#!/usr/bin/env bash
# Side-by-side benchmarks: ours (release build) and the official implementation, same run.
# Usage: Scripts/bench.sh [AREA…] [--rounds N]      areas: lz4 ipc rrd sdk decimation (default: all)
# (an area without Benchmarks/python/AREA_bench.py has no official counterpart: absolute figures only)
# Each round runs ours and theirs back to back (alternating which goes first); the report gives
# medians per case and the ratio ours/theirs (>1 means we are faster for throughputs).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/lib/setup.sh
rounds=5
areas=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    *) areas+=("$1"); shift ;;
  esac
done
[ ${#areas[@]} -gt 0 ] || areas=(lz4 ipc rrd sdk decimation)

setup_python_venv
step "swift build -c release --product RerunBenchmarks"
swift build -q -c release --product RerunBenchmarks 2>&1 | grep -v "swift-distributed-tracing\|CMakeLists.txt" || true
bin=".build/release/RerunBenchmarks"
out=$(mktemp -d)
for area in "${areas[@]}"; do
  step "benchmark: $area ($rounds paired rounds)"
  official="Benchmarks/python/${area}_bench.py"
  for r in $(seq 1 "$rounds"); do
    if [ ! -f "$official" ]; then
      "$bin" "$area" >> "$out/$area.jsonl"
    elif [ $((r % 2)) -eq 1 ]; then
      "$bin" "$area" >> "$out/$area.jsonl"
      .venv/bin/python "Benchmarks/python/${area}_bench.py" >> "$out/$area.jsonl"
    else
      .venv/bin/python "Benchmarks/python/${area}_bench.py" >> "$out/$area.jsonl"
      "$bin" "$area" >> "$out/$area.jsonl"
    fi
  done
  .venv/bin/python Benchmarks/python/report.py "$out/$area.jsonl"
done
rm -rf "$out"
