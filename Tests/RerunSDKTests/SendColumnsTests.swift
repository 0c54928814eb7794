import Foundation
import Rerun
import RerunArrow
import RerunChunk
import RerunModel
import RerunTestSupport
import Testing

@Suite struct SendColumnsTests {
    let scalars = ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar")

    @Test func manyRowsBecomeOneChunkAndPassTheOfficialVerifier() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("columns.rrd").path
        let rec = try RecordingStream(applicationID: "columns", savingTo: path)
        let n = 100_000
        try rec.sendColumns("series", indexes: [.sequence("step", (0..<n).map(Int64.init))],
                            columns: [ComponentColumnBatch(scalars, values: ArrayData.from((0..<n).map { Double($0) * 0.5 }))])
        try rec.finish()
        let chunks = try decodedChunks(Array(Data(contentsOf: URL(fileURLWithPath: path)))).filter { $0.entityPath == "series" }
        // One chunk per call, as the official `rr.send_columns` (0.41) sends.
        #expect(chunks.count == 1)
        #expect(chunks.first?.rowCount == n)
        #expect(chunks.allSatisfy { $0.timeColumn(named: "log_time") == nil })
        let values = chunks.flatMap { doubles($0, "Scalars:scalars") }.compactMap { $0?.first }
        #expect(values == (0..<n).map { Double($0) * 0.5 })
        let verify = try Oracle.runRerun(["rrd", "verify", path])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test func partitionedRowsKeepTheirInstances() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "p", sink: sink, options: .init(sendProperties: false))
        try rec.sendColumns("e", indexes: [.sequence("f", [0, 1, 2])],
                            columns: [ComponentColumnBatch(scalars, values: ArrayData.from([1.0, 2, 3, 4, 5]), lengths: [2, 0, 3])])
        try rec.finish()
        let chunk = try #require(try decodedChunks(sink.bytes).first)
        #expect(doubles(chunk, "Scalars:scalars") == [[1, 2], [], [3, 4, 5]])
    }

    @Test func mismatchedColumnsAreRejected() throws {
        let rec = try RecordingStream(applicationID: "x", sink: MemorySink())
        #expect(throws: RerunError.self) {
            try rec.sendColumns("e", indexes: [.sequence("f", [0, 1])], columns: [ComponentColumnBatch(scalars, values: ArrayData.from([1.0]))])
        }
        #expect(throws: RerunError.self) {
            try rec.sendColumns("e", indexes: [.sequence("f", [0, 1])], columns: [ComponentColumnBatch(scalars, values: ArrayData.from([1.0, 2, 3]), lengths: [1, 1])])
        }
        #expect(throws: RerunError.self) {
            try rec.sendColumns("e", indexes: [.sequence("f", [0, .min])], columns: [ComponentColumnBatch(scalars, values: ArrayData.from([1.0, 2]))])
        }
        try rec.finish()
    }
}
