import RerunTestSupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import NIOCore
import NIOPosix
import RerunProtos
import RerunRRD
@testable import RerunServer
import Synchronization

// Helpers for the same-port server tests: an in-process `RerunServerApp`, a raw HTTP/1.1 client
// (so paths reach the server exactly as written), a tiny WebSocket client, and gRPC calls with
// metadata. Every network wait is bounded by `withDeadline`.

/// Runs `body`, failing with a message if it takes longer than `timeout`. On timeout the body's
/// task is cancelled but not awaited, so a body that ignores cancellation cannot hang the test.
func withDeadline<T: Sendable>(_ timeout: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        race.start(continuation)
        let work = Task {
            do {
                race.settle(.success(try await body()))
            } catch {
                race.settle(.failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: timeout)
            race.settle(.failure(ServerTestFailure("\(what): no answer within \(timeout)")))
            work.cancel()
        }
    }
}

/// The first of a body and its timer to finish resumes the continuation.
private final class DeadlineRace<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    func start(_ value: CheckedContinuation<T, any Error>) { continuation.withLock { $0 = value } }
    func settle(_ result: Result<T, any Error>) {
        let first = continuation.withLock { c in
            defer { c = nil }
            return c
        }
        first?.resume(with: result)
    }
}

/// A `RerunServerApp` on loopback with ephemeral ports.
struct MuxServer {
    let app: RerunServerApp
    let hub: RecordingHub
    let log: LogCapture
    let ports: RerunServerApp.ListeningPorts
    private let task: Task<Void, any Error>

    var port: Int { ports.main }

    static func start(
        _ configure: (inout ServerConfiguration) -> Void = { _ in },
        session: ViewerWebSocket.Session? = nil
    ) async throws -> MuxServer {
        var configuration = ServerConfiguration(port: 0)
        configure(&configuration)
        let log = LogCapture()
        let hub = RecordingHub(logger: log.logger)
        let app =
            if let session {
                RerunServerApp(configuration: configuration, hub: hub, logger: log.logger, session: session)
            } else {
                RerunServerApp(configuration: configuration, hub: hub, logger: log.logger)
            }
        let task = Task { try await app.run() }
        do {
            let ports = try await app.waitUntilListening(timeout: .seconds(20))
            return MuxServer(app: app, hub: hub, log: log, ports: ports, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Graceful shutdown (cancels `run()`); fails if it takes more than 20 s.
    func stop() async throws {
        task.cancel()
        let task = task
        _ = try await withDeadline(.seconds(20), "server shutdown") { await task.result }
        await hub.shutdown()
    }
}

/// A raw HTTP/1.1 response.
struct RawResponse: Sendable {
    var status: Int
    var headers: [String: String]  // lower-cased names
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Opens a TCP connection to 127.0.0.1:`port` and exchanges bytes.
struct RawConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func open(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawConnection(channel: channel)
    }
}

enum RawHTTP {
    /// Sends one request (`Connection: close`) with `target` exactly as given; reads to EOF.
    static func send(
        port: Int, method: String = "GET", target: String, headers: [String: String] = [:], body: [UInt8] = [],
        timeout: Duration = .seconds(20)
    ) async throws -> RawResponse {
        try await withDeadline(timeout, "\(method) \(target)") {
            let connection = try await RawConnection.open(port: port)
            var head = "\(method) \(target) HTTP/1.1\r\nConnection: close\r\n"
            if headers.keys.first(where: { $0.lowercased() == "host" }) == nil { head += "Host: 127.0.0.1:\(port)\r\n" }
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
            head += "\r\n"
            return try await connection.channel.executeThenClose { inbound, outbound in
                var request = ByteBuffer(string: head)
                request.writeBytes(body)
                try await outbound.write(request)
                var received: [UInt8] = []
                do {
                    for try await chunk in inbound { received += Array(buffer: chunk) }
                } catch {
                    if received.isEmpty { throw error }  // a reset after the reply is fine
                }
                return try parse(received)
            }
        }
    }

    /// Parses a complete response (head + body up to EOF or Content-Length).
    static func parse(_ bytes: [UInt8]) throws -> RawResponse {
        guard let end = headEnd(bytes) else { throw ServerTestFailure("no complete HTTP head in \(bytes.count) bytes") }
        let (status, headers) = try parseHead(Array(bytes[..<end]))
        var body = Array(bytes[(end + 4)...])
        if let length = headers["content-length"].flatMap(Int.init), body.count > length { body = Array(body.prefix(length)) }
        return RawResponse(status: status, headers: headers, body: body)
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    static func parseHead(_ head: [UInt8]) throws -> (Int, [String: String]) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ServerTestFailure("bad status line '\(lines[0])'") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }
}

/// A minimal WebSocket client (RFC 6455): handshake, masked binary frames out, frames in.
/// Used only inside `RawWebSocket.with(…)`, by one task.
final class RawWebSocket {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var bytes: [UInt8] = []

    private init(iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.iterator = iterator
        self.outbound = outbound
    }

    /// Connects, upgrades and runs `body` with the socket; a refused upgrade is returned as
    /// `.failure` with the server's response. Everything must finish within `timeout`.
    static func with<R: Sendable>(
        port: Int, target: String = "/ws", headers: [String: String] = ["Origin": "http://localhost:1234"],
        timeout: Duration = .seconds(30), _ body: @escaping @Sendable (RawWebSocket) async throws -> R
    ) async throws -> Result<R, RawResponseError> {
        try await withDeadline(timeout, "WebSocket session") {
            let connection = try await RawConnection.open(port: port)
            return try await connection.channel.executeThenClose { inbound, outbound in
                let socket = RawWebSocket(iterator: inbound.makeAsyncIterator(), outbound: outbound)
                var head = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                head += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                head += "\r\n"
                try await outbound.write(ByteBuffer(string: head))
                while RawHTTP.headEnd(socket.bytes) == nil {
                    guard try await socket.read() else { break }
                }
                guard let end = RawHTTP.headEnd(socket.bytes) else {
                    return .failure(RawResponseError(response: RawResponse(status: 0, headers: [:], body: socket.bytes)))
                }
                let (status, responseHeaders) = try RawHTTP.parseHead(Array(socket.bytes[..<end]))
                guard status == 101 else {
                    while (try? await socket.read()) == true {}  // the refusal's body, until the server closes
                    return .failure(RawResponseError(response: try RawHTTP.parse(socket.bytes)))
                }
                guard responseHeaders["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" else {
                    throw ServerTestFailure("wrong Sec-WebSocket-Accept: \(responseHeaders)")
                }
                socket.bytes.removeFirst(end + 4)
                return .success(try await body(socket))
            }
        }
    }

    /// Reads one chunk into `bytes`; `false` at EOF.
    private func read() async throws -> Bool {
        guard let chunk = try await iterator.next() else { return false }
        bytes += Array(buffer: chunk)
        return true
    }

    /// Sends one binary message (masked, as a client must).
    func send(binary payload: [UInt8], opcode: UInt8 = 0x2) async throws {
        var frame: [UInt8] = [0x80 | opcode]
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try await outbound.write(ByteBuffer(bytes: frame))
    }

    /// Reads the next data message (skipping pings and pongs); `nil` at close.
    func receive() async throws -> (opcode: UInt8, payload: [UInt8])? {
        while true {
            guard let frame = try await nextFrame() else { return nil }
            if frame.opcode == 0x8 { return nil }
            if frame.opcode == 0x9 || frame.opcode == 0xA { continue }
            return frame
        }
    }

    private func nextFrame() async throws -> (opcode: UInt8, payload: [UInt8])? {
        while true {
            if bytes.count >= 2 {
                var length = Int(bytes[1] & 0x7F)
                var offset: Int? = 2
                if length == 126 {
                    offset = bytes.count >= 4 ? 4 : nil
                    if offset != nil { length = Int(bytes[2]) << 8 | Int(bytes[3]) }
                } else if length == 127 {
                    offset = bytes.count >= 10 ? 10 : nil
                    if offset != nil { length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[$1]) } }
                }
                if let offset, bytes.count >= offset + length {
                    let frame = (bytes[0] & 0x0F, Array(bytes[offset..<(offset + length)]))
                    bytes.removeFirst(offset + length)
                    return frame
                }
            }
            guard try await read() else { return nil }
        }
    }
}

/// A refused upgrade (not a test failure by itself).
struct RawResponseError: Error {
    let response: RawResponse
}

/// gRPC calls to a server that may require a token.
enum TokenProxyClient {
    /// Writes messages with optional `authorization` metadata; returns the call's error, if any.
    static func write(port: Int, token: String?, _ messages: [ProtoLogMsg], timeout: Duration = .seconds(30)) async throws -> RPCError? {
        try await ProxyClient.with(port: port) { proxy in
            var metadata: Metadata = [:]
            if let token { metadata.addString("Bearer \(token)", forKey: "authorization") }
            do {
                _ = try await proxy.writeMessages(metadata: metadata, options: ProxyClient.options(timeout: timeout)) { writer in
                    for m in messages {
                        var request = Rerun_SdkComms_V1alpha1_WriteMessagesRequest()
                        request.logMsg = m
                        try await writer.write(request)
                    }
                }
                return nil
            } catch let error as RPCError {
                return error
            }
        }
    }
}
