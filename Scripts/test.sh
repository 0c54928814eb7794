#!/usr/bin/env bash
# The one test command: sets up everything a fresh Debian/Ubuntu machine needs (idempotently),
# then builds and runs every test. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/lib/setup.sh

setup_apt_packages
setup_python_venv

step "swift build (debug, tests included)"
swift build --build-tests 2>&1 | grep -v "swift-distributed-tracing\|CMakeLists.txt" || true
# grep swallows the exit code; re-run quietly to surface a failure.
swift build --build-tests -q

step "swift test"
export RERUN_SWIFT_PYTHON="$PWD/.venv/bin/python"
swift test --skip-build

step "web viewer: node --test (pure modules)"
node --test Viewer/test/

step "web viewer: headless Chromium against rerun-swift serve"
RERUN_SWIFT="$PWD/.build/debug/rerun-swift" Tests/Browser/run.sh

step "generated code is current"
Scripts/check-generated.sh

step "fuzzing (bounded)"
Scripts/fuzz.sh --seconds "${RERUN_FUZZ_SECONDS:-20}"

step "all tests passed"
