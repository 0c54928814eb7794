import Foundation
import GRPCCore
import RerunModel
import RerunProtos
import RerunRRD
@testable import RerunServer
import RerunTestSupport
import Synchronization
import Testing

// gRPC, HTTP and WebSocket on one port, all at once; and the extra web port.
@Suite(.timeLimit(.minutes(3)))
struct TransportSamePortTests {
    @Test func servesHTTPWebSocketAndGRPCOnOnePortAtOnce() async throws {
        let server = try await MuxServer.start()
        let port = server.port
        let messages = try protos(makeMessages(application: "mux_app", recording: "mux_rec", count: 20, blobBytes: 1000))

        async let page = RawHTTP.send(port: port, target: "/")
        async let info = RawHTTP.send(port: port, target: "/api/info")
        // The real viewer API is mounted on /ws: hello → welcome.
        async let welcome = RawWebSocket.with(port: port) { socket -> String? in
            try await socket.send(binary: ViewerFrame.encode(json: Array(#"{"type":"hello","protocol":1}"#.utf8)))
            guard let frame = try await socket.receive()?.payload else { return nil }
            return try ViewerFrame.decode(frame).object["type"] as? String
        }
        async let grpcError = TokenProxyClient.write(port: port, token: nil, messages)

        let (pageResponse, infoResponse, welcomed, writeError) = try await (page, info, welcome, grpcError)
        #expect(pageResponse.status == 200)
        #expect(pageResponse.headers["content-type"] == "text/html; charset=utf-8")
        #expect(pageResponse.text.lowercased().contains("<html"))
        #expect(infoResponse.status == 200)
        #expect(infoResponse.headers["content-type"] == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(infoResponse.body)) as? [String: Any])
        #expect(json["server"] as? String == "rerun-swift")
        #expect(json["protocol"] as? Int == 1)
        #expect(try welcomed.get() == "welcome")
        #expect(writeError == nil, "\(String(describing: writeError))")

        try await waitUntil(timeout: .seconds(20), "the gRPC data in the hub") {
            await server.hub.recordings().contains { $0.id.recordingID == "mux_rec" && $0.chunkCount > 0 }
        }
        // The recording is listed by /api/info now.
        let after = try await RawHTTP.send(port: port, target: "/api/info")
        #expect(after.text.contains("mux_rec"))
        try await server.stop()
    }

    @Test func manyConnectionsOfEachKindInterleave() async throws {
        let server = try await MuxServer.start(session: ViewerWebSocket.echo)
        let port = server.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let response = try await RawHTTP.send(port: port, target: i % 2 == 0 ? "/" : "/api/info")
                    #expect(response.status == 200)
                }
                group.addTask {
                    let messages = try protos(makeMessages(application: "many", recording: "rec\(i)", count: 5, blobBytes: 100))
                    #expect(try await TokenProxyClient.write(port: port, token: nil, messages) == nil)
                }
                group.addTask {
                    let payload = (0..<(70_000 + i)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                    let result = try await RawWebSocket.with(port: port) { socket -> [UInt8]? in
                        try await socket.send(binary: payload)
                        return try await socket.receive()?.payload
                    }
                    #expect(try result.get() == payload)
                }
            }
            try await group.waitForAll()
        }
        try await waitUntil(timeout: .seconds(20), "8 recordings") {
            await server.hub.recordings().filter { $0.id.applicationID.rawValue == "many" }.count == 8
        }
        try await server.stop()
    }

    @Test func extraWebPortServesTheViewerToo() async throws {
        let server = try await MuxServer.start({ $0.webPort = 0 }, session: ViewerWebSocket.echo)
        let web = try #require(server.ports.web)
        #expect(web != server.port)
        let page = try await RawHTTP.send(port: web, target: "/")
        #expect(page.status == 200)
        let echo = try await RawWebSocket.with(port: web) { socket -> [UInt8]? in
            try await socket.send(binary: [9, 8, 7])
            return try await socket.receive()?.payload
        }
        #expect(try echo.get() == [9, 8, 7])
        try await server.stop()
    }

    @Test func shutdownEndsOpenConnections() async throws {
        let server = try await MuxServer.start(session: ViewerWebSocket.echo)
        let port = server.port
        // A WebSocket that stays open while the server stops.
        let open = Mutex(false)
        let socketTask = Task {
            try await RawWebSocket.with(port: port) { socket -> Bool in
                try await socket.send(binary: [1])
                _ = try await socket.receive()
                open.withLock { $0 = true }
                return try await socket.receive() == nil  // ends when the server goes away
            }
        }
        try await waitUntil(timeout: .seconds(20), "the WebSocket is open") { open.withLock { $0 } }
        try await server.stop()
        let ended = try await socketTask.value
        #expect((try? ended.get()) == true)
        // The port is closed.
        await #expect(throws: (any Error).self) { try await RawHTTP.send(port: port, target: "/", timeout: .seconds(5)) }
    }

    @Test func bindFailureIsReported() async throws {
        let first = try await MuxServer.start()
        let log = LogCapture()
        let app = RerunServerApp(
            configuration: .init(port: first.port), hub: RecordingHub(logger: log.logger), logger: log.logger)
        let task = Task { try await app.run() }
        await #expect(throws: (any Error).self) { try await app.waitUntilListening(timeout: .seconds(20)) }
        task.cancel()
        _ = await task.result
        try await first.stop()
    }
}
