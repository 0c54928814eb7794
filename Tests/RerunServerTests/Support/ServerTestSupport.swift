import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import RerunProtos
import RerunRRD
import RerunServer
import RerunTestSupport
import Synchronization

// Shared helpers for the server tests (any helper's RerunServerTests file may use them).

/// A test failure with a message.
struct ServerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking work (child processes, file I/O) on its own thread, so it never holds one of
/// the few cooperative threads the in-process servers need.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// Polls `condition` every 20 ms; throws after `timeout`.
func waitUntil(timeout: Duration = .seconds(30), _ what: String = "condition",
               _ condition: () async -> Bool) async throws {
    let end = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < end else { throw ServerTestFailure("\(what) not met within \(timeout)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// A `RecordingHub` served by an in-process gRPC server (h2c on 127.0.0.1, any free port) with
/// the `MessageProxyService`, configured like `rerun-swift serve` (`GRPCLimits.maxMessageBytes`).
struct HubServer {
    let hub: RecordingHub
    let port: Int
    let log: LogCapture
    private let task: Task<Void, any Error>

    /// The URL the official SDK connects to.
    var url: String { "rerun+http://127.0.0.1:\(port)/proxy" }

    static func start(_ configuration: RecordingHub.Configuration = .init()) async throws -> HubServer {
        let log = LogCapture()
        let hub = RecordingHub(configuration: configuration, logger: log.logger)
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext,
            config: .defaults { $0.rpc.maxRequestPayloadSize = GRPCLimits.maxMessageBytes })
        let server = GRPCServer(transport: transport, services: [MessageProxyService(hub: hub, logger: log.logger)])
        let task = Task { try await server.serve() }
        guard let port = try await transport.listeningAddress.ipv4?.port else {
            task.cancel()
            throw ServerTestFailure("the test server has no IPv4 address")
        }
        return HubServer(hub: hub, port: port, log: log, task: task)
    }

    /// Stops the server (open streams are closed) and the hub's subscriptions.
    func stop() async {
        await hub.shutdown()
        task.cancel()
        _ = await task.result
    }
}

/// A small gRPC client of a `MessageProxyService` on loopback.
enum ProxyClient {
    /// Call options with no practical size limit and a deadline.
    static func options(timeout: Duration) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = timeout
        options.maxRequestMessageBytes = GRPCLimits.maxMessageBytes
        options.maxResponseMessageBytes = GRPCLimits.maxMessageBytes
        return options
    }

    /// Runs `body` with a connected client (`windowSize`: the HTTP/2 window it grants).
    static func with<R: Sendable>(
        port: Int, windowSize: Int? = nil, _ body: @Sendable (Rerun_SdkComms_V1alpha1_MessageProxyService.Client<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext,
            config: .defaults { config in
                config.http2.maxFrameSize = 1 << 20
                if let windowSize { config.http2.targetWindowSize = windowSize }
            })
        return try await withGRPCClient(transport: transport) { client in
            try await body(Rerun_SdkComms_V1alpha1_MessageProxyService.Client(wrapping: client))
        }
    }

    /// Reads `ReadMessages` until `count` messages arrived (or `timeout` passes: throws).
    static func read(port: Int, count: Int, timeout: Duration = .seconds(60)) async throws -> [ProtoLogMsg] {
        try await with(port: port) { proxy in
            try await proxy.readMessages(.init(), options: options(timeout: timeout)) { response in
                var messages: [ProtoLogMsg] = []
                for try await part in response.messages {
                    messages.append(part.logMsg)
                    if messages.count >= count { break }
                }
                return messages
            }
        }
    }

    /// Streams `messages` with `WriteMessages` (sleeping `pause` after each, if given); returns
    /// the call's error, if any.
    static func write(port: Int, _ messages: [ProtoLogMsg], pause: Duration? = nil,
                      timeout: Duration = .seconds(60)) async throws -> RPCError? {
        try await with(port: port) { proxy in
            do {
                _ = try await proxy.writeMessages(options: options(timeout: timeout)) { writer in
                    for m in messages {
                        var request = Rerun_SdkComms_V1alpha1_WriteMessagesRequest()
                        request.logMsg = m
                        try await writer.write(request)
                        if let pause { try await Task.sleep(for: pause) }
                    }
                }
                return nil
            } catch let error as RPCError {
                return error
            }
        }
    }
}

/// Every message of an `.rrd` file, decoded.
func rrdMessages(_ url: URL) throws -> [LogMsg] {
    var messages: [LogMsg] = []
    try RRDReader.read(.file(url.path)) { event in
        if case .message(let m, _, _, _) = event { messages.append(m) }
    }
    return messages
}

/// Runs the oracle Python with `script` and `arguments` on its own thread; returns stdout.
func runPython(_ script: String, arguments: [String] = []) async throws -> String {
    let out = try await blocking { try Oracle.runPython(script, arguments: arguments) }
    return String(decoding: out, as: UTF8.self)
}
