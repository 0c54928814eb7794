/// Where a `GRPCSink` streams to: a Rerun message proxy (`rerun --serve-grpc`, a viewer, or our
/// server), written as `rerun+http://HOST:PORT/proxy`.
///
/// Accepted URL forms (the path, if any, must be `/proxy`; it selects the message-proxy endpoint
/// and is not part of the gRPC request path):
/// - `rerun+http://HOST:PORT/proxy` and `http://HOST:PORT/proxy`: plaintext HTTP/2 (h2c);
/// - `rerun+https://HOST:PORT/proxy`, `rerun://HOST:PORT/proxy` and `https://…`: TLS, as in Rerun,
///   where `rerun://` is an alias of `rerun+https://`.
///
/// The port defaults to 9876; IPv6 hosts are written in brackets (`rerun+http://[::1]:9876/proxy`).
public struct GRPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is secured.
    public enum Security: Sendable, Hashable {
        /// HTTP/2 with prior knowledge over plain TCP (what `rerun+http://` means).
        case plaintext
        /// HTTP/2 over TLS, verified against the system's trust roots.
        case tls
    }

    /// Rerun's default gRPC port.
    public static let defaultPort = 9876
    /// `rerun+http://127.0.0.1:9876/proxy`, where `rerun --serve-grpc` and the viewer listen by default.
    public static let `default` = GRPCEndpoint(host: "127.0.0.1", port: defaultPort)

    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Plaintext or TLS.
    public var security: Security

    /// Creates an endpoint.
    public init(host: String, port: Int = GRPCEndpoint.defaultPort, security: Security = .plaintext) {
        self.host = host
        self.port = port
        self.security = security
    }

    /// Parses a Rerun proxy URL; throws a `RerunError` naming what is wrong.
    public init(parsing url: String) throws {
        let text = url.trimmingWhitespace
        func invalid(_ why: String) -> RerunError {
            RerunError(.invalidArgument, "invalid gRPC URL '\(url)': \(why); expected rerun+http://HOST:PORT/proxy")
        }
        guard let schemeEnd = text.range(of: "://") else { throw invalid("no scheme") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "rerun+http", "http": security = .plaintext
        case "rerun+https", "rerun", "https": security = .tls
        default: throw invalid("unsupported scheme '\(scheme)://'")
        }
        let rest = text[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else { throw invalid("queries and fragments are not allowed") }
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[slash...]
            guard path == "/" || path == "/proxy" || path == "/proxy/" else {
                throw invalid("the path must be /proxy, not '\(path)'")
            }
        } else {
            authority = rest
        }
        guard !authority.contains("@") else { throw invalid("user names and passwords are not supported") }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected '\(after)' after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        guard !host.contains(":") || authority.hasPrefix("[") else { throw invalid("IPv6 addresses must be in brackets") }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("the port '\(portText)' is not a number in 1...65535")
            }
            port = value
        } else {
            port = Self.defaultPort
        }
    }

    /// The canonical URL (`rerun+http://HOST:PORT/proxy` or `rerun+https://…`).
    public var url: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(security == .tls ? "rerun+https" : "rerun+http")://\(hostPart):\(port)/proxy"
    }

    /// The canonical URL.
    public var description: String { url }
}

extension String {
    fileprivate var trimmingWhitespace: Substring {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}
