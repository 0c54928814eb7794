import Foundation
import GRPCCore
import Rerun
import RerunArrow
import RerunModel
import RerunProtos
import RerunRRD
import RerunServer
import SwiftProtobuf
import Testing

/// `ReadMessages`: a reader connected before the data and one connected after it both get every
/// message, in order.
struct GRPCReadMessagesTests {
    @Test func readersBeforeAndAfterGetEveryMessageInOrder() async throws {
        let server = try await HubServer.start()
        defer { Task { await server.stop() } }
        let a = try protos(makeMessages(application: "read_a", recording: "ra", count: 40, blobBytes: 3000, seed: 1))
        let b = try protos(makeMessages(application: "read_b", recording: "rb", count: 25, blobBytes: 70_000, seed: 2))
        // Store b's first chunks arrive before its SetStoreInfo.
        let bInfoFirst = Array(b[1..<4]) + [b[0]] + Array(b[4...])
        let sent = a + bInfoFirst
        let early = Task { try await ProxyClient.read(port: server.port, count: sent.count) }
        try await waitUntil(timeout: .seconds(20), "the early reader subscribed") {
            await server.hub.statistics().subscribers == 1
        }
        async let first: RPCError? = ProxyClient.write(port: server.port, a)
        #expect(try await first == nil)
        #expect(try await ProxyClient.write(port: server.port, bInfoFirst) == nil)

        let earlyMessages = try await early.value
        #expect(try bytes(earlyMessages) == bytes(sent))

        let late = try await ProxyClient.read(port: server.port, count: sent.count)
        // The late reader gets store b's SetStoreInfo before b's first chunk.
        #expect(try bytes(late) == bytes(a + b))
    }

    @Test func loadedFilesAreReplayedToReaders() async throws {
        let server = try await HubServer.start()
        defer { Task { await server.stop() } }
        let messages = try makeMessages(application: "read_file", recording: "rf", count: 12, blobBytes: 500, seed: 3)
        var encoder = RRDEncoder()
        var bytes: [UInt8] = []
        for m in messages { bytes += try encoder.encode(m) }
        bytes += try encoder.finish()
        try await server.hub.load(bytes: bytes, name: "file.rrd")
        let read = try await ProxyClient.read(port: server.port, count: messages.count)
        let decoded = try read.map { try RRDDecoder.decode(logMsg: $0) }
        #expect(decoded.map(\.storeID) == messages.map(\.storeID))
        var ids: [String] = []
        for case .arrow(let a) in decoded { ids.append(a.chunk.id.hexString) }
        var expected: [String] = []
        for case .arrow(let a) in messages { expected.append(a.chunk.id.hexString) }
        #expect(ids == expected)
    }

    /// Over its limit, the replay buffer drops the oldest temporal chunks; store infos and static
    /// chunks stay, and the newest temporal chunks are replayed in order.
    @Test func theReplayBufferDropsOldestTemporalChunksFirst() async throws {
        let server = try await HubServer.start(.init(replayBufferLimit: 200_000))
        defer { Task { await server.stop() } }
        let temporal = try makeMessages(application: "replay", recording: "rp", count: 30, blobBytes: 20_000, seed: 4)
        let memory = MemorySink()
        let rec = try RecordingStream(applicationID: "replay", recordingID: "rp", sink: memory,
                                      batcher: BatcherConfig(flushNumRows: 1), options: .init(logTime: false, sendProperties: false))
        try rec.log("config", AnyValues().with("blob", ArrayData.from(pseudoRandomBytes(50_000, seed: 8))), static: true)
        try rec.finish()
        var decoder = RRDDecoder()
        decoder.push(memory.bytes)
        var staticChunk: LogMsg?
        while let event = try decoder.next() {
            if case .message(let m, _, _, _) = event, case .arrow = m { staticChunk = m }
        }
        let sent = try protos([temporal[0], try #require(staticChunk)] + temporal.dropFirst())
        #expect(try await ProxyClient.write(port: server.port, sent) == nil)
        let stats = await server.hub.statistics()
        #expect(stats.replayBytes <= 200_000)
        let replayed = try await ProxyClient.read(port: server.port, count: stats.replayMessages)
        #expect(replayed.count < sent.count)
        // Info and static chunk first, then the newest temporal chunks, in order.
        #expect(try bytes(Array(replayed.prefix(2))) == bytes(Array(sent.prefix(2))))
        #expect(try bytes(Array(replayed.dropFirst(2))) == bytes(Array(sent.suffix(replayed.count - 2))))
    }

    @Test func tablesAreUnimplemented() async throws {
        let server = try await HubServer.start()
        defer { Task { await server.stop() } }
        let error: RPCError? = try await ProxyClient.with(port: server.port) { proxy in
            do {
                _ = try await proxy.writeTable(.init())
                return nil
            } catch let error as RPCError {
                return error
            }
        }
        #expect(error?.code == .unimplemented)
        #expect(error?.message.contains("WriteTable") == true)
    }

    private func bytes(_ messages: [ProtoLogMsg]) throws -> [[UInt8]] {
        try messages.map { try $0.serializedBytes() }
    }
}
