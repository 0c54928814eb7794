import GRPCCore

/// Refuses gRPC calls that do not carry the server's token as `authorization: Bearer <token>`
/// metadata, with `unauthenticated`. Installed only when the server has a token.
struct GRPCTokenInterceptor: ServerInterceptor {
    let access: AccessPolicy

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard let token = access.token else { return try await next(request, context) }
        for value in request.metadata[stringValues: "authorization"] where value.hasPrefix("Bearer ") {
            if AccessPolicy.constantTimeEquals(String(value.dropFirst("Bearer ".count)), token) {
                return try await next(request, context)
            }
        }
        throw RPCError(
            code: .unauthenticated,
            message: "this server requires a token: send 'authorization: Bearer <token>' metadata")
    }
}
