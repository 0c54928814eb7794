#!/usr/bin/env bash
# Regenerates the committed Swift code of the RerunProtos target from Protos/**/*.proto.
#
#   Scripts/generate.sh
#
# 1. installs Debian's protobuf-compiler (/usr/bin/protoc) if it is missing (idempotent);
# 2. builds the protoc plugins protoc-gen-swift and protoc-gen-grpc-swift-2 in release from the
#    tools package Scripts/tools (pinned swift-protobuf / grpc-swift-protobuf) into .build-tools,
#    once (about 70 s; later runs reuse the binaries);
# 3. runs protoc into Sources/RerunProtos/Generated/ (replacing its *.pb.swift / *.grpc.swift),
#    and records the sha256 of every .proto and every generated file in
#    Sources/RerunProtos/Generated/SourceHashes.swift, which Scripts/check-generated.sh compares in CI.
#
# Never hand-edit the generated files: edit the .proto and run this script, then commit both.
set -euo pipefail
cd "$(dirname "$0")/.."

PROTO_ROOT=Protos
OUT=Sources/RerunProtos/Generated
STAMP="$OUT/SourceHashes.swift"
TOOLS_SCRATCH=.build-tools
PLUGIN_SWIFT="$TOOLS_SCRATCH/release/protoc-gen-swift"
PLUGIN_GRPC="$TOOLS_SCRATCH/release/protoc-gen-grpc-swift-2"

step() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. protoc
if ! command -v protoc >/dev/null 2>&1; then
  step "apt-get install protobuf-compiler"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq protobuf-compiler >/dev/null
fi
step "$(protoc --version) at $(command -v protoc)"

# 2. plugins (built once, rebuilt when the pins in Scripts/tools/Package.swift change)
pin() { sed -n "s|.*github.com/$1\", exact: \"\([0-9.]*\)\".*|\1|p" Scripts/tools/Package.swift; }
declare -A WANT=(
  [protoc-gen-swift]="protoc-gen-swift $(pin apple/swift-protobuf)"
  [protoc-gen-grpc-swift-2]="protoc-gen-grpc-swift-2 $(pin grpc/grpc-swift-protobuf)"
)
for product in protoc-gen-swift protoc-gen-grpc-swift-2; do
  binary="$TOOLS_SCRATCH/release/$product"
  if [ ! -x "$binary" ] || [ "$("$binary" --version 2>/dev/null)" != "${WANT[$product]}" ]; then
    step "building $product (release, once) into $TOOLS_SCRATCH"
    swift build -c release --package-path Scripts/tools --scratch-path "$TOOLS_SCRATCH" --product "$product"
  fi
done
step "$("$PLUGIN_SWIFT" --version), $("$PLUGIN_GRPC" --version)"

# 3. protoc
mapfile -t PROTOS < <(cd "$PROTO_ROOT" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
[ ${#PROTOS[@]} -gt 0 ] || { echo "error: no .proto files under $PROTO_ROOT" >&2; exit 1; }
# Files that declare a service also get a *.grpc.swift.
SERVICE_PROTOS=()
for p in "${PROTOS[@]}"; do
  if grep -Eq '^[[:space:]]*service[[:space:]]' "$PROTO_ROOT/$p"; then SERVICE_PROTOS+=("$p"); fi
done

# Generate into a temporary folder first, so a failure leaves the committed files untouched.
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

step "protoc: ${PROTOS[*]}"
# Visibility=Public: other targets use these types. FileNaming=PathToUnderscores: the output
# name includes the folder (rerun/v1alpha1/common.proto -> rerun_v1alpha1_common.pb.swift).
protoc -I "$PROTO_ROOT" \
  --plugin=protoc-gen-swift="$PLUGIN_SWIFT" \
  --swift_out="$TMP" \
  --swift_opt=Visibility=Public,FileNaming=PathToUnderscores \
  "${PROTOS[@]}"
if [ ${#SERVICE_PROTOS[@]} -gt 0 ]; then
  step "protoc (gRPC services): ${SERVICE_PROTOS[*]}"
  protoc -I "$PROTO_ROOT" \
    --plugin=protoc-gen-grpc-swift="$PLUGIN_GRPC" \
    --grpc-swift_out="$TMP" \
    --grpc-swift_opt=Visibility=Public,Server=true,Client=true,FileNaming=PathToUnderscores \
    "${SERVICE_PROTOS[@]}"
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.pb.swift "$OUT"/*.grpc.swift "$STAMP"
mv "$TMP"/*.swift "$OUT"/

# The stamp that Scripts/check-generated.sh compares: the sha256 of every .proto (input) and of
# every generated file (output), so both a stale generation and a hand edit fail CI. It is a Swift
# file (comments only) so that SwiftPM does not warn about an unhandled file in the target.
{
  echo "// DO NOT EDIT. Written by Scripts/generate.sh; Scripts/check-generated.sh compares it in CI."
  echo "// Generators: $(protoc --version), $("$PLUGIN_SWIFT" --version), $("$PLUGIN_GRPC" --version)."
  echo "// sha256 of the .proto inputs and the generated outputs:"
  for p in "${PROTOS[@]}"; do sha256sum "$PROTO_ROOT/$p"; done | sed 's|^|// |'
  for f in "$OUT"/*.pb.swift "$OUT"/*.grpc.swift; do if [ -e "$f" ]; then sha256sum "$f"; fi; done | LC_ALL=C sort -k2 | sed 's|^|// |'
} > "$STAMP.tmp"
mv "$STAMP.tmp" "$STAMP"

step "wrote:"
for f in "$OUT"/*.swift; do printf '  %s (%s lines)\n' "$f" "$(wc -l < "$f")"; done
