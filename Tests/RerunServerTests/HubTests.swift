import Foundation
import RerunModel
import RerunRRD
import RerunServer
import RerunTestSupport
import Testing

/// The hub on its own: stores, summaries, replay, changes, files.
struct HubTests {
    @Test func chunksBeforeTheirStoreInfoAreKept() async throws {
        let messages = try makeMessages(application: "hub", recording: "early", count: 5, blobBytes: 10)
        let hub = RecordingHub(logger: LogCapture().logger)
        for m in messages.dropFirst() { await hub.ingest(m, from: "test") }
        await hub.ingest(messages[0], from: "test")
        let id = messages[0].storeID
        #expect(await hub.store(for: id)?.chunkCount ?? 0 > 0)
        #expect(await hub.storeInfo(for: id) != nil)
        let summary = try #require(await hub.recordings().first)
        #expect(summary.id == id && summary.applicationID == "hub" && summary.kind == .recording)
        #expect(summary.generation > 0)
        await hub.close(id)
        #expect(await hub.recordings().isEmpty)
        #expect(await hub.statistics().replayMessages == 0)
        #expect(await hub.totalBytes() == 0)
    }

    @Test func changesAreCoalesced() async throws {
        let hub = RecordingHub(logger: LogCapture().logger)
        let changes = await hub.changes()
        let messages = try makeMessages(application: "hub", recording: "changes", count: 20, blobBytes: 10)
        for m in messages { await hub.ingest(m, from: "test") }
        let id = messages[0].storeID
        let generation = try #require(await hub.recordings().first?.generation)
        var iterator = changes.makeAsyncIterator()
        #expect(await iterator.next() == .recordingsChanged)
        #expect(await iterator.next() == .storeChanged(id, generation: generation))
    }

    @Test func recordingPropertiesNameTheRecording() async throws {
        let script = """
            import sys, rerun as rr
            rr.init("props_app", recording_id="props")
            rr.save(sys.argv[1])
            rr.send_recording_name("My run")
            rr.log("x", rr.TextLog("hi"))
            rr.disconnect()
            """
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("props.rrd")
        _ = try await runPython(script, arguments: [file.path])
        let hub = RecordingHub(logger: LogCapture().logger)
        try await hub.load(file: file)
        let summary = try #require(await hub.recordings().first)
        #expect(summary.name == "My run")
        #expect(summary.startedNanos ?? 0 > 1_600_000_000_000_000_000)
    }

    @Test func loadsAndFollowsAGrowingFile() async throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("growing.rrd")
        let messages = try makeMessages(application: "hub", recording: "follow", count: 10, blobBytes: 100)
        var encoder = RRDEncoder()
        var first: [UInt8] = []
        for m in messages.prefix(5) { first += try encoder.encode(m) }
        var rest: [UInt8] = []
        for m in messages.dropFirst(5) { rest += try encoder.encode(m) }
        rest += try encoder.finish()
        try Data(first).write(to: file)

        let hub = RecordingHub(logger: LogCapture().logger)
        let follower = Task { try await hub.load(file: file, follow: true) }
        defer { follower.cancel() }
        try await waitUntil(timeout: .seconds(10), "the first half loaded") { await hub.statistics().messagesAccepted == 5 }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: rest)
        try handle.close()
        try await waitUntil(timeout: .seconds(10), "the second half loaded") { await hub.statistics().messagesAccepted == messages.count }
        follower.cancel()
        try await follower.value

        // The same bytes as an upload, into a second hub.
        let other = RecordingHub(logger: LogCapture().logger)
        try await other.load(bytes: first + rest, name: "upload.rrd")
        #expect(await other.statistics().messagesAccepted == messages.count)
        // A truncated upload keeps what came before the cut, then throws.
        let third = RecordingHub(logger: LogCapture().logger)
        await #expect(throws: RRDError.self) { try await third.load(bytes: Array((first + rest).dropLast(40)), name: "cut.rrd") }
        #expect(await third.statistics().messagesAccepted == messages.count)
    }
}
