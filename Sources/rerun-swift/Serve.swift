import ArgumentParser
import Dispatch
import Foundation
import Logging
import RerunServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `rerun-swift serve`: the long-running server (gRPC for SDKs, the web viewer, files).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve recordings: SDKs stream in over gRPC, browsers view them.",
        discussion: """
            gRPC (rr.connect_grpc), the web viewer and its WebSocket share one port (--grpc-port); \
            --web-port serves the viewer on a second port too. Runs until SIGINT or SIGTERM, then \
            finishes the --save file and exits 0. See Docs/serving.md.
            """)

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try await options.serve(openBrowser: options.open)
    }
}

/// The options of `serve` and `view`.
struct ServeOptions: ParsableArguments {
    @Argument(help: "Recordings to load: .rrd files, or http(s) URLs of .rrd files.")
    var inputs: [String] = []

    @Option(name: [.customLong("grpc-port"), .customLong("port")],
            help: "The main port: gRPC, the viewer and its WebSocket (0 = any free port).")
    var grpcPort = 9876

    @Option(name: .long, help: "An extra port for the viewer (0 = none).")
    var webPort = 9090

    @Option(name: .long, help: "The address to listen on (0.0.0.0 exposes the server to the network).")
    var bind = "127.0.0.1"

    @Option(name: .long, help: "Keep at most this much data: a percentage of RAM (75%) or a size (16GB, 512MiB).")
    var memoryLimit: String?

    @Option(name: .long, help: "Append everything received to this .rrd file (finished on exit).")
    var save: String?

    @Option(name: .long, help: "Require this token from every client (HTTP, WebSocket and gRPC).")
    var token: String?

    @Flag(name: .long, help: "With --token: let gRPC clients on this machine in without it (the official SDK cannot send one).")
    var allowLocalGrpcWithoutToken = false

    @Flag(name: .long, help: "Open the viewer in a browser.")
    var open = false

    @Flag(name: .long, help: "Keep reading the .rrd files as they grow.")
    var follow = false

    @Option(name: .long, help: "Serve the viewer's files from this directory (development).")
    var webRoot: String?

    @Option(name: .long, help: "Also allow browser pages from this origin (repeatable), e.g. https://viewer.example.com.")
    var allowOrigin: [String] = []

    @Option(name: .long, help: "The most open connections per port.")
    var maxConnections = 256

    @Option(name: .long, help: "The largest upload through the viewer (POST /api/upload).")
    var maxUpload = "1GiB"

    @Option(name: .long, help: "The largest gRPC message accepted (one SDK chunk; default 256MiB).")
    var maxGrpcMessage = "256MiB"

    @Option(name: .long, help: "Write the bound ports as JSON ({\"port\":…,\"web_port\":…}) to this file once listening.")
    var portFile: String?

    func validate() throws {
        guard (0...65535).contains(grpcPort) else { throw ValidationError("--grpc-port \(grpcPort) is not a port") }
        guard (0...65535).contains(webPort) else { throw ValidationError("--web-port \(webPort) is not a port") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
        if let memoryLimit { _ = try parse("--memory-limit", memoryLimit) }
        _ = try parse("--max-upload", maxUpload)
        _ = try parse("--max-grpc-message", maxGrpcMessage)
        if let webRoot {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: webRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--web-root \(webRoot) is not a directory")
            }
        }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty") }
    }

    private func parse(_ flag: String, _ text: String) throws -> Int {
        do {
            return try ServerLimits.parseSize(text, physicalMemory: ProcessInfo.processInfo.physicalMemory)
        } catch {
            throw ValidationError("\(flag): \(error.description)")
        }
    }

    /// Runs the server until SIGINT/SIGTERM.
    func serve(openBrowser: Bool) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "rerun-swift")
        let signals = SignalWatch([SIGINT, SIGTERM])

        let limits = ServerLimits(
            maxGRPCMessageBytes: try parse("--max-grpc-message", maxGrpcMessage), maxConnections: maxConnections,
            maxUploadBytes: try parse("--max-upload", maxUpload))
        var origins = OriginPolicy()
        origins.origins.formUnion(allowOrigin)
        let configuration = ServerConfiguration(
            bindAddress: bind, port: grpcPort, webPort: webPort == 0 ? nil : webPort, token: token,
            allowLoopbackGRPCWithoutToken: allowLocalGrpcWithoutToken, origins: origins,
            webRoot: webRoot.map { URL(fileURLWithPath: $0) }, limits: limits)
        let hub = RecordingHub(
            configuration: .init(
                memoryLimit: try memoryLimit.map { try parse("--memory-limit", $0) },
                savePath: save.map { URL(fileURLWithPath: $0) }),
            logger: logger)
        let app = RerunServerApp(configuration: configuration, hub: hub, logger: logger)
        let server = Task { try await app.run() }

        let ports: RerunServerApp.ListeningPorts
        do {
            ports = try await app.waitUntilListening()
        } catch {
            server.cancel()
            throw ServeError("rerun-swift serve: cannot listen on \(bind):\(grpcPort): \(error)")
        }
        let host = Self.urlHost(bind)
        let tokenQuery = token.map { "?token=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
        let viewerURL = "http://\(host):\(ports.main)/\(tokenQuery)"
        var banner = "rerun-swift serve: listening on \(bind)\n"
        banner += "  SDKs (gRPC):  rerun+http://\(host):\(ports.main)/proxy\n"
        banner += "  viewer:       \(viewerURL)\n"
        if let web = ports.web { banner += "  viewer also:  http://\(host):\(web)/\(tokenQuery)\n" }
        if token != nil {
            banner += allowLocalGrpcWithoutToken
                ? "  token required (gRPC clients on this machine need none)\n"
                : "  token required (gRPC: 'authorization: Bearer <token>' metadata; the official SDK cannot send it, see --allow-local-grpc-without-token)\n"
        }
        Self.say(banner)
        if let portFile {
            let json = "{\"port\":\(ports.main),\"web_port\":\(ports.web.map(String.init) ?? "null")}\n"
            try Data(json.utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
        }

        let loads = inputs.map { input in
            Task {
                do {
                    try await Self.load(input, into: hub, follow: follow)
                } catch is CancellationError {
                } catch {
                    logger.error("\(input): \(error)")
                }
            }
        }
        if openBrowser { Self.openInBrowser(viewerURL) }

        // Run until a signal, or until the server stops on its own (an error).
        let stopped = Task {
            _ = await server.result
            signals.trigger(0)
        }
        let signal = await signals.next()
        if signal != 0 { logger.info("signal \(signal): shutting down") }
        server.cancel()
        // End open ReadMessages streams and viewer change feeds, so the server can stop.
        await hub.shutdown()
        for load in loads { load.cancel() }
        let result = await server.result
        stopped.cancel()
        for load in loads { _ = await load.result }
        do {
            try await hub.finish()
            if let save { logger.info("saved \(save)") }
        } catch {
            throw ServeError("rerun-swift serve: finishing --save \(save ?? ""): \(error)")
        }
        if case .failure(let error) = result, !(error is CancellationError), signal == 0 {
            throw ServeError("rerun-swift serve: the server stopped: \(error)")
        }
    }

    /// Loads a file (optionally following it) or downloads an http(s) URL.
    static func load(_ input: String, into hub: RecordingHub, follow: Bool) async throws {
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            guard let url = URL(string: input) else { throw ValidationError("\(input) is not a URL") }
            let (data, response) = try await URLSession.shared.data(from: url)
            if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                throw ValidationError("\(input): HTTP \(http.statusCode)")
            }
            try await hub.load(bytes: [UInt8](data), name: url.lastPathComponent)
        } else {
            try await hub.load(file: URL(fileURLWithPath: input), follow: follow)
        }
    }

    /// Writes to stdout at once (unbuffered), so a parent process sees it while we run.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The host part of a URL for a bind address (`::1` → `[::1]`; unspecified → loopback).
    static func urlHost(_ bind: String) -> String {
        switch bind {
        case "0.0.0.0": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: bind.contains(":") && !bind.hasPrefix("[") ? "[\(bind)]" : bind
        }
    }

    /// Opens `url` with `open` (macOS) or `xdg-open` (Linux, only with a graphical session:
    /// on a console it could start a text browser in our terminal); otherwise, or if that
    /// fails, prints it.
    static func openInBrowser(_ url: String) {
        #if os(macOS)
        let opener: String? = "/usr/bin/open"
        #else
        let environment = ProcessInfo.processInfo.environment
        let graphical = environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil
        let opener = graphical
            ? ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"].first { FileManager.default.isExecutableFile(atPath: $0) }
            : nil
        #endif
        guard let opener else {
            say("open \(url) in a browser (no graphical session or xdg-open here)\n")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationStatus != 0 {
                say("open \(url) in a browser (\(opener) exited with status \(finished.terminationStatus))\n")
            }
        }
        do {
            try process.run()
        } catch {
            say("open \(url) in a browser (\(opener) failed: \(error))\n")
        }
    }
}

/// A failure of `serve` (printed as `Error: …`, exit status 1).
struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Delivers SIGINT/SIGTERM (and `trigger`) as an async sequence of signal numbers; the default
/// actions of the watched signals are disabled while it lives.
final class SignalWatch: @unchecked Sendable {
    // Safety: `@unchecked` because the dispatch sources are only written in `init`; they are
    // kept to stay alive, and their handlers only touch the (Sendable) continuation.
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>
    private let continuation: AsyncStream<Int32>.Continuation

    init(_ signals: [Int32]) {
        (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let continuation = continuation
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Feeds a value as if a signal arrived (0 = "the server stopped").
    func trigger(_ value: Int32) { continuation.yield(value) }

    /// The next signal.
    func next() async -> Int32 {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next() ?? 0
    }
}
