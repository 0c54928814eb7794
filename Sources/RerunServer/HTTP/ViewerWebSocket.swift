import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// The `GET /ws` WebSocket endpoint: checks the upgrade (host, token, origin) and runs one
/// viewer session per socket, adapting Hummingbird's WebSocket streams to the transport-agnostic
/// session (`[UInt8]` frames in, a `send` function out).
///
/// A refused upgrade is answered `401` (no or wrong token), `403` (origin or host not allowed) or
/// `404` (another path) by `RawReplyHandler`, since Hummingbird itself would answer `400`.
struct ViewerWebSocket: Sendable {
    /// Runs one socket's session: reads binary frames (a text message arrives as an empty frame,
    /// which the protocol answers with an error) and sends with `send`; returns when done.
    typealias Session = @Sendable (_ frames: Frames, _ send: @escaping @Sendable ([UInt8]) async throws -> Void) async -> Void

    /// The frames a browser sends, as byte arrays.
    typealias Frames = AsyncMapSequence<WebSocketInboundMessageStream, [UInt8]>

    let access: AccessPolicy
    /// The largest message a browser may send (`ServerLimits.maxBufferedBytesPerConnection`).
    let maxMessageBytes: Int
    let session: Session
    let logger: Logger

    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    func shouldUpgrade(_ head: HTTPRequest, channel: any Channel) async -> ShouldUpgradeResult<Handler> {
        let target = head.path ?? "/"
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) }
        let refusal: (Int, String, String)
        if path != "/ws" {
            refusal = (404, "Not Found", "no WebSocket endpoint at \(path)")
        } else {
            switch access.check(head, query: query, originMatters: true) {
            case .allowed: return .upgrade([:], handler)
            case .unauthorized(let why): refusal = (401, "Unauthorized", why)
            case .forbidden(let why): refusal = (403, "Forbidden", why)
            }
        }
        logger.info("refused a WebSocket upgrade from \(channel.remoteAddress?.description ?? "?"): \(refusal.2)")
        try? await RawReplyHandler.reply(on: channel, code: refusal.0, reason: refusal.1, message: refusal.2).get()
        return .dontUpgrade
    }

    private var handler: Handler {
        let session = session, maxMessageBytes = maxMessageBytes
        return { inbound, outbound, _ in
            let frames = inbound.messages(maxSize: maxMessageBytes).map { message -> [UInt8] in
                if case .binary(let buffer) = message { return Array(buffer: buffer) }
                return []
            }
            await session(frames) { bytes in
                try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
            }
        }
    }

    /// Sends every frame back (transport tests).
    static let echo: Session = { frames, send in
        do {
            for try await frame in frames { try await send(frame) }
        } catch {}
    }
}
