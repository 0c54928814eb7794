#!/usr/bin/env bash
# Runs the web viewer's browser tests (headless Chromium against a real `rerun-swift serve`).
# Needs an already-built .build/debug/rerun-swift (or $RERUN_SWIFT), `chromium`, and the venv
# (.venv: rerun-sdk for the test recordings, websocket-client, Pillow). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${RERUN_SWIFT_PYTHON:-$PWD/.venv/bin/python}"
BIN="${RERUN_SWIFT:-$PWD/.build/debug/rerun-swift}"
[[ -x "$BIN" ]] || { echo "run.sh: $BIN is missing; build first (swift build)" >&2; exit 1; }
command -v "${CHROMIUM:-chromium}" >/dev/null || { echo "run.sh: chromium is not installed" >&2; exit 1; }
# Every Tests/Browser/test_*.py file is a suite; all run even if one fails, and the exit code says
# whether any failed. Arguments (test names, --screenshots DIR) are passed to each.
status=0
for suite in Tests/Browser/test_*.py; do
  echo "== $suite"
  timeout 900 "$PY" "$suite" "$@" || status=1
done
exit $status
