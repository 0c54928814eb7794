import Foundation
import Rerun
import RerunArrow
import RerunModel
import RerunQuery
import RerunRRD
import RerunServer
import RerunStore
import RerunTestSupport
import RerunTypes
import Testing

/// `RecordingHub.load(file:)` on a whole file (the parallel reader path): a message that fails to
/// decode is skipped and logged, everything else arrives, and the small chunks the load left are
/// merged afterwards.
struct HubFileLoadTests {
    /// 600 single-row scalar chunks of one entity (frame i → value i / 4), as `.rrd` bytes, with the
    /// byte ranges of the ArrowMsg payloads (the decoder's `offset`/`length`).
    static func scalarFile(rows: Int) throws -> (bytes: [UInt8], arrows: [(offset: Int, length: Int)]) {
        let memory = MemorySink(compression: .lz4)
        let rec = try RecordingStream(applicationID: "hub_load", recordingID: "scalars", sink: memory,
                                      batcher: BatcherConfig(flushNumRows: 1), options: .init(logTime: false, sendProperties: false))
        for i in 0..<rows {
            rec.setTime("frame", sequence: Int64(i))
            try rec.log("/series", Scalars(Double(i) / 4))
        }
        try rec.finish()
        var decoder = RRDDecoder()
        decoder.push(memory.bytes)
        var arrows: [(offset: Int, length: Int)] = []
        while let event = try decoder.next() {
            if case .message(.arrow, let offset, _, let length) = event { arrows.append((offset, length)) }
        }
        return (memory.bytes, arrows)
    }

    @Test func aBadMessageIsSkippedAndTheRestIsLoadedAndCompacted() async throws {
        let rows = 600
        var (bytes, arrows) = try Self.scalarFile(rows: rows)
        #expect(arrows.count == rows)
        let victim = arrows[rows / 2]
        for i in victim.offset..<(victim.offset + victim.length) { bytes[i] = 0xFF }
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("one-bad.rrd")
        try Data(bytes).write(to: file)

        let capture = LogCapture()
        let hub = RecordingHub(logger: capture.logger)
        try await hub.load(file: file)
        #expect(!capture.problems(containing: "skipped a message").isEmpty, "\(capture.messages.map(\.text))")

        let id = try #require(await hub.recordings().first?.id)
        let store = try #require(await hub.store(for: id))
        // Merged after the load into one chunk (599 rows, under the 4096-row compaction bound);
        // without `compactPendingChunks()` after the load, the last ~14 arrivals stay separate.
        #expect(store.chunkCount == 1, "\(store.chunkCount) chunks")
        let component = "Scalars:scalars"
        let result = try store.range(RangeQuery(timeline: "frame", range: TimeInt.min...TimeInt.max),
                                     entity: EntityPath(parsingForgiving: "/series"), components: [component])
        var seen: [Int64: Double] = [:]
        for run in result[component]?.runs ?? [] {
            let cells = try ListArray(run.cells)
            for (index, row) in run.rows.enumerated() {
                let cell = try PrimitiveArray<Double>(try #require(cells[index]))
                seen[run.time(ofRow: row).rawValue] = cell[0]
            }
        }
        #expect(seen.count == rows - 1)
        #expect(seen[Int64(rows / 2)] == nil)
        #expect((0..<rows).filter { $0 != rows / 2 }.allSatisfy { seen[Int64($0)] == Double($0) / 4 })
    }

    @Test func aTruncatedFileThrowsAfterLoadingWhatCameBefore() async throws {
        let (bytes, arrows) = try Self.scalarFile(rows: 300)
        let cut = arrows[200].offset + arrows[200].length / 2
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cut.rrd")
        try Data(bytes.prefix(cut)).write(to: file)
        let hub = RecordingHub(logger: LogCapture().logger)
        await #expect(throws: (any Error).self) { try await hub.load(file: file) }
        let id = try #require(await hub.recordings().first?.id)
        let store = try #require(await hub.store(for: id))
        #expect(store.statistics.temporalRows == 200)
    }
}
