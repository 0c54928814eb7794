import GRPCCore

/// Refuses gRPC calls that do not carry the server's token as `authorization: Bearer <token>`
/// metadata, with `unauthenticated`. Installed only when the server has a token. With
/// `allowLoopback`, calls from loopback peers need no token (see
/// `ServerConfiguration.allowLoopbackGRPCWithoutToken`).
struct GRPCTokenInterceptor: ServerInterceptor {
    let access: AccessPolicy
    let allowLoopback: Bool

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard let token = access.token else { return try await next(request, context) }
        if allowLoopback, Self.isLoopback(peer: context.remotePeer) { return try await next(request, context) }
        for value in request.metadata[stringValues: "authorization"] where value.hasPrefix("Bearer ") {
            if AccessPolicy.constantTimeEquals(String(value.dropFirst("Bearer ".count)), token) {
                return try await next(request, context)
            }
        }
        throw RPCError(
            code: .unauthenticated,
            message: "this server requires a token: send 'authorization: Bearer <token>' metadata")
    }

    /// Whether a gRPC peer string (`ipv4:127.0.0.1:5000`, `ipv6:[::1]:5000`) is this machine.
    static func isLoopback(peer: String) -> Bool {
        peer.hasPrefix("ipv4:127.") || peer.hasPrefix("ipv6:[::1]:") || peer.hasPrefix("ipv6:[::ffff:127.")
    }
}
