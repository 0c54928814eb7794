import Foundation
@testable import Rerun
import RerunArrow
import RerunChunk
import RerunModel
import RerunTestSupport
import Testing

/// `sendColumns` chunking: one chunk per call like the official `rr.send_columns` (0.41), row ids
/// continuing the chunk id, and the split of calls above `columnChunkMaxBytes`.
@Suite struct ColumnChunkingTests {
    static let scalars = Scalars.Descriptors.scalars

    /// The official twin of `logSwift`: three `send_columns` calls, saved to `sys.argv[1]`.
    static let pythonScript = #"""
        import sys, numpy as np, rerun as rr
        rr.init("swift_columns", recording_id="columns-recording", spawn=False)
        rr.save(sys.argv[1])
        n = 20_000
        rr.send_columns("/series/0", indexes=[rr.TimeColumn("step", sequence=np.arange(n, dtype=np.int64)),
                                              rr.TimeColumn("sim", duration=np.arange(n, dtype=np.int64).astype("timedelta64[ms]"))],
                        columns=rr.Scalars.columns(scalars=np.arange(n, dtype=np.float64) * 0.25))
        rr.send_columns("/series/1", indexes=[rr.TimeColumn("step", sequence=np.arange(5_000, dtype=np.int64))],
                        columns=rr.Scalars.columns(scalars=np.arange(5_000, dtype=np.float64) - 7.5))
        lengths = [i % 4 for i in range(1_000)]
        total = sum(lengths)
        rr.send_columns("/multi", indexes=[rr.TimeColumn("frame", sequence=np.arange(1_000, dtype=np.int64) * 2)],
                        columns=rr.Scalars.columns(scalars=np.arange(total, dtype=np.float64) / 8).partition(lengths))
        """#

    /// Entity and row count of every chunk, in file order, read with the official `RrdReader`.
    static let chunkListScript = #"""
        import sys, rerun as rr
        for c in rr.chunk.RrdReader(sys.argv[1]).store().stream():
            print(c.entity_path, c.to_record_batch().num_rows)
        """#

    static func logSwift(to path: String) throws {
        let rec = try RecordingStream(applicationID: "swift_columns", recordingID: "columns-recording", savingTo: path)
        let n = 20_000
        try rec.sendColumns("/series/0", indexes: [.sequence("step", (0..<Int64(n)).map { $0 }),
                                                   .durationNanos("sim", (0..<Int64(n)).map { $0 * 1_000_000 })],
                            columns: [ComponentColumnBatch(scalars, values: ArrayData.from((0..<n).map { Double($0) * 0.25 }))])
        try rec.sendColumns("/series/1", indexes: [.sequence("step", (0..<Int64(5_000)).map { $0 })],
                            columns: [ComponentColumnBatch(scalars, values: ArrayData.from((0..<5_000).map { Double($0) - 7.5 }))])
        let lengths = (0..<1_000).map { $0 % 4 }
        let total = lengths.reduce(0, +)
        try rec.sendColumns("/multi", indexes: [.sequence("frame", (0..<Int64(1_000)).map { $0 * 2 })],
                            columns: [ComponentColumnBatch(scalars, values: ArrayData.from((0..<total).map { Double($0) / 8 }), lengths: lengths)])
        try rec.finish()
    }

    @Test func chunkBoundariesMatchTheOfficialSDK() throws {
        try Oracle.withSwiftAndOfficialRecordings(logSwift: Self.logSwift(to:), pythonScript: Self.pythonScript) { ours, theirs in
            let ourChunks = String(decoding: try Oracle.runPython(Self.chunkListScript, arguments: [ours]), as: UTF8.self)
            let theirChunks = String(decoding: try Oracle.runPython(Self.chunkListScript, arguments: [theirs]), as: UTF8.self)
            #expect(ourChunks == theirChunks)
            #expect(ourChunks.contains("/series/0 20000\n") && ourChunks.contains("/series/1 5000\n") && ourChunks.contains("/multi 1000\n"),
                    "\(ourChunks)")
            let compare = try Oracle.runRerun(["rrd", "compare", ours, theirs])
            #expect(compare.status == 0, "rrd compare: \(compare.output)")
            let verify = try Oracle.runRerun(["rrd", "verify", ours])
            #expect(verify.status == 0, "rrd verify: \(verify.output)")
        }
    }

    @Test func rowIDsContinueTheChunkIDAndPrecedeLaterRows() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "ids", sink: sink, options: .init(sendProperties: false))
        let n = 10_000
        try rec.sendColumns("a", indexes: [.sequence("t", (0..<Int64(n)).map { $0 })],
                            columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from((0..<n).map(Double.init)))])
        try rec.sendColumns("b", indexes: [.sequence("t", [0, 1])],
                            columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from([1.0, 2.0]))])
        rec.setTime("t", sequence: 5)
        try rec.log("a", Scalars(1.0))
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        #expect(chunks.map(\.rowCount) == [n, 2, 1])
        var previous: RowID?
        for chunk in chunks {
            #expect(chunk.isSortedByRowID)
            for row in 0..<chunk.rowCount {
                let id = chunk.rowID(at: row)
                if let previous { #expect(previous < id) }
                previous = id
            }
        }
    }

    @Test func reservedRowIDsFollowTheChunkID() throws {
        // Other tests take ids concurrently, which can send a reservation to its per-row fallback;
        // out of several attempts, at least one succeeds.
        var contiguous = 0
        for _ in 0..<20 {
            let (id, rows) = ColumnChunkBuilder.reserveIDs(count: 1_000)
            let chunk = try Chunk(id: id, entityPath: "e", rowIDData: rows, timeColumns: [], components: [])
            #expect(chunk.isSortedByRowID && chunk.rowID(at: 0) > id)
            if (0..<1_000).allSatisfy({ chunk.rowID(at: $0) == RowID(timeNanos: id.timeNanos, increment: id.increment &+ UInt64($0 + 1)) }) {
                contiguous += 1
            }
            #expect(TUID.next() > chunk.rowID(at: 999))
        }
        #expect(contiguous > 0)
    }

    @Test func callsAboveTheByteBoundAreSplitIntoConsecutiveChunks() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "split", sink: sink, options: .init(sendProperties: false))
        let lengths = (0..<1_000).map { $0 % 7 }
        let total = lengths.reduce(0, +)
        let values = (0..<total).map { Double($0) }
        // 1000 rows of about 16 + 8 + 4 + 3 × 8 bytes: a 8 KiB bound makes a handful of chunks.
        try rec.sendColumns("e", indexes: [.sequence("t", (0..<Int64(1_000)).map { $0 })],
                            columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from(values), lengths: lengths)],
                            maxChunkBytes: 8 << 10)
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        #expect(chunks.count > 4)
        #expect(chunks.reduce(0) { $0 + $1.rowCount } == 1_000)
        let cells = chunks.flatMap { doubles($0, Self.scalars.component) }
        var expected: [[Double]?] = []
        var at = 0
        for length in lengths {
            expected.append(Array(values[at..<(at + length)]))
            at += length
        }
        #expect(cells == expected)
        let times = chunks.flatMap { $0.timeColumn(named: "t")?.times ?? [] }
        #expect(times == (0..<Int64(1_000)).map { $0 })
    }

    @Test func rowRangesStayUnderTheBoundAndCoverEveryRow() throws {
        let lengths = [0, 5, 1, 1000, 2, 0, 0, 3] + [Int](repeating: 1, count: 200)
        let column = ComponentColumnBatch(Self.scalars, values: ArrayData.from((0..<lengths.reduce(0, +)).map(Double.init)), lengths: lengths)
        let offsets = try ColumnChunkBuilder.offsets(column, entity: "e")
        let times = try TimeColumn(Timeline("t", .sequence), times: (0..<Int64(lengths.count)).map { $0 })
        let builder = ColumnChunkBuilder(entity: "e", times: [times], columns: [column], offsets: [offsets])
        let ranges = builder.rowRanges(maxBytes: 1_000)
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == lengths.count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(ranges.allSatisfy { !$0.isEmpty })
        // The 1000-instance row (8000 bytes) is over the bound: a chunk of its own.
        #expect(ranges.contains(3..<4))
        #expect(builder.rowRanges(maxBytes: 1 << 30) == [0..<lengths.count])
    }

    @Test func emptyCallsAndZeroLengthRowsWork() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "empty", sink: sink, options: .init(sendProperties: false))
        try rec.sendColumns("e", indexes: [.sequence("t", [])], columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from([Double]()))])
        try rec.sendColumns("f", indexes: [.sequence("t", [1, 2])],
                            columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from([Double]()), lengths: [0, 0])])
        try rec.finish()
        let chunks = try decodedChunks(sink.bytes)
        #expect(chunks.map(\.entityPath) == ["e", "f"])
        #expect(chunks.last.map { doubles($0, Self.scalars.component) } == [[], []])
    }

    @Test func badLengthsNameTheComponentAndRow() throws {
        let rec = try RecordingStream(applicationID: "bad", sink: MemorySink())
        defer { try? rec.finish() }
        let error = #expect(throws: RerunError.self) {
            try rec.sendColumns("e", indexes: [.sequence("t", [0, 1])],
                                columns: [ComponentColumnBatch(Self.scalars, values: ArrayData.from([1.0]), lengths: [2, -1])])
        }
        #expect(error?.message.contains("Scalars:scalars") == true && error?.message.contains("row 1") == true, "\(String(describing: error))")
    }
}

/// A `sendColumns` chunk over the server's gRPC message limit: `rerun-swift serve` with a 1 MiB
/// `--max-grpc-message` and a 2.4 MB (incompressible) one-row call.
@Suite(.timeLimit(.minutes(2)))
struct OversizedColumnChunkTests {
    @Test func aChunkOverTheServersMessageLimitIsAClearError() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let portFile = dir.appendingPathComponent("ports.json").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try Oracle.rerunSwiftExecutable())
        server.arguments = ["serve", "--grpc-port", "0", "--web-port", "0", "--max-grpc-message", "1MiB", "--port-file", portFile]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var port: Int?
        let deadline = Date(timeIntervalSinceNow: 30)
        while port == nil, server.isRunning, Date() < deadline {
            if let data = FileManager.default.contents(atPath: portFile),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                port = json["port"] as? Int
            }
            if port == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let grpcPort = try #require(port, "serve did not write its port file")
        let options = GRPCSink.Options(reconnect: .init(maxAttempts: 2, initialBackoff: .milliseconds(50)),
                                       flushTimeout: .seconds(20), finishTimeout: .seconds(20))
        let rec = try RecordingStream(applicationID: "big", sink: GRPCSink(url: "rerun+http://127.0.0.1:\(grpcPort)/proxy", options: options))
        var rng = SystemRandomNumberGenerator()
        let values = (0..<300_000).map { _ in Double(bitPattern: rng.next() >> 2) }
        try rec.sendColumns("big", indexes: [.sequence("t", [0])],
                            columns: [ComponentColumnBatch(ColumnChunkingTests.scalars, values: ArrayData.from(values), lengths: [values.count])])
        let error = #expect(throws: RerunError.self) { try rec.finish() }
        // The sink gives up and says why: the server's refusal with the size and the limit.
        let message = error?.message ?? ""
        #expect(message.contains("exceeds the server's limit of 1048576 bytes") && message.contains("resourceExhausted"), "\(message)")
    }
}
