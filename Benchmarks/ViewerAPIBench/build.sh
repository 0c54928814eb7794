#!/bin/sh
# Builds and runs the viewer API benchmark in release mode: swiftc -O over the viewer API's
# query files (Sources/RerunServer/ViewerAPI, minus the hub-bound connection) plus main.swift,
# linked against the release objects of the lower layers. Needs `swift build -c release` to have
# built RerunQuery and RerunTypes (e.g. via Scripts/bench.sh).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rel="$root/.build/release"
out=${OUT:-/tmp/viewer-api-bench.$$}
mkdir -p "$out"
srcs=""
for f in "$root"/Sources/RerunServer/ViewerAPI/*.swift; do
  case "$f" in *ViewerConnection.swift) ;; *) srcs="$srcs $f" ;; esac
done
# Object files (some names contain spaces): a response file with quoted paths.
: > "$out/objects.rsp"
for m in RerunArrow RerunModel RerunChunk RerunStore RerunQuery RerunTypes Collections DequeModule OrderedCollections \
         BitCollections HashTreeCollections HeapModule RopeModule InternalCollectionsUtilities BasicContainers ContainersPreview; do
  [ -d "$rel/$m.build" ] || continue
  for o in "$rel/$m.build"/*.o; do [ -e "$o" ] && printf '"%s"\n' "$o" >> "$out/objects.rsp"; done
done
swiftc -O -wmo -module-name ViewerAPIBench -I "$rel/Modules" -swift-version 6 \
  "$root/Benchmarks/ViewerAPIBench/main.swift" $srcs "$root/Sources/RerunServer/Hub/RecordingSummary.swift" @"$out/objects.rsp" \
  -o "$out/viewer-api-bench"
"$out/viewer-api-bench"
