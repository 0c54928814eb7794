import Rerun
import RerunChunk
import Testing

/// The process-wide default recording and the task-scoped override. Serialized: they share the global.
@Suite(.serialized) struct GlobalStreamTests {
    @Test func globalScopedAndCurrent() throws {
        let previous = RecordingStream.setGlobal(nil)
        defer { RecordingStream.setGlobal(previous) }
        #expect(throws: RerunError.self) { try RecordingStream.requireCurrent() }

        let globalSink = MemorySink()
        let scopedSink = MemorySink()
        let global = try RecordingStream(applicationID: "global_app", sink: globalSink, options: .init(sendProperties: false))
        let scoped = try RecordingStream(applicationID: "scoped_app", sink: scopedSink, options: .init(sendProperties: false))
        #expect(RecordingStream.setGlobal(global) == nil)
        try RecordingStream.requireCurrent().log("a", TestScalars(values: [1]))
        try RecordingStream.$scoped.withValue(scoped) {
            #expect(RecordingStream.current === scoped)
            try RecordingStream.requireCurrent().log("b", TestScalars(values: [2]))
        }
        #expect(RecordingStream.current === global)
        try global.finish()
        try scoped.finish()
        let globalPaths = try decodedChunks(globalSink.bytes).map(\.entityPath.description)
        let scopedPaths = try decodedChunks(scopedSink.bytes).map(\.entityPath.description)
        #expect(globalPaths == ["/a"])
        #expect(scopedPaths == ["/b"])
        #expect(RecordingStream.setGlobal(nil) === global)
    }
}
