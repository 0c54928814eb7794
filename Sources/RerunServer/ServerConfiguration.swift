public import Foundation

/// Where and how `RerunServerApp` listens, and the limits it enforces. See `Docs/serving.md`.
///
/// The defaults are safe: loopback only, browsers from `localhost` pages only, no token.
public struct ServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1` by default; `0.0.0.0` or `::` exposes the server).
    public var bindAddress: String
    /// The main port: gRPC (`MessageProxyService`), the viewer's HTTP and its WebSocket, all on
    /// one socket (9876 by default; 0 = an ephemeral port, see `RerunServerApp.listeningPorts`).
    public var port: Int
    /// An extra port that serves the same things (the official viewer's web port is 9090);
    /// `nil` = none.
    public var webPort: Int?
    /// When set, every HTTP request, WebSocket upgrade and gRPC call must carry this token.
    public var token: String?
    /// With a token: let gRPC clients on this machine (loopback peers) in without it. The official
    /// SDK cannot send a token (its gRPC client sets no `authorization` metadata), so this is how
    /// a local `rr.connect_grpc()` streams into a server whose viewer is token-protected.
    public var allowLoopbackGRPCWithoutToken: Bool
    /// Which browser pages may call the HTTP API and open WebSockets.
    public var origins: OriginPolicy
    /// Serve the viewer's files from this directory instead of the built-in ones (development).
    public var webRoot: URL?
    /// Size and connection limits.
    public var limits: ServerLimits

    /// Creates a configuration; every argument has the safe default.
    public init(
        bindAddress: String = "127.0.0.1", port: Int = 9876, webPort: Int? = nil, token: String? = nil,
        allowLoopbackGRPCWithoutToken: Bool = false, origins: OriginPolicy = .init(), webRoot: URL? = nil,
        limits: ServerLimits = .init()
    ) {
        self.bindAddress = bindAddress
        self.port = port
        self.webPort = webPort
        self.token = token
        self.allowLoopbackGRPCWithoutToken = allowLoopbackGRPCWithoutToken
        self.origins = origins
        self.webRoot = webRoot
        self.limits = limits
    }
}

/// Size and connection limits of the server.
public struct ServerLimits: Sendable {
    /// The largest gRPC message accepted, in bytes (`GRPCLimits.maxMessageBytes` by default).
    /// A larger message resets its stream; the client sees an error and the server a log line.
    public var maxGRPCMessageBytes: Int
    /// Open connections (all protocols, per port); connections beyond it are refused.
    public var maxConnections: Int
    /// The largest `POST /api/upload` body; larger uploads get `413`.
    public var maxUploadBytes: Int
    /// Bytes a connection may hold in flight: the HTTP/2 flow-control window of a gRPC stream
    /// and the largest WebSocket message a browser may send.
    public var maxBufferedBytesPerConnection: Int
    /// How long a new connection may stay silent before it is closed (it has not said which
    /// protocol it speaks yet).
    public var handshakeTimeout: Duration

    /// Creates limits; every argument has a default suited to a workstation.
    public init(
        maxGRPCMessageBytes: Int = GRPCLimits.maxMessageBytes, maxConnections: Int = 256,
        maxUploadBytes: Int = 1 << 30, maxBufferedBytesPerConnection: Int = 16 << 20,
        handshakeTimeout: Duration = .seconds(10)
    ) {
        self.maxGRPCMessageBytes = maxGRPCMessageBytes
        self.maxConnections = maxConnections
        self.maxUploadBytes = maxUploadBytes
        self.maxBufferedBytesPerConnection = maxBufferedBytesPerConnection
        self.handshakeTimeout = handshakeTimeout
    }
}

/// Which web pages (by `Origin`) may use the viewer API from a browser.
///
/// A request is allowed when its `Origin` is the server's own origin (same host and port as the
/// request's `Host`), or its host is in `hosts` (any port, http or https), or the origin is in
/// `origins` exactly. Requests without an `Origin` (curl, SDKs) are not browser cross-site
/// requests and are allowed (the token, if set, still applies).
public struct OriginPolicy: Sendable, Equatable {
    /// Hosts allowed on any port: `localhost`, `127.0.0.1` and `[::1]` by default.
    public var hosts: Set<String>
    /// Exact origins allowed, e.g. `https://viewer.example.com`.
    public var origins: Set<String>

    /// Creates a policy; by default only pages served from the local machine.
    public init(hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"], origins: Set<String> = []) {
        self.hosts = hosts
        self.origins = origins
    }
}

/// A size given on the command line (`--memory-limit 75%`, `16GB`, `512MiB`) that did not parse.
public struct SizeParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the text.
    public let description: String
}

extension ServerLimits {
    /// Parses a byte size: a percentage of `physicalMemory` (`75%`, `12.5%`), or a number with an
    /// optional unit — `B`, decimal `KB`/`MB`/`GB`/`TB` (powers of 1000) or binary
    /// `KiB`/`MiB`/`GiB`/`TiB` (powers of 1024), case-insensitive, fractions allowed (`1.5GB`).
    public static func parseSize(_ text: String, physicalMemory: UInt64) throws(SizeParseError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SizeParseError(description: "empty size") }
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let value = Double(number), value.isFinite else {
            throw SizeParseError(description: "'\(text)' is not a size (examples: 75%, 16GB, 512MiB, 1048576)")
        }
        let bytes: Double
        if unit == "%" {
            guard value > 0, value <= 100 else {
                throw SizeParseError(description: "'\(text)': a percentage of RAM must be above 0 and at most 100")
            }
            bytes = Double(physicalMemory) * value / 100
        } else {
            let scales: [String: Double] = [
                "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
                "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
            ]
            guard let scale = scales[unit] else {
                throw SizeParseError(description: "'\(text)': unknown unit '\(unit)' (use %, B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)")
            }
            bytes = value * scale
        }
        guard bytes >= 1 else { throw SizeParseError(description: "'\(text)' is less than one byte") }
        guard bytes < Double(Int.max) else { throw SizeParseError(description: "'\(text)' is too large") }
        return Int(bytes)
    }
}
