public import Logging
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import HummingbirdCore
import HummingbirdWebSocket
import NIOCore
import NIOPosix
import RerunViewer
import Synchronization

/// The rerun-swift server: gRPC (`MessageProxyService`), the viewer's HTTP files and API, and its
/// WebSocket, all on one port (and also on `webPort` when set), in front of a `RecordingHub`.
///
/// ```swift
/// let app = RerunServerApp(configuration: .init(port: 0), hub: hub, logger: logger)
/// let task = Task { try await app.run() }
/// let ports = try await app.waitUntilListening()
/// …
/// task.cancel()                      // graceful shutdown: listeners close, connections end
/// try await task.value
/// ```
///
/// How one port serves three protocols: `MuxChildChannel` reads each connection's first bytes;
/// the HTTP/2 preface goes to the gRPC server (`GRPCConnectionInjector`), anything else to
/// Hummingbird's HTTP/1.1 + WebSocket pipeline. See `Docs/serving.md`.
public final class RerunServerApp: Sendable {
    /// The ports the server actually listens on (ephemeral ones resolved).
    public struct ListeningPorts: Sendable, Equatable {
        /// The main port (gRPC, HTTP and WebSocket).
        public let main: Int
        /// The extra web port, if configured.
        public let web: Int?
    }

    /// Why the server stopped before it was listening.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The configuration the server was created with.
    public let configuration: ServerConfiguration
    /// The recordings the server holds.
    public let hub: RecordingHub
    private let logger: Logger
    private let session: ViewerWebSocket.Session
    private let listening = ListeningSignal()

    /// Creates a server; `run()` starts it.
    public convenience init(configuration: ServerConfiguration, hub: RecordingHub, logger: Logger) {
        self.init(configuration: configuration, hub: hub, logger: logger) { frames, send in
            await ViewerConnection(hub: hub, logger: logger).run(inbound: frames, send: send)
        }
    }

    /// Creates a server whose WebSockets run `session` instead of the viewer API (tests).
    init(configuration: ServerConfiguration, hub: RecordingHub, logger: Logger, session: @escaping ViewerWebSocket.Session) {
        self.configuration = configuration
        self.hub = hub
        self.logger = logger
        self.session = session
    }

    /// The ports listened on, once `run()` has bound them; `nil` before.
    public var listeningPorts: ListeningPorts? { listening.ports }

    /// Waits until the server listens (or fails to start, which throws), at most `timeout`.
    @discardableResult
    public func waitUntilListening(timeout: Duration = .seconds(30)) async throws -> ListeningPorts {
        try await listening.wait(timeout: timeout)
    }

    /// Serves until the calling task is cancelled (graceful shutdown), or throws if a port cannot
    /// be bound. Call once.
    public func run() async throws {
        do {
            try await serve()
        } catch {
            listening.fail(error)
            throw error
        }
        listening.fail(CancellationError())
    }

    private func serve() async throws {
        let configuration = configuration, logger = logger
        let eventLoops = MultiThreadedEventLoopGroup.singleton
        let access = AccessPolicy(token: configuration.token, origins: configuration.origins, bindAddress: configuration.bindAddress)
        let limits = configuration.limits

        // gRPC: connections come from the mux through the injector.
        let injector = GRPCConnectionInjector()
        var grpcConfig = HTTP2ServerTransport.Custom<InjectedListenerFactory>.Config.defaults
        grpcConfig.rpc.maxRequestPayloadSize = limits.maxGRPCMessageBytes
        grpcConfig.channelDebuggingCallbacks.onAcceptHTTP2Stream = GRPCMessageSizeGuard.install(
            limit: limits.maxGRPCMessageBytes, logger: logger)
        grpcConfig.http2.targetWindowSize = min(max(limits.maxBufferedBytesPerConnection, 65_535), Int(Int32.max))
        let transport = HTTP2ServerTransport.Custom(
            listenerFactory: InjectedListenerFactory(eventLoopGroup: eventLoops, injector: injector), config: grpcConfig)
        let grpcServer = GRPCServer(
            transport: transport, services: [MessageProxyService(hub: hub, logger: logger)],
            interceptors: access.token == nil
                ? [] : [GRPCTokenInterceptor(access: access, allowLoopback: configuration.allowLoopbackGRPCWithoutToken)])

        // HTTP + WebSocket.
        let root = configuration.webRoot ?? ViewerAssets.directory
        let http = ViewerHTTPResponder(
            hub: hub, files: StaticFiles(root: root), access: access, maxUploadBytes: limits.maxUploadBytes, logger: logger)
        let webSocket = ViewerWebSocket(
            access: access, maxMessageBytes: limits.maxBufferedBytesPerConnection, session: session, logger: logger)
        let httpChannel = HTTP1WebSocketUpgradeChannel(
            responder: http.responder,
            configuration: .init(
                http1: .init(idleTimeout: .minutes(5)),
                ws: .init(maxFrameSize: limits.maxBufferedBytesPerConnection, autoPing: .enabled(timePeriod: .seconds(30)))),
            shouldUpgrade: { head, channel, _ in await webSocket.shouldUpgrade(head, channel: channel) })

        let ports = PortCollector(expected: configuration.webPort == nil ? 1 : 2)
        func listener(port: Int, role: String) -> Server<MuxChildChannel> {
            let mux = MuxChildChannel(
                http: httpChannel, injector: injector, gate: ConnectionGate(limit: limits.maxConnections),
                handshakeTimeout: Self.timeAmount(limits.handshakeTimeout), logger: logger)
            var serverLogger = logger
            // Hummingbird logs each start (info) and a cancelled accept loop (error) at shutdown;
            // our own code logs what matters.
            serverLogger.logLevel = .critical
            return Server(
                childChannelSetup: mux,
                configuration: .init(address: .hostname(configuration.bindAddress, port: port)),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? port
                    if let all = ports.add(role: role, port: bound) {
                        self.listening.succeed(all)
                    }
                },
                eventLoopGroup: eventLoops, logger: serverLogger)
        }

        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await grpcServer.serve() }
            // The gRPC server must be ready to adopt connections before the port opens.
            _ = await transport.listeningAddress
            guard injector.isReady else { throw StartError(description: "the gRPC server did not start") }
            group.addTask { try await listener(port: configuration.port, role: "main").run() }
            if let webPort = configuration.webPort {
                group.addTask { try await listener(port: webPort, role: "web").run() }
            }
            // Cancelling the calling task ends every child: the listeners close, and so do the
            // connections they serve.
        }
    }
}

extension RerunServerApp {
    /// A `Duration` as NIO's `TimeAmount` (at least 1 ms).
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .nanoseconds(.max) }
        return .nanoseconds(max(nanoseconds.partialValue + attoseconds / 1_000_000_000, 1_000_000))
    }
}

/// Collects the bound ports of the listeners; reports them once all are known.
private final class PortCollector: Sendable {
    private let state: Mutex<(main: Int?, web: Int?, count: Int)>
    private let expected: Int

    init(expected: Int) {
        self.expected = expected
        self.state = Mutex((nil, nil, 0))
    }

    func add(role: String, port: Int) -> RerunServerApp.ListeningPorts? {
        state.withLock { s in
            if role == "main" { s.main = port } else { s.web = port }
            s.count += 1
            guard s.count == expected, let main = s.main else { return nil }
            return RerunServerApp.ListeningPorts(main: main, web: s.web)
        }
    }
}
