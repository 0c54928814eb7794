// Release-mode latency benchmark of the viewer API's queries, in process: each sample parses a
// request frame, runs the query on a ChunkStore snapshot, and encodes the response frame — the
// work `ViewerConnection` does per request, minus the socket (`ViewerAPIBenchmarkProbe`).
// Run: `swift run -c release ViewerAPIBenchmark` (VIEWER_BENCH_SAMPLES sets the series length).
import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunQuery
import RerunServer
import RerunStore

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

/// Runs `body` `count` times (after `warmup` runs); prints p50/p99/max in milliseconds.
@MainActor func bench(_ name: String, count: Int, warmup: Int = 5, _ body: (Int) throws -> Int) rethrows {
    for i in 0..<warmup { _ = try body(i) }
    var times: [Double] = []
    var bytes = 0
    for i in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        bytes = try body(i)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    print(String(format: "%-48@ n=%4d  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (last frame %d bytes)",
                 name as NSString, count, percentile(times, 0.5), percentile(times, 0.99), times.last!, bytes))
}

/// A deterministic xorshift generator.
enum Dice {
    @MainActor static var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
}
@MainActor func random(_ n: Int) -> Int {
    Dice.seed ^= Dice.seed << 13; Dice.seed ^= Dice.seed >> 7; Dice.seed ^= Dice.seed << 17
    return Int(Dice.seed % UInt64(n))
}

func rowIDs(_ n: Int) -> [RowID] { (0..<n).map { _ in TUID.next() } }

func scalarChunk(entity: EntityPath, times: Range<Int>, value: (Int) -> Double) throws -> Chunk {
    let n = times.count
    let values = ArrayData.from(times.map(value))
    let list = try ArrayData.list(values: values, offsets: (0...n).map { Int32($0) })
    return try Chunk(id: TUID.next(), entityPath: entity, rowIDs: rowIDs(n),
                     timeColumns: [try TimeColumn(Timeline("t", .sequence), times: times.map(Int64.init))],
                     components: [try ComponentColumn(descriptor: ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar"), data: list)])
}

func pointsChunk(entity: EntityPath, frames: Range<Int>, points: Int) throws -> Chunk {
    let n = frames.count
    var floats: [Float] = []
    floats.reserveCapacity(n * points * 3)
    for f in frames { for p in 0..<points { floats += [Float(f), Float(p), 1] } }
    let fsl = try ArrayData.fixedSizeList(values: ArrayData.from(floats), size: 3)
    let positions = try ArrayData.list(values: fsl, offsets: (0...n).map { Int32($0 * points) })
    let colors = try ArrayData.list(values: ArrayData.from((0..<n).map { _ in UInt32(0xFF00_00FF) }), offsets: (0...n).map { Int32($0) })
    return try Chunk(id: TUID.next(), entityPath: entity, rowIDs: rowIDs(n),
                     timeColumns: [try TimeColumn(Timeline("frame", .sequence), times: frames.map(Int64.init))],
                     components: [
                        try ComponentColumn(descriptor: ComponentDescriptor(component: "Points3D:positions", archetype: "rerun.archetypes.Points3D", componentType: "rerun.components.Position3D"), data: positions),
                        try ComponentColumn(descriptor: ComponentDescriptor(component: "Points3D:colors", archetype: "rerun.archetypes.Points3D", componentType: "rerun.components.Color"), data: colors),
                     ])
}

func textChunk(entity: EntityPath, frames: Range<Int>) throws -> Chunk {
    let n = frames.count
    let texts = try ArrayData.list(values: ArrayData.from(frames.map { "log line \($0): something happened" }), offsets: (0...n).map { Int32($0) })
    let levels = try ArrayData.list(values: ArrayData.from(frames.map { $0 % 10 == 0 ? "WARN" : "INFO" }), offsets: (0...n).map { Int32($0) })
    return try Chunk(id: TUID.next(), entityPath: entity, rowIDs: rowIDs(n),
                     timeColumns: [try TimeColumn(Timeline("frame", .sequence), times: frames.map(Int64.init))],
                     components: [
                        try ComponentColumn(descriptor: ComponentDescriptor(component: "TextLog:text", archetype: "rerun.archetypes.TextLog", componentType: "rerun.components.Text"), data: texts),
                        try ComponentColumn(descriptor: ComponentDescriptor(component: "TextLog:level", archetype: "rerun.archetypes.TextLog", componentType: "rerun.components.TextLogLevel"), data: levels),
                     ])
}

func ask(_ store: ChunkStore, _ json: String) throws -> Int {
    try ViewerAPIBenchmarkProbe.answer(json: json, store: store).count
}

let samples = Int(ProcessInfo.processInfo.environment["VIEWER_BENCH_SAMPLES"] ?? "") ?? 10_000_000
let frames = 1000
print("building stores: 100 point entities × \(frames) frames × 10 points; \(samples) scalar samples; 100,000 text-log rows")
var sceneStore = ChunkStore()
for e in 0..<100 {
    for start in stride(from: 0, to: frames, by: 250) {
        _ = try sceneStore.insert(try pointsChunk(entity: EntityPath("points", "p\(e)"), frames: start..<min(frames, start + 250), points: 10))
    }
}
for start in stride(from: 0, to: 100_000, by: 4096) {
    _ = try sceneStore.insert(try textChunk(entity: EntityPath("log"), frames: start..<min(100_000, start + 4096)))
}
var plotStore = ChunkStore()
for start in stride(from: 0, to: samples, by: 4096) {
    _ = try plotStore.insert(try scalarChunk(entity: EntityPath("signal"), times: start..<min(samples, start + 4096)) { sin(Double($0) / 1000) + Double($0 % 7) * 0.01 })
}
print("stores built; plot store \(plotStore.chunkCount) chunks")

let entityList = (0..<100).map { "\"/points/p\($0)\"" }.joined(separator: ",")
try bench("latest_at, 100 entities (cold: no have)", count: 500) { i in
    try ask(sceneStore, #"{"type":"latest_at","id":1,"timeline":"frame","time":\#(random(frames)),"entities":[\#(entityList)]}"#)
}
// The browser's steady state while scrubbing: it already holds most cells.
let keysReply = try ViewerFrame.decode(ViewerAPIBenchmarkProbe.answer(
    json: #"{"type":"latest_at","id":1,"timeline":"frame","time":500,"entities":[\#(entityList)]}"#, store: sceneStore))
let keys = ((keysReply.object["entities"] as? [[String: Any]]) ?? []).flatMap { ($0["components"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String } }
let haveJSON = keys.map { "\"\($0)\"" }.joined(separator: ",")
try bench("latest_at, 100 entities (all cells in have)", count: 500) { _ in
    try ask(sceneStore, #"{"type":"latest_at","id":1,"timeline":"frame","time":500,"entities":[\#(entityList)],"have":[\#(haveJSON)]}"#)
}
do {
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try ask(plotStore, #"{"type":"plot","id":1,"timeline":"t","from":0,"to":\#(samples - 1),"width":2000,"series":[{"entity":"/signal"}]}"#)
    print(String(format: "plot, first request (builds block summaries): %.1f ms", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
}
try bench("plot, \(samples) samples → 2,000 px, full range", count: 200) { _ in
    try ask(plotStore, #"{"type":"plot","id":1,"timeline":"t","from":0,"to":\#(samples - 1),"width":2000,"series":[{"entity":"/signal"}]}"#)
}
try bench("  (part) range lookup of \(samples) rows", count: 50) { _ in
    plotStore.range(entity: EntityPath("signal"), component: "Scalars:scalars", timeline: "t", in: TimeInt(0)!...TimeInt(Int64(samples))!).count
}
let allRuns = plotStore.range(entity: EntityPath("signal"), component: "Scalars:scalars", timeline: "t", in: TimeInt(0)!...TimeInt(Int64(samples))!)
try bench("  (part) decimation over cached segments", count: 50) { _ in
    ViewerAPIBenchmarkProbe.decimateCached(
        store: plotStore, entity: EntityPath("signal"), component: "Scalars:scalars", timeline: "t", range: 0...Int64(samples - 1), width: 2000)!
}
try bench("  (part) plain M4 over the runs (no summaries)", count: 20) { _ in
    var m4 = M4(range: 0...Int64(samples - 1), width: 2000)
    m4.add(runs: allRuns)
    return m4.finish().times.count
}
try bench("plot, random window ≥ 10% → 2,000 px", count: 200) { _ in
    let a = random(samples * 9 / 10), b = a + samples / 10 + random(samples - a - samples / 10)
    return try ask(plotStore, #"{"type":"plot","id":1,"timeline":"t","from":\#(a),"to":\#(b),"width":2000,"series":[{"entity":"/signal"}]}"#)
}
try bench("text_log, page of 100 rows (100k rows)", count: 1000) { _ in
    try ask(sceneStore, #"{"type":"text_log","id":1,"timeline":"frame","at":\#(random(100_000)),"offset":\#(random(1000)),"limit":100}"#)
}
try bench("text_log, 100 rows, level filter (scans)", count: 100) { _ in
    try ask(sceneStore, #"{"type":"text_log","id":1,"timeline":"frame","at":\#(random(100_000)),"limit":100,"levels":["warn"]}"#)
}
try bench("text_log, 100 rows, search (scans)", count: 100) { _ in
    try ask(sceneStore, #"{"type":"text_log","id":1,"timeline":"frame","at":\#(random(100_000)),"limit":100,"search":"LINE 9"}"#)
}
try bench("density push, 101 entities, 512 buckets", count: 100) { _ in
    try ViewerAPIBenchmarkProbe.densityPush(store: sceneStore, timeline: "frame", buckets: 512).count
}
try bench("tree push, 101 entities", count: 100) { _ in
    try ViewerAPIBenchmarkProbe.treePush(store: sceneStore).count
}
