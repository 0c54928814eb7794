import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Rerun
import RerunArrow
import RerunChunk
import RerunModel
import RerunProtos
import RerunRRD
import RerunTestSupport
import Synchronization
import Testing

// Every wait in these tests is bounded: sink timeouts are small, readers carry gRPC deadlines,
// and the suite has a time limit.

@Suite(.serialized, .timeLimit(.minutes(2)))
struct GRPCSinkTests {
    // MARK: URLs

    @Test func parsesRerunURLs() throws {
        let plain = try GRPCEndpoint(parsing: "rerun+http://127.0.0.1:9876/proxy")
        #expect(plain == GRPCEndpoint(host: "127.0.0.1", port: 9876, security: .plaintext))
        #expect(try GRPCEndpoint(parsing: "http://example.com:1234/proxy") == GRPCEndpoint(host: "example.com", port: 1234))
        #expect(try GRPCEndpoint(parsing: "rerun+http://localhost/proxy").port == 9876)
        #expect(try GRPCEndpoint(parsing: "rerun+http://localhost:9000").port == 9000)
        #expect(try GRPCEndpoint(parsing: " rerun+http://[::1]:9877/proxy ") == GRPCEndpoint(host: "::1", port: 9877))
        // As in Rerun, rerun:// is an alias of rerun+https://.
        #expect(try GRPCEndpoint(parsing: "rerun://viewer.example:443/proxy").security == .tls)
        #expect(try GRPCEndpoint(parsing: "rerun+https://h:1/proxy").security == .tls)
        #expect(GRPCEndpoint.default.url == "rerun+http://127.0.0.1:9876/proxy")
        #expect(GRPCEndpoint(host: "::1", port: 1).url == "rerun+http://[::1]:1/proxy")

        let bad: [(String, String)] = [
            ("127.0.0.1:9876", "no scheme"),
            ("grpc://127.0.0.1:9876/proxy", "unsupported scheme 'grpc://'"),
            ("rerun+http://127.0.0.1:9876/catalog", "the path must be /proxy"),
            ("rerun+http://127.0.0.1:0/proxy", "port '0'"),
            ("rerun+http://127.0.0.1:99999/proxy", "port '99999'"),
            ("rerun+http://127.0.0.1:abc/proxy", "port 'abc'"),
            ("rerun+http://:9876/proxy", "the host is empty"),
            ("rerun+http://::1:9876/proxy", "IPv6 addresses must be in brackets"),
            ("rerun+http://h:1/proxy?x=1", "queries"),
        ]
        for (url, why) in bad {
            do {
                _ = try GRPCSink(url: url)
                Issue.record("\(url) was accepted")
            } catch let error as RerunError {
                #expect(error.kind == .invalidArgument)
                #expect(error.message.contains(why), "\(url): \(error.message)")
            }
        }
    }

    @Test func rejectsInvalidOptions() {
        #expect(throws: RerunError.self) { try GRPCSink(url: "rerun+http://127.0.0.1:1/proxy", options: .init(maxQueuedMessages: 0)) }
        #expect(throws: RerunError.self) {
            try GRPCSink(url: "rerun+http://127.0.0.1:1/proxy", options: .init(reconnect: .init(maxAttempts: 0)))
        }
        #expect(throws: RerunError.self) {
            try GRPCSink(url: "rerun+http://127.0.0.1:1/proxy", options: .init(maxMessageBytes: Int(UInt32.max) + 1))
        }
    }

    // MARK: In-process server

    @Test func deliversEveryMessageInOrderIncludingLargeOnes() async throws {
        let proxy = CollectingProxy()
        let server = try await TestServer.start(proxy)
        let store = StoreID(kind: .recording, recordingID: "in_order", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: [16, 1000, 10_000_000, 100, 40_000_000, 7])
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: fastOptions())
        let started = ContinuousClock.now
        try await blocking {
            try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
            for chunk in chunks { try sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
            try sink.flush()
            try sink.finish()
        }
        let elapsed = ContinuousClock.now - started
        await server.stop()

        let received = try proxy.received.withLock { try $0.map(RRDDecoder.decode(logMsg:)) }
        #expect(received.count == chunks.count + 1)
        guard case .setStoreInfo(let info)? = received.first else { Issue.record("first message is not SetStoreInfo"); return }
        #expect(info.storeID == store)
        let ids = received.compactMap { if case .arrow(let a) = $0 { a.chunk.id } else { nil } }
        #expect(ids == chunks.map(\.id))
        let blobSizes = received.compactMap { if case .arrow(let a) = $0 { blobBytes(a.chunk) } else { nil } }
        #expect(blobSizes == [16, 1000, 10_000_000, 100, 40_000_000, 7])
        let completed = proxy.completedStreams.load(ordering: .relaxed)
        #expect(completed == 1, "finish half-closes the one stream")
        let stats = sink.statistics
        #expect(stats.sentMessages == chunks.count + 1)
        #expect(stats.droppedMessages == 0)
        #expect(stats.connections == 1)
        #expect(stats.queuedMessages == 0)
        print("grpc sink: 50 MB in \(chunks.count + 1) messages to an in-process server in \(elapsed)")
        #expect(throws: RerunError.self) { try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))]) }
        try await blocking { try sink.finish() }  // idempotent
    }

    @Test func recordingStreamStreamsThroughTheSink() async throws {
        let proxy = CollectingProxy()
        let server = try await TestServer.start(proxy)
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: fastOptions())
        #expect(sink.defaultBatcherConfig.flushTick == BatcherConfig.lowLatency.flushTick)
        let rec = try RecordingStream(applicationID: "grpc_rec", recordingID: "rec_grpc", sink: sink)
        for i in 0..<100 {
            rec.setTime("frame", sequence: Int64(i))
            try rec.log("series/\(i % 4)", TestScalars(values: [Double(i)]))
        }
        try await blocking {
            try rec.flush()
            try rec.finish()
        }
        await server.stop()
        let received = try proxy.received.withLock { try $0.map(RRDDecoder.decode(logMsg:)) }
        let chunks = received.compactMap { if case .arrow(let a) = $0 { a.chunk } else { nil } }
        let values = chunks.filter { $0.entityPath != .properties }.flatMap { doubles($0, "Scalars:scalars") }
        #expect(values.compactMap { $0?.first }.sorted() == (0..<100).map(Double.init))
        #expect(chunks.contains { $0.entityPath == .properties })
        if case .setStoreInfo(let info)? = received.first {
            #expect(info.storeID.recordingID == "rec_grpc")
        } else {
            Issue.record("first message is not SetStoreInfo")
        }
    }

    @Test func dropNewestKeepsTheQueueBoundedWhileTheServerStalls() async throws {
        let proxy = CollectingProxy(stalled: true)
        let server = try await TestServer.start(proxy, windowSize: 65535)
        let store = StoreID(kind: .recording, recordingID: "stall", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: Array(repeating: 256 * 1024, count: 60))
        let logs = LogCapture()
        var options = fastOptions()
        options.maxQueuedMessages = 4
        options.whenFull = .dropNewest
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: options, logger: logs.logger)
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        try await waitUntil { sink.statistics.isConnected }
        let started = ContinuousClock.now
        for chunk in chunks { try sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
        #expect(ContinuousClock.now - started < .seconds(5), "dropping never blocks")
        let stalled = sink.statistics
        #expect(stalled.droppedMessages > 0)
        #expect(stalled.peakQueuedMessages <= 4)
        #expect(logs.messages.contains { $0.level == .warning && $0.text.contains("dropped") && $0.text.contains("queue is full") })
        proxy.release()
        try await blocking {
            try sink.flush()
            try sink.finish()
        }
        await server.stop()
        let final = sink.statistics
        #expect(final.sentMessages + final.droppedMessages == chunks.count + 1)
        let received = try proxy.received.withLock { try $0.map(RRDDecoder.decode(logMsg:)) }
        let ids = received.compactMap { if case .arrow(let a) = $0 { a.chunk.id } else { nil } }
        #expect(ids.count == final.sentMessages - 1)
        let order = ids.compactMap { id in chunks.firstIndex { $0.id == id } }
        #expect(order == order.sorted(), "kept messages stay in order")
        #expect(order.first == 0, "the oldest messages were kept")
    }

    @Test func dropOldestKeepsTheNewestMessages() async throws {
        let proxy = CollectingProxy(stalled: true)
        let server = try await TestServer.start(proxy, windowSize: 65535)
        let store = StoreID(kind: .recording, recordingID: "stall_old", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: Array(repeating: 256 * 1024, count: 60))
        var options = fastOptions()
        options.maxQueuedMessages = 4
        options.whenFull = .dropOldest
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: options)
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        try await waitUntil { sink.statistics.isConnected }
        for chunk in chunks { try sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
        #expect(sink.statistics.droppedMessages > 0)
        #expect(sink.statistics.peakQueuedMessages <= 5, "4 chunks + the store announcement")
        proxy.release()
        try await blocking { try sink.finish() }
        await server.stop()
        let received = try proxy.received.withLock { try $0.map(RRDDecoder.decode(logMsg:)) }
        #expect(received.first.map { if case .setStoreInfo = $0 { true } else { false } } == true, "announcements are never dropped")
        let ids = received.compactMap { if case .arrow(let a) = $0 { a.chunk.id } else { nil } }
        // The queue's four places include the chunk being written when the stall began.
        #expect(Array(ids.suffix(3)) == chunks.suffix(3).map(\.id), "the newest chunks survive")
        #expect(sink.statistics.sentMessages + sink.statistics.droppedMessages == chunks.count + 1)
    }

    @Test func blockPolicyAppliesBackPressureThenTimesOut() async throws {
        let proxy = CollectingProxy(stalled: true)
        let server = try await TestServer.start(proxy, windowSize: 65535)
        let store = StoreID(kind: .recording, recordingID: "block", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: Array(repeating: 256 * 1024, count: 30))
        var options = fastOptions()
        options.maxQueuedMessages = 4
        options.whenFull = .block(timeout: .seconds(10))
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: options)
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        try await waitUntil { sink.statistics.isConnected }
        // A producer thread (like the recording's flushing thread) gets blocked by the full queue…
        let done = Flag()
        let producer = Thread {
            for chunk in chunks { try? sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
            done.set()
        }
        producer.start()
        try await Task.sleep(for: .milliseconds(500))
        let finishedEarly = done.isSet
        #expect(!finishedEarly, "send blocks while the queue is full")
        #expect(sink.statistics.queuedMessages <= 5)
        // …and resumes when the server reads again; nothing is lost.
        proxy.release()
        try await waitUntil(timeout: .seconds(20)) { done.isSet }
        try await blocking { try sink.finish() }
        #expect(sink.statistics.droppedMessages == 0)
        #expect(proxy.received.withLock { $0.count } == chunks.count + 1)
        await server.stop()

        // With a short timeout and a server that never reads, send gives up and drops.
        let stuck = CollectingProxy(stalled: true)
        let server2 = try await TestServer.start(stuck, windowSize: 65535)
        options.whenFull = .block(timeout: .milliseconds(200))
        options.finishTimeout = .milliseconds(300)
        let sink2 = try GRPCSink(url: "rerun+http://127.0.0.1:\(server2.port)/proxy", options: options)
        try await waitUntil { sink2.statistics.isConnected }
        let elapsed = try await blocking {
            let started = ContinuousClock.now
            for chunk in chunks.prefix(24) { try sink2.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
            return ContinuousClock.now - started
        }
        #expect(sink2.statistics.droppedMessages > 0)
        #expect(elapsed < .seconds(15), "every blocked send gives up after 200 ms")
        await #expect(throws: RerunError.self) { try await blocking { try sink2.finish() } }
        stuck.release()
        await server2.stop()
    }

    @Test func reconnectsAfterTheServerGoesAwayAndReplaysTheStoreInfo() async throws {
        let first = CollectingProxy()
        let server = try await TestServer.start(first)
        let port = server.port
        let store = StoreID(kind: .recording, recordingID: "reconnect", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: [10, 20, 30, 40])
        let logs = LogCapture()
        var options = fastOptions()
        options.reconnect = .init(maxAttempts: 50, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100))
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(port)/proxy", options: options, logger: logs.logger)
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        try sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunks[0]))])
        try await blocking { try sink.flush() }
        try await waitUntil { first.received.withLock { $0.count } == 2 }
        await server.stop()
        try await waitUntil { !sink.statistics.isConnected }

        try sink.send(chunks[1...].map { .arrow(ArrowMessage(storeID: store, chunk: $0)) })
        let second = CollectingProxy()
        let server2 = try await TestServer.start(second, port: port)
        try await blocking {
            try sink.flush()
            try sink.finish()
        }
        await server2.stop()
        let received = try second.received.withLock { try $0.map(RRDDecoder.decode(logMsg:)) }
        guard case .setStoreInfo(let info)? = received.first else { Issue.record("no SetStoreInfo replay: \(received.count) messages"); return }
        #expect(info.storeID == store)
        let ids = received.compactMap { if case .arrow(let a) = $0 { a.chunk.id } else { nil } }
        #expect(ids == chunks[1...].map(\.id))
        #expect(sink.statistics.connections == 2)
        #expect(logs.messages.contains { $0.level == .warning && $0.text.contains("connection lost") })
    }

    @Test func aServerWithoutTheServiceIsAClearError() async throws {
        let server = try await TestServer.start(nil)
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: fastOptions())
        let store = StoreID(kind: .recording, recordingID: "x", applicationID: ApplicationID("grpc_test"))
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        // The message may reach the transport before the server's verdict: wait for the verdict.
        try await waitUntil { sink.statistics.lastError != nil }
        do {
            try await blocking { try sink.flush() }
            Issue.record("expected an error")
        } catch let error as RerunError {
            #expect(error.kind == .sink)
            #expect(error.message.contains("refused the stream") && error.message.contains("unimplemented"), "\(error.message)")
        }
        await #expect(throws: RerunError.self) { try await blocking { try sink.finish() } }
        await server.stop()
    }

    @Test func finishGivesUpOnAServerThatNeverAnswers() async throws {
        let proxy = CollectingProxy(neverRespond: true)
        let server = try await TestServer.start(proxy)
        var options = fastOptions()
        options.finishTimeout = .milliseconds(500)
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: options)
        let store = StoreID(kind: .recording, recordingID: "x", applicationID: ApplicationID("grpc_test"))
        try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
        try await blocking { try sink.flush() }
        let started = ContinuousClock.now
        await #expect(throws: RerunError.self) { try await blocking { try sink.finish() } }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(3), "finish is bounded: \(elapsed)")
        await server.stop()
    }

    @Test func droppingAnUnfinishedSinkStopsItsStream() async throws {
        let proxy = CollectingProxy()
        let server = try await TestServer.start(proxy)
        let store = StoreID(kind: .recording, recordingID: "dropped", applicationID: ApplicationID("grpc_test"))
        do {
            let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: fastOptions())
            try sink.send([.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift))])
            try await blocking { try sink.flush() }
            try await waitUntil { proxy.openStreams.load(ordering: .acquiring) == 1 && proxy.received.withLock { $0.count } == 1 }
        }
        // The sink is gone without finish(): its task is cancelled and the stream ends.
        try await waitUntil { proxy.openStreams.load(ordering: .acquiring) == 0 }
        await server.stop()
    }

    // MARK: Dead endpoint

    @Test func aDeadEndpointFailsClearlyAndStaysBounded() async throws {
        let port = try closedPort()
        let logs = LogCapture()
        var options = fastOptions()
        options.maxQueuedMessages = 16
        options.whenFull = .dropNewest
        options.reconnect = .init(maxAttempts: 3, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(100))
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(port)/proxy", options: options, logger: logs.logger)
        // 100 chunks of 100 rows: far more messages than the queue holds.
        let rec = try RecordingStream(applicationID: "dead", sink: sink,
                                      batcher: BatcherConfig(flushTick: 0.001, flushNumBytes: .max, flushNumRows: 100))
        let logging = try await blocking {
            let started = ContinuousClock.now
            for i in 0..<10_000 {
                rec.setTime("frame", sequence: Int64(i))
                try rec.log("rows/\(i % 10)", TestScalars(values: [Double(i)]))
            }
            return ContinuousClock.now - started
        }
        #expect(logging < .seconds(10), "logging does not wait for the network: \(logging)")
        let (flushError, flushElapsed) = await blocking { () -> (RerunError?, Duration) in
            let started = ContinuousClock.now
            do { try rec.flush() } catch let error as RerunError { return (error, ContinuousClock.now - started) } catch {}
            return (nil, ContinuousClock.now - started)
        }
        let error = try #require(flushError, "flush on a dead endpoint must throw")
        #expect(error.kind == .sink)
        #expect(error.message.contains("127.0.0.1:\(port)"), "\(error.message)")
        #expect(error.message.lowercased().contains("refused"), "\(error.message)")
        #expect(flushElapsed < .seconds(3), "\(flushElapsed)")
        let finishStarted = ContinuousClock.now
        await #expect(throws: RerunError.self) { try await blocking { try rec.finish() } }
        #expect(ContinuousClock.now - finishStarted < .seconds(3))
        let stats = sink.statistics
        #expect(stats.peakQueuedMessages <= 16 + 1, "bounded queue: \(stats.peakQueuedMessages)")
        #expect(stats.queuedMessages == 0)
        #expect(stats.droppedMessages > 0)
        #expect(stats.sentMessages == 0)
        #expect(stats.connectionAttempts == 3)
        #expect(stats.warningsLogged >= 1)
        #expect(logs.messages.contains { $0.level == .warning && $0.text.contains("connection failed") })
        #expect(logs.messages.contains { $0.level == .error && $0.text.contains("gave up after 3") })
        print("grpc sink, dead endpoint: 10k rows logged in \(logging), flush failed after \(flushElapsed): \(error.message)")
    }

    @Test func blockingOnADeadEndpointIsBounded() async throws {
        let port = try closedPort()
        var options = fastOptions()
        options.maxQueuedMessages = 2
        options.whenFull = .block(timeout: .milliseconds(100))
        options.reconnect = .init(maxAttempts: 1000, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(50))
        options.flushTimeout = .milliseconds(300)
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(port)/proxy", options: options)
        let store = StoreID(kind: .recording, recordingID: "x", applicationID: ApplicationID("grpc_test"))
        let chunks = try makeChunks(sizes: Array(repeating: 100, count: 5))
        let elapsed = try await blocking {
            let started = ContinuousClock.now
            for chunk in chunks { try sink.send([.arrow(ArrowMessage(storeID: store, chunk: chunk))]) }
            return ContinuousClock.now - started
        }
        #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(2), "3 sends wait 100 ms each: \(elapsed)")
        #expect(sink.statistics.droppedMessages == 3)
        do {
            try await blocking { try sink.flush() }
            Issue.record("expected a timeout")
        } catch let error as RerunError {
            #expect(error.message.contains("flush timed out") && error.message.contains("2 message(s)"), "\(error.message)")
        }
        let finishStarted = ContinuousClock.now
        await #expect(throws: RerunError.self) { try await blocking { try sink.finish() } }
        #expect(ContinuousClock.now - finishStarted < .seconds(3))
    }

    // MARK: The official server

    @Test func streamsToTheOfficialServerAndReadsEverythingBack() async throws {
        let server = try OfficialServer.start()
        defer { server.stop() }
        let memory = MemorySink()
        let sink = try GRPCSink(url: "rerun+http://127.0.0.1:\(server.port)/proxy", options: fastOptions())
        let rec = try RecordingStream(applicationID: "grpc_live", recordingID: "rec_live", sink: TeeSink([sink, memory]))
        let blob = pseudoRandomBytes(10_000_000, seed: 42)
        let started = ContinuousClock.now
        for i in 0..<50 {
            rec.setTime("frame", sequence: Int64(i))
            try rec.log("scalars/\(i % 3)", TestScalars(values: [Double(i)]))
            try rec.log("text", AnyValues().with("label", ArrayData.from(["row \(i)"])))
        }
        rec.setTime("frame", sequence: 50)
        try rec.log("camera/image", AnyValues().with("blob", ArrayData.from(blob)))
        try rec.log("static_info", AnyValues().with("name", ArrayData.from(["swift"])), static: true)
        try await blocking { try rec.finish() }
        let sent = ContinuousClock.now - started

        let expected = try decodedChunks(memory.bytes)
        let expectedIDs = Set(expected.map(\.id))
        let readStarted = ContinuousClock.now
        let received = try await readBack(port: server.port, until: { chunks in expectedIDs.isSubset(of: Set(chunks.map(\.id))) })
        let read = ContinuousClock.now - readStarted
        let receivedChunks = received.compactMap { if case .arrow(let a) = $0 { a.chunk } else { nil } }
        #expect(Set(receivedChunks.map(\.id)) == expectedIDs)
        #expect(receivedChunks.count == expected.count, "no duplicates")
        let infos = received.compactMap { if case .setStoreInfo(let info) = $0 { info } else { nil } }
        #expect(infos.first?.storeID.recordingID == "rec_live")
        let image = try #require(receivedChunks.first { $0.entityPath == "camera/image" })
        let bytes = try #require(uint8Values(image, "blob"))
        #expect(bytes.count == 10_000_000)
        #expect(bytes == blob)
        let scalars = receivedChunks.filter { $0.entityPath.description.hasPrefix("/scalars") }.flatMap { doubles($0, "Scalars:scalars") }
        #expect(scalars.compactMap { $0?.first }.sorted() == (0..<50).map(Double.init))
        print("grpc sink → official rerun --serve-grpc: \(expected.count) chunks incl. 10 MB sent in \(sent), read back in \(read)")

        // The official tools decode what the server relays: the official viewer-less client saves
        // the server's stream to a file, which `rerun rrd verify` and `rerun rrd print` accept.
        let officialStarted = ContinuousClock.now
        let printed = try await blocking { try OfficialServer.saveStream(port: server.port, expectedChunks: expected.count) }
        let lines = printed.split(separator: "\n").filter { $0.hasPrefix("Chunk(") }
        func entityAndRows(_ line: Substring) -> String {
            // "Chunk(chunk_…) with N rows (size) - /path - data columns: […]"
            let parts = line.components(separatedBy: " - ")
            let rows = line.split(separator: " ").dropFirst(2).first ?? ""
            return "\(parts.count > 1 ? parts[1] : "?") \(rows)"
        }
        let officialView = lines.map(entityAndRows).sorted()
        let ourView = expected.map { "\($0.entityPath) \($0.rowCount)" }.sorted()
        #expect(officialView == ourView)
        #expect(lines.contains { $0.contains("/camera/image") && $0.contains("9.5 MiB") && $0.contains("[blob]") })
        print("official rerun saved and printed the relayed stream in \(ContinuousClock.now - officialStarted)")
    }
}

// MARK: - Helpers

/// Small timeouts so that failures surface fast.
private func fastOptions() -> GRPCSink.Options {
    GRPCSink.Options(connectTimeout: .seconds(5), flushTimeout: .seconds(20), finishTimeout: .seconds(20))
}

/// Runs blocking sink calls on their own thread, so that they never hold a cooperative thread
/// the in-process servers need.
private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

private func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

/// Polls `condition` every 10 ms; throws after `timeout`.
private func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let end = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < end else { throw TestFailure("condition not met within \(timeout)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Deterministic incompressible bytes (xorshift64, generated a word at a time).
private func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for i in words.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        words[i] = state
    }
    // Safety: the raw view covers `8 * words.count >= count` initialized bytes of `words`.
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// One chunk per size, each with a `blob` of that many random bytes, on its own entity.
private func makeChunks(sizes: [Int]) throws -> [Chunk] {
    let memory = MemorySink(compression: .none)
    let rec = try RecordingStream(applicationID: "chunks", sink: memory, options: .init(logTime: false, sendProperties: false))
    for (i, size) in sizes.enumerated() {
        rec.setTime("frame", sequence: Int64(i))
        try rec.log("blobs/\(i)", AnyValues().with("blob", ArrayData.from(pseudoRandomBytes(size, seed: UInt64(i + 1)))))
    }
    try rec.finish()
    let chunks = try decodedChunks(memory.bytes)
    let byEntity = Dictionary(chunks.map { ($0.entityPath, $0) }, uniquingKeysWith: { a, _ in a })
    return try sizes.indices.map { i in
        try #require(byEntity[EntityPath("blobs", "\(i)")])
    }
}

private func uint8Values(_ chunk: Chunk, _ component: String) -> [UInt8]? {
    guard let column = chunk.component(named: component)?.data, let lists = try? ListArray(column),
          let values = try? PrimitiveArray<UInt8>(lists.values) else { return nil }
    let all = values.values
    var bytes: [UInt8] = []
    for row in 0..<column.length { bytes += all[lists.valueRange(at: row)] }
    return bytes
}

private func blobBytes(_ chunk: Chunk) -> Int? {
    guard let column = chunk.component(named: "blob")?.data, let lists = try? ListArray(column) else { return nil }
    return (0..<column.length).reduce(0) { $0 + lists.valueRange(at: $1).count }
}

/// A local TCP port with nothing listening on it.
private func closedPort() throws -> Int {
    let out = try Oracle.runPython("import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
    guard let port = Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw TestFailure("no port from Python")
    }
    return port
}

/// A `MessageProxyService` that records what it receives. `stalled` holds every stream before
/// it reads a message until `release()`; `neverRespond` keeps the call open after the client
/// half-closes.
private final class CollectingProxy: Rerun_SdkComms_V1alpha1_MessageProxyService.SimpleServiceProtocol {
    let received = Mutex<[Rerun_LogMsg_V1alpha1_LogMsg]>([])
    let completedStreams = Atomic<Int>(0)
    let openStreams = Atomic<Int>(0)
    private let open: Atomic<Bool>
    private let neverRespond: Bool

    init(stalled: Bool = false, neverRespond: Bool = false) {
        self.open = Atomic(!stalled)
        self.neverRespond = neverRespond
    }

    func release() { open.store(true, ordering: .releasing) }

    func writeMessages(
        request: RPCAsyncSequence<Rerun_SdkComms_V1alpha1_WriteMessagesRequest, any Error>, context: ServerContext
    ) async throws -> Rerun_SdkComms_V1alpha1_WriteMessagesResponse {
        openStreams.add(1, ordering: .releasing)
        defer { openStreams.subtract(1, ordering: .releasing) }
        for try await message in request {
            while !open.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(5)) }
            received.withLock { $0.append(message.logMsg) }
        }
        if neverRespond { try await Task.sleep(for: .seconds(60)) }
        completedStreams.add(1, ordering: .relaxed)
        return .init()
    }

    func readMessages(
        request: Rerun_SdkComms_V1alpha1_ReadMessagesRequest,
        response: RPCWriter<Rerun_SdkComms_V1alpha1_ReadMessagesResponse>, context: ServerContext
    ) async throws {
        throw RPCError(code: .unimplemented, message: "test server")
    }

    func writeTable(
        request: Rerun_SdkComms_V1alpha1_WriteTableRequest, context: ServerContext
    ) async throws -> Rerun_SdkComms_V1alpha1_WriteTableResponse {
        throw RPCError(code: .unimplemented, message: "test server")
    }

    func readTables(
        request: Rerun_SdkComms_V1alpha1_ReadTablesRequest,
        response: RPCWriter<Rerun_SdkComms_V1alpha1_ReadTablesResponse>, context: ServerContext
    ) async throws {
        throw RPCError(code: .unimplemented, message: "test server")
    }
}

/// An in-process grpc-swift server on 127.0.0.1 (port 0 = any free port).
private struct TestServer {
    let port: Int
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let task: Task<Void, any Error>

    static func start(_ proxy: CollectingProxy?, port: Int = 0, windowSize: Int? = nil) async throws -> TestServer {
        var lastError: (any Error)?
        for _ in 0..<50 {
            let transport = HTTP2ServerTransport.Posix(
                address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: .plaintext,
                config: .defaults { config in
                    config.rpc.maxRequestPayloadSize = Int(UInt32.max)
                    if let windowSize { config.http2.targetWindowSize = windowSize }
                })
            let server = GRPCServer(transport: transport, services: proxy.map { [$0] } ?? [])
            let task = Task { try await server.serve() }
            do {
                guard let bound = try await transport.listeningAddress.ipv4?.port else { throw TestFailure("no IPv4 address") }
                return TestServer(port: bound, server: server, task: task)
            } catch {
                // The port may still be held by the previous server: try again shortly.
                lastError = error
                task.cancel()
                _ = await task.result
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw TestFailure("could not start a test server on port \(port): \(String(describing: lastError))")
    }

    /// Stops at once, closing open streams.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// The official `rerun --serve-grpc` on a free loopback port.
private final class OfficialServer: Sendable {
    let port: Int
    let process: Process
    let log: URL

    private init(port: Int, process: Process, log: URL) {
        self.port = port
        self.process = process
        self.log = log
    }

    static func start() throws -> OfficialServer {
        let cli = try Oracle.rerunCLI()
        var lastLog = ""
        for _ in 0..<3 {
            let port = try closedPort()
            let log = try Oracle.temporaryDirectory().appendingPathComponent("server.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: cli)
            process.arguments = ["--serve-grpc", "--port", "\(port)", "--bind", "127.0.0.1"]
            var environment = ProcessInfo.processInfo.environment
            environment["RERUN_ANALYTICS"] = "false"
            process.environment = environment
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let server = OfficialServer(port: port, process: process, log: log)
            let end = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < end, process.isRunning {
                lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if lastLog.contains("Listening for gRPC connections") { return server }
                Thread.sleep(forTimeInterval: 0.02)
            }
            server.stop()
        }
        throw TestFailure("the official rerun --serve-grpc did not start:\n\(lastLog)")
    }

    /// Runs the official CLI as a client of the proxy on `port`, saving its stream to a file
    /// until `rerun rrd print` lists `expectedChunks` chunks (at most 20 s); checks the file with
    /// `rerun rrd verify --check-footers false` (the saver never writes a footer) and returns the
    /// `rrd print` output.
    static func saveStream(port: Int, expectedChunks: Int) throws -> String {
        let cli = try Oracle.rerunCLI()
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("saved.rrd").path
        let log = directory.appendingPathComponent("saver.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli)
        // The saver also hosts its own (unused) server: give it a free port, not 9876.
        process.arguments = ["rerun+http://127.0.0.1:\(port)/proxy", "--save", file,
                             "--port", "\(try closedPort())", "--bind", "127.0.0.1"]
        var environment = ProcessInfo.processInfo.environment
        environment["RERUN_ANALYTICS"] = "false"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let saver = OfficialServer(port: 0, process: process, log: log)
        defer { saver.stop(removing: false) }
        var printed = ""
        let end = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < end {
            Thread.sleep(forTimeInterval: 0.2)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            let result = try Oracle.runRerun(["rrd", "print", "--continue-on-error", "true", file])
            printed = result.output
            if printed.split(separator: "\n").filter({ $0.hasPrefix("Chunk(") }).count >= expectedChunks { break }
        }
        let verify = try Oracle.runRerun(["rrd", "verify", "--check-footers", "false", file])
        guard verify.status == 0 else { throw TestFailure("rerun rrd verify failed on the relayed stream:\n\(verify.output)") }
        return printed
    }

    func stop(removing: Bool = true) {
        defer { if removing { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) } }
        guard process.isRunning else { return }
        process.terminate()
        let end = ContinuousClock.now + .seconds(3)
        while process.isRunning, ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Reads the proxy's `ReadMessages` stream (what a viewer receives) until `until` holds for the
/// chunks so far, or a 30 s deadline passes.
private func readBack(port: Int, until: @escaping @Sendable ([Chunk]) -> Bool) async throws -> [LogMsg] {
    let transport = try HTTP2ClientTransport.Posix(
        target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
    return try await withGRPCClient(transport: transport) { client in
        let proxy = Rerun_SdkComms_V1alpha1_MessageProxyService.Client(wrapping: client)
        var options = CallOptions.defaults
        options.timeout = .seconds(30)
        // The NIO transport applies the "request" limit to what it receives, too.
        options.maxRequestMessageBytes = Int(UInt32.max)
        options.maxResponseMessageBytes = Int(UInt32.max)
        return try await proxy.readMessages(.init(), options: options) { response in
            var messages: [LogMsg] = []
            var chunks: [Chunk] = []
            for try await part in response.messages {
                let message = try RRDDecoder.decode(logMsg: part.logMsg)
                messages.append(message)
                if case .arrow(let arrow) = message {
                    chunks.append(arrow.chunk)
                    if until(chunks) { break }
                }
            }
            return messages
        }
    }
}
