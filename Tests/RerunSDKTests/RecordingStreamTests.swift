import Foundation
import Rerun
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD
import RerunTestSupport
import Synchronization
import Testing

/// A `Scalars` batch built by hand, independent of the generated archetypes.
struct TestScalars: AsComponents {
    var values: [Double]
    func componentColumns() -> [(ComponentDescriptor, ArrayData)] {
        [(ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars",
                              componentType: "rerun.components.Scalar"), ArrayData.from(values))]
    }
}

func decodedChunks(_ bytes: [UInt8]) throws -> [Chunk] {
    var decoder = RRDDecoder()
    decoder.push(bytes)
    var chunks: [Chunk] = []
    while let event = try decoder.next() {
        if case .message(.arrow(let arrow), _, _, _) = event { chunks.append(arrow.chunk) }
    }
    try decoder.finish()
    return chunks
}

func doubles(_ chunk: Chunk, _ component: String) -> [[Double]?] {
    guard let column = chunk.component(named: component)?.data, let lists = try? ListArray(column),
          let values = try? PrimitiveArray<Double>(lists.values) else { return [] }
    return (0..<column.length).map { row in
        column.isValid(row) ? lists.valueRange(at: row).map { values.value(at: $0) } : nil
    }
}

@Suite struct RecordingStreamTests {
    @Test func rowsBecomeChunksWithTimesAndProperties() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "test_app", recordingID: "rec1", sink: sink, options: .init(logTick: true))
        for i in 0..<5 {
            rec.setTime("frame", sequence: Int64(i))
            rec.setTime("sim", duration: Double(i) * 0.5)
            try rec.log("plots/a", TestScalars(values: [Double(i)]))
        }
        try rec.log("plots/a", TestScalars(values: [99]), static: true)
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        let properties = try #require(chunks.first { $0.entityPath == .properties })
        #expect(properties.isStatic)
        #expect(properties.component(named: "RecordingInfo:start_time") != nil)
        let temporal = chunks.filter { $0.entityPath == "plots/a" && !$0.isStatic }
        #expect(temporal.count == 1, "same shape rows share a chunk")
        let chunk = try #require(temporal.first)
        #expect(chunk.timeColumns.map(\.timeline.name) == ["frame", "log_tick", "log_time", "sim"])
        #expect(chunk.timeColumn(named: "frame")?.times == [0, 1, 2, 3, 4])
        #expect(chunk.timeColumn(named: "sim")?.times == [0, 500_000_000, 1_000_000_000, 1_500_000_000, 2_000_000_000])
        #expect(chunk.timeColumn(named: "sim")?.timeline.kind == .duration)
        #expect(chunk.timeColumn(named: "log_tick")?.times == [0, 1, 2, 3, 4], "one tick per temporal log call, from 0")
        #expect(doubles(chunk, "Scalars:scalars") == [[0], [1], [2], [3], [4]])
        #expect(chunk.isSortedByRowID)
        let staticChunk = try #require(chunks.first { $0.entityPath == "plots/a" && $0.isStatic })
        #expect(doubles(staticChunk, "Scalars:scalars") == [[99]])
    }

    @Test func fileSinkPassesTheOfficialVerifierAndReader() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sdk.rrd").path
        let rec = try RecordingStream(applicationID: "swift_sdk", recordingID: "rec_file", savingTo: path)
        for i in 0..<100 {
            rec.setTime("frame", sequence: Int64(i))
            rec.setTime("sensor", timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)))
            try rec.log("series/\(i % 3)", TestScalars(values: [Double(i) * 0.25]))
        }
        try rec.finish()
        let verify = try Oracle.runRerun(["rrd", "verify", path])
        #expect(verify.status == 0, "\(verify.output)")
        let out = try Oracle.runPython("""
            import sys, json, rerun as rr
            reader = rr.chunk.RrdReader(sys.argv[1])
            total = {}
            for c in reader.store().stream():
                b = c.to_record_batch()
                if "Scalars:scalars" in b.schema.names:
                    total.setdefault(c.entity_path, []).extend(v[0] for v in b.column("Scalars:scalars").to_pylist())
            print(json.dumps({k: sorted(v) for k, v in sorted(total.items())}))
            """, arguments: [path])
        let values = try JSONDecoder().decode([String: [Double]].self, from: out)
        #expect(values["/series/0"] == stride(from: 0, to: 100, by: 3).map { Double($0) * 0.25 })
        #expect(values.count == 3)
    }

    /// Synchronous on purpose: an `async` test may resume on another thread after an `await`,
    /// and time is per thread (as in Rerun).
    @Test func timeIsPerThread() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "t", sink: sink, options: .init(logTime: false, sendProperties: false))
        rec.setTime("frame", sequence: 1000)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            rec.setTime("frame", sequence: 7)
            try? rec.log("other", TestScalars(values: [1]))
            done.signal()
        }
        thread.start()
        done.wait()
        try rec.log("main", TestScalars(values: [2]))
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        #expect(chunks.first { $0.entityPath == "other" }?.timeColumn(named: "frame")?.times == [7])
        #expect(chunks.first { $0.entityPath == "main" }?.timeColumn(named: "frame")?.times == [1000])
        rec.resetTime()
    }

    @Test func concurrentLoggingKeepsEveryRow() async throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "c", sink: sink, batcher: BatcherConfig(flushTick: 0.001, flushNumBytes: 4096))
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<500 {
                        try? rec.log("thread/\(t)", TestScalars(values: [Double(i)]))
                    }
                }
            }
        }
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        for t in 0..<8 {
            let values = chunks.filter { $0.entityPath == EntityPath("thread", "\(t)") }.flatMap { doubles($0, "Scalars:scalars") }
            #expect(values.count == 500, "thread \(t)")
            #expect(values.compactMap { $0?.first }.sorted() == (0..<500).map(Double.init))
        }
    }

    @Test func misuseGivesClearErrors() throws {
        let rec = try RecordingStream(applicationID: "m", sink: MemorySink())
        #expect(throws: RerunError.self) { try rec.log("a//b", TestScalars(values: [1])) }
        rec.setTime("sim", duration: .nan)
        do {
            try rec.log("x", TestScalars(values: [1]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("timeline 'sim'"))
        }
        rec.disableTimeline("sim")
        try rec.log("x", TestScalars(values: [1]))
        do {
            try rec.log("x", TestScalars(values: [1]), TestScalars(values: [2]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("logged twice"))
        }
        try rec.finish()
        do {
            try rec.log("x", TestScalars(values: [1]))
            Issue.record("expected an error")
        } catch let error as RerunError {
            #expect(error.kind == .finished)
        }
        try rec.finish()  // idempotent
        #expect(throws: RerunError.self) { try RecordingStream(applicationID: "", sink: MemorySink()) }
    }

    @Test func aProcessThatDiesLeavesAFileTheOfficialToolsRead() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("live.rrd").path
        let rec = try RecordingStream(applicationID: "crash", savingTo: path)
        for i in 0..<10 {
            rec.setTime("frame", sequence: Int64(i))
            try rec.log("v", TestScalars(values: [Double(i)]))
        }
        try rec.flush()
        // Snapshot the file as a crash would leave it: no footer yet.
        let snapshot = dir.appendingPathComponent("snapshot.rrd")
        try FileManager.default.copyItem(atPath: path, toPath: snapshot.path)
        try rec.finish()
        let verify = try Oracle.runRerun(["rrd", "verify", "--check-footers", "false", snapshot.path])
        #expect(verify.status == 0, "\(verify.output)")
        let chunks = try decodedChunks(Array(Data(contentsOf: snapshot)))
        #expect(chunks.filter { $0.entityPath == "v" }.flatMap { doubles($0, "Scalars:scalars") }.count == 10)
    }

    @Test func environmentOverridesTheBatcher() {
        let config = BatcherConfig.default.applyingEnvironment(["RERUN_FLUSH_TICK_SECS": "0.5", "RERUN_FLUSH_NUM_BYTES": "100", "RERUN_FLUSH_NUM_ROWS": "3"])
        #expect(config.flushTick == 0.5)
        #expect(config.flushNumBytes == 100)
        #expect(config.flushNumRows == 3)
        let ignored = BatcherConfig().applyingEnvironment(["RERUN_FLUSH_TICK_SECS": "nan", "RERUN_FLUSH_NUM_BYTES": "-1"])
        #expect(ignored.flushTick == 0.2)
        #expect(ignored.flushNumBytes == 2 * 1024 * 1024)
        #expect(BatcherConfig.lowLatency.flushTick <= 0.008 || ProcessInfo.processInfo.environment["RERUN_FLUSH_TICK_SECS"] != nil)
    }
}
