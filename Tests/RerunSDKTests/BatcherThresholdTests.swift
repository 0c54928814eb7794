import Rerun
import RerunChunk
import Testing

/// Size thresholds cut chunks where they are reached (as the official batcher does with
/// `RERUN_FLUSH_NUM_ROWS`), however late the flush loop drains; recording properties are sent
/// as the official SDK sends them.
@Suite struct BatcherThresholdTests {
    func rowsPerChunk(_ config: BatcherConfig, rows: Int) throws -> [Int] {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "thresholds", sink: sink, batcher: config,
                                      options: .init(logTime: false, sendProperties: false))
        for i in 0..<rows {
            rec.setTime("frame", sequence: Int64(i))
            try rec.log("burst", TestScalars(values: [Double(i)]))
        }
        try rec.finish()
        return try decodedChunks(sink.bytes).map(\.rowCount)
    }

    @Test func alwaysMakesOneChunkPerRow() throws {
        #expect(try rowsPerChunk(.always, rows: 5) == [1, 1, 1, 1, 1])
    }

    @Test func aRowThresholdCutsChunksWhereItIsReached() throws {
        let config = BatcherConfig(flushTick: 60, flushNumBytes: .max, flushNumRows: 2)
        #expect(try rowsPerChunk(config, rows: 5) == [2, 2, 1])
    }

    @Test func withoutThresholdsABurstIsOneChunk() throws {
        let config = BatcherConfig(flushTick: 60, flushNumBytes: .max, flushNumRows: .max)
        #expect(try rowsPerChunk(config, rows: 5) == [5])
    }

    @Test func recordingNameIsARowOfItsOwn() throws {
        let sink = MemorySink()
        let rec = try RecordingStream(applicationID: "props", sink: sink, options: .init(recordingName: "run 7"))
        try rec.finish()
        let properties = try decodedChunks(sink.bytes).filter { $0.entityPath.description == "/__properties" }
        #expect(properties.count == 2)
        #expect(properties.map { $0.components.map(\.descriptor.component) } == [["RecordingInfo:start_time"], ["RecordingInfo:name"]])
    }
}
