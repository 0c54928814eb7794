#!/usr/bin/env bash
# Checks that the committed generated code is current. Fast (no builds, no code generators): it
# only compares files and hashes. Scripts/test.sh runs it in CI.
#
#   Scripts/check-generated.sh
#
# Each check is a function named check_<something> listed in CHECKS below; it prints what is wrong
# and returns non-zero on failure. All checks run; the script fails if any failed.
# To add a check (e.g. for the IDL codegen), write a function and append its name to CHECKS.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- protobuf: Protos/**/*.proto -> Sources/RerunProtos/Generated (Scripts/generate.sh) ---------

PROTO_ROOT=Protos
PROTO_OUT=Sources/RerunProtos/Generated
PROTO_STAMP="$PROTO_OUT/SourceHashes.swift"

# The generated Swift file stem for a .proto path relative to Protos/ (FileNaming=PathToUnderscores).
proto_stem() { local p="${1%.proto}"; echo "${p//\//_}"; }

# Every .proto has its .pb.swift (and .grpc.swift if it declares a service), and no generated
# file is left over from a .proto that no longer exists.
check_protos_generated() {
  local ok=0 p stem f base expected=()
  while IFS= read -r p; do
    stem="$(proto_stem "$p")"
    expected+=("$stem.pb.swift")
    if grep -Eq '^[[:space:]]*service[[:space:]]' "$PROTO_ROOT/$p"; then expected+=("$stem.grpc.swift"); fi
  done < <(cd "$PROTO_ROOT" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
  for f in "${expected[@]}"; do
    if [ ! -f "$PROTO_OUT/$f" ]; then echo "missing generated file $PROTO_OUT/$f"; ok=1; fi
  done
  for f in "$PROTO_OUT"/*.pb.swift "$PROTO_OUT"/*.grpc.swift; do
    [ -e "$f" ] || continue
    base="$(basename "$f")"
    if [[ " ${expected[*]} " != *" $base "* ]]; then echo "generated file $f has no .proto in $PROTO_ROOT/"; ok=1; fi
  done
  return $ok
}

# The stamp written by generate.sh records the sha256 of every .proto and every generated file:
# a .proto edited without regenerating, or a hand-edited generated file, fails here.
check_protos_hashes() {
  if [ ! -f "$PROTO_STAMP" ]; then echo "missing $PROTO_STAMP"; return 1; fi
  local recorded actual f
  recorded="$(grep -E '^// [0-9a-f]{64}  ' "$PROTO_STAMP" | sed 's|^// ||' || true)"
  actual="$(
    find "$PROTO_ROOT" -name '*.proto' | LC_ALL=C sort | while IFS= read -r f; do sha256sum "$f"; done
    for f in "$PROTO_OUT"/*.pb.swift "$PROTO_OUT"/*.grpc.swift; do if [ -e "$f" ]; then sha256sum "$f"; fi; done \
      | LC_ALL=C sort -k2
  )"
  if [ "$recorded" != "$actual" ]; then
    echo "sha256 recorded in $PROTO_STAMP (-) differ from the files (+):"
    diff <(echo "$recorded") <(echo "$actual") | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/' || true
    return 1
  fi
}

# --- IDL: IDL/**/*.fbs -> Sources/RerunTypes/Generated + Viewer/src/data/generated (swift run codegen) -

IDL_ROOT=IDL
IDL_SWIFT_OUT=Sources/RerunTypes/Generated
IDL_JS_OUT=Viewer/src/data/generated
IDL_STAMP="$IDL_SWIFT_OUT/SourceHashes.swift"

# The stamp written by `swift run codegen` records the sha256 of every IDL file and every generated
# file: an IDL file edited (added, removed) without regenerating, a hand-edited generated file, or a
# generated file left over from a removed IDL type fails here.
check_idl_hashes() {
  if [ ! -f "$IDL_STAMP" ]; then echo "missing $IDL_STAMP"; return 1; fi
  local recorded actual f
  recorded="$(grep -E '^// [0-9a-f]{64}  ' "$IDL_STAMP" | sed 's|^// ||' || true)"
  actual="$(
    find "$IDL_ROOT" -name '*.fbs' | LC_ALL=C sort | while IFS= read -r f; do sha256sum "$f"; done
    { find "$IDL_SWIFT_OUT" -name '*.swift' ! -path "$IDL_STAMP"; find "$IDL_JS_OUT" -name '*.js' 2>/dev/null; } \
      | LC_ALL=C sort | while IFS= read -r f; do sha256sum "$f"; done
  )"
  if [ "$recorded" != "$actual" ]; then
    echo "sha256 recorded in $IDL_STAMP (-) differ from the files (+):"
    diff <(echo "$recorded") <(echo "$actual") | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/' || true
    return 1
  fi
}

# --- driver ---------------------------------------------------------------------------------------

# check function : how to fix a failure
CHECKS=(
  "check_protos_generated:run Scripts/generate.sh and commit Protos/ and $PROTO_OUT/ together"
  "check_protos_hashes:run Scripts/generate.sh (never hand-edit $PROTO_OUT/) and commit the result"
  "check_idl_hashes:run swift run codegen (never hand-edit $IDL_SWIFT_OUT/ or $IDL_JS_OUT/) and commit IDL/ and the generated files together"
)

failed=0
for entry in "${CHECKS[@]}"; do
  name="${entry%%:*}"
  fix="${entry#*:}"
  if output="$("$name" 2>&1)"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    [ -z "$output" ] || printf '%s\n' "$output" | sed 's/^/     /'
    echo "     fix: $fix"
    failed=1
  fi
done
if [ $failed -ne 0 ]; then
  echo "error: generated code is stale or was edited by hand (see above)" >&2
  exit 1
fi
