import NIOCore

/// The first handler of every accepted connection. It passes everything through; its only use is
/// `reply(on:…)`, which writes a complete HTTP/1.1 response straight to the socket (under any
/// protocol handlers that may be above it) and closes the connection.
///
/// Hummingbird answers a refused WebSocket upgrade with a fixed `400`; writing from here lets the
/// server answer `401` (no token) or `403` (origin not allowed) instead, and lets it answer `503`
/// to HTTP/1 clients beyond the connection limit.
final class RawReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Writes `HTTP/1.1 <code> <reason>` with `message` as a plain-text body, then closes the
    /// connection. The future completes once the connection is closed.
    static func reply(on channel: any Channel, code: Int, reason: String, message: String) -> EventLoopFuture<Void> {
        channel.eventLoop.flatSubmit {
            let context: ChannelHandlerContext
            do {
                context = try channel.pipeline.syncOperations.context(handlerType: RawReplyHandler.self)
            } catch {
                return channel.close()
            }
            let body = message + "\n"
            let head =
                "HTTP/1.1 \(code) \(reason)\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            var buffer = channel.allocator.buffer(capacity: head.utf8.count + body.utf8.count)
            buffer.writeString(head)
            buffer.writeString(body)
            // Writing from this context sends the bytes to the socket directly: the HTTP encoders
            // above it never see them.
            // Safety: `assumeIsolated` — we are on the channel's event loop (inside `flatSubmit`),
            // where the continuation runs too.
            return context.writeAndFlush(NIOAny(buffer)).assumeIsolated().flatMap {
                context.close()
            }.nonisolated().flatMapErrorThrowing { _ in }
        }
    }
}
