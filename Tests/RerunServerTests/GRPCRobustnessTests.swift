import Foundation
import GRPCCore
import RerunModel
import RerunProtos
import RerunRRD
import RerunServer
import RerunTestSupport
import Testing

/// Eight concurrent clients: four healthy writers, one official SDK process killed mid-stream, one sending random
/// bytes, one sending a valid frame holding a corrupt Arrow payload, one reader that never
/// reads. The server stays up, logs each problem, and keeps everything the healthy ones sent.
struct GRPCRobustnessTests {
    /// The official SDK logging scalars until it is killed. Argument: the server URL.
    static let endlessLogger = """
        import sys, time
        import rerun as rr
        rr.init("robust", recording_id="killed")
        rr.connect_grpc(sys.argv[1])
        rec = rr.get_global_data_recording()
        i = 0
        while True:
            rr.set_time("step", sequence=i)
            rr.log("x", rr.Scalars(float(i)))
            i += 1
            if i % 20 == 0:
                rec.flush()
                time.sleep(0.01)
        """

    @Test func badClientsDoNotHurtHealthyOnes() async throws {
        let server = try await HubServer.start(.init(subscriberBufferLimit: 256 << 10))
        defer { Task { await server.stop() } }
        let port = server.port

        let healthy = try (0..<4).map { i in
            try makeMessages(application: "robust", recording: "healthy\(i)", count: 60, blobBytes: 20_000, seed: UInt64(10 + i))
        }
        var corrupt = try protos(makeMessages(application: "robust", recording: "corrupt", count: 6, blobBytes: 1000, seed: 7))
        if case .arrowMsg(var arrow) = corrupt[3].msg {
            arrow.payload = Data(pseudoRandomBytes(arrow.payload.count, seed: 5))  // valid protobuf, garbage Arrow
            corrupt[3].msg = .arrowMsg(arrow)
        }
        let corruptMessages = corrupt

        try await withThrowingTaskGroup(of: Void.self) { group in
            // The reader that never reads: holds its stream open without consuming it.
            let stalled = Task {
                try await ProxyClient.with(port: port, windowSize: 65535) { proxy in
                    try await proxy.readMessages(.init(), options: ProxyClient.options(timeout: .seconds(60))) { _ in
                        try await Task.sleep(for: .seconds(60))
                    }
                }
            }
            try await waitUntil(timeout: .seconds(20), "the stalled reader subscribed") {
                await server.hub.statistics().subscribers == 1
            }
            for messages in healthy {
                group.addTask {
                    let error = try await ProxyClient.write(port: port, protos(messages))
                    #expect(error == nil)
                }
            }
            group.addTask {
                // Killed mid-stream: an official SDK process streaming forever, SIGKILLed once
                // the hub has some of its chunks.
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try Oracle.python())
                process.arguments = ["-c", Self.endlessLogger, server.url]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let killedID = StoreID(kind: .recording, recordingID: "killed", applicationID: "robust")
                do {
                    try await waitUntil(timeout: .seconds(30), "the killed client sent some chunks") {
                        await server.hub.store(for: killedID)?.chunkCount ?? 0 >= 3
                    }
                } catch {
                    kill(process.processIdentifier, SIGKILL)
                    throw error
                }
                kill(process.processIdentifier, SIGKILL)
                try await blocking { process.waitUntilExit() }
            }
            group.addTask {
                let error = try await ProxyClient.writeRaw(port: port, [pseudoRandomBytes(5000, seed: 3)])
                #expect(error != nil)
            }
            group.addTask {
                let error = try await ProxyClient.write(port: port, corruptMessages)
                #expect(error?.code == .invalidArgument)
            }
            try await group.waitForAll()
            // The stalled reader is dropped once its queue overflows.
            try await waitUntil(timeout: .seconds(30), "the stalled reader was dropped") {
                server.log.problems(containing: "subscriber dropped").count == 1
            }
            stalled.cancel()
            _ = await stalled.result
        }

        // Everything the healthy clients sent is there.
        for messages in healthy {
            let store = try #require(await server.hub.store(for: messages[0].storeID))
            for case .arrow(let arrow) in messages {
                #expect(store.hasSeen(chunkID: arrow.chunk.id))
            }
            #expect(await server.hub.storeInfo(for: messages[0].storeID) != nil)
        }
        // The corrupt client's good messages are kept, the bad one is not.
        let corruptStore = try #require(await server.hub.store(for: try RRDDecoder.decode(logMsg: corrupt[0]).storeID))
        #expect(corruptStore.chunkCount == 5)
        // Each problem was logged once, for its client.
        #expect(server.log.problems(containing: "message 4 rejected").count == 1)
        try await waitUntil(timeout: .seconds(20), "the killed client was logged") {
            !server.log.problems(containing: "disconnected mid-stream").isEmpty
        }
        #expect(server.log.problems(containing: "disconnected mid-stream").count == 1,
                "\(server.log.messages.map(\.text))")
        #expect(server.log.problems(containing: "WriteMessages failed").count == 1,
                "\(server.log.messages.filter { $0.level >= .warning }.map(\.text))")
        // The server still serves: a new client writes and reads.
        let more = try protos(makeMessages(application: "robust", recording: "after", count: 3, blobBytes: 100, seed: 42))
        #expect(try await ProxyClient.write(port: port, more) == nil)
        let stats = await server.hub.statistics()
        let replayed = try await ProxyClient.read(port: port, count: stats.replayMessages)
        #expect(replayed.count == stats.replayMessages)
    }
}
