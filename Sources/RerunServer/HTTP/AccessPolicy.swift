import Foundation
import HTTPTypes

/// Who may use the server: the token, the browser-origin allow-list and, on a loopback bind, the
/// `Host` check against DNS rebinding. Shared by HTTP, WebSocket and gRPC. See `Docs/serving.md`.
struct AccessPolicy: Sendable {
    /// The required token, if any.
    let token: String?
    /// Allowed browser origins.
    let origins: OriginPolicy
    /// The server is bound to a loopback address: only loopback host names are accepted in `Host`,
    /// so a page on a rebinding DNS name cannot reach it.
    let loopbackOnly: Bool

    /// The cookie that carries the token for a browser's follow-up requests (module imports, the
    /// WebSocket) after it opened `/?token=…`.
    static let cookieName = "rerun_token"

    /// The outcome of a check.
    enum Verdict: Equatable {
        case allowed
        /// 401: the token is missing or wrong.
        case unauthorized(String)
        /// 403: the origin or host is not allowed.
        case forbidden(String)
    }

    init(token: String?, origins: OriginPolicy, bindAddress: String) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.origins = origins
        self.loopbackOnly = Self.isLoopback(host: bindAddress)
    }

    // MARK: Checks

    /// Checks a browser or HTTP client request: host, token, and (when `originMatters`, i.e. for
    /// WebSocket upgrades and requests that change state) the `Origin`.
    func check(_ request: HTTPRequest, query: String?, originMatters: Bool) -> Verdict {
        let host = request.authority
        if loopbackOnly, let host, !Self.isLoopback(host: Self.hostName(ofAuthority: host)) {
            return .forbidden("Host '\(host)' is not a loopback name (the server is bound to loopback)")
        }
        if !hasToken(request.headerFields, query: query) {
            return .unauthorized("a token is required: add ?token=… or an 'Authorization: Bearer …' header")
        }
        if originMatters, let origin = request.headerFields[.origin], !isAllowed(origin: origin, host: host) {
            return .forbidden("origin '\(origin)' is not allowed")
        }
        return .allowed
    }

    /// Whether the request carries the token (always true when none is configured): as
    /// `Authorization: Bearer T`, `?token=T`, or the `rerun_token` cookie.
    func hasToken(_ headers: HTTPFields, query: String?) -> Bool {
        guard let token else { return true }
        if let authorization = headers[.authorization], authorization.hasPrefix("Bearer "),
            Self.constantTimeEquals(String(authorization.dropFirst("Bearer ".count)), token)
        {
            return true
        }
        if let query, let given = Self.queryValue("token", in: query), Self.constantTimeEquals(given, token) {
            return true
        }
        for cookieHeader in headers[values: .cookie] {
            for pair in cookieHeader.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == Self.cookieName else { continue }
                if let value = parts[1].trimmingCharacters(in: .whitespaces).removingPercentEncoding,
                    Self.constantTimeEquals(value, token)
                {
                    return true
                }
            }
        }
        return false
    }

    /// Whether the token came in the query (the browser's first request): the reply then sets the
    /// cookie so the page's own requests carry it too.
    func tokenCookie(forQuery query: String?) -> String? {
        guard let token, let query, let given = Self.queryValue("token", in: query), Self.constantTimeEquals(given, token)
        else { return nil }
        let encoded = token.addingPercentEncoding(withAllowedCharacters: Self.cookieSafe) ?? ""
        return "\(Self.cookieName)=\(encoded); Path=/; HttpOnly; SameSite=Strict"
    }

    /// Whether a browser page at `origin` may call us: the server's own origin (same host and port
    /// as `Host`), an allowed host on any port, or an allowed exact origin.
    func isAllowed(origin: String, host: String?) -> Bool {
        let origin = origin.lowercased()
        if origins.origins.contains(where: { $0.lowercased() == origin }) { return true }
        guard let (scheme, authority) = Self.splitOrigin(origin), scheme == "http" || scheme == "https" else { return false }
        if let host, authority == host.lowercased() { return true }
        let name = Self.hostName(ofAuthority: authority)
        return origins.hosts.contains { $0.lowercased() == name }
    }

    // MARK: Helpers

    private static let cookieSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Compares without an early exit on the first differing byte.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    /// The percent-decoded value of `name` in a query string (`a=1&token=x`), if present.
    static func queryValue(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first == Substring(name) {
                let raw = parts.count == 2 ? String(parts[1]) : ""
                return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
        }
        return nil
    }

    /// `http://h:1` → ("http", "h:1").
    static func splitOrigin(_ origin: String) -> (String, String)? {
        guard let range = origin.range(of: "://") else { return nil }
        let authority = origin[range.upperBound...]
        guard !authority.isEmpty, !authority.contains("/") else { return nil }
        return (String(origin[..<range.lowerBound]), String(authority))
    }

    /// The host of an authority without its port: `h:1` → `h`, `[::1]:9` → `[::1]`.
    static func hostName(ofAuthority authority: String) -> String {
        let authority = authority.lowercased()
        if authority.hasPrefix("[") {
            if let close = authority.firstIndex(of: "]") { return String(authority[...close]) }
            return authority
        }
        if let colon = authority.lastIndex(of: ":") { return String(authority[..<colon]) }
        return authority
    }

    /// Whether a host name or address is the local machine.
    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.")
            || host == "::1" || host == "[::1]"
    }
}
