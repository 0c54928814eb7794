import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Refuses a gRPC request message larger than the limit with a clear status, instead of the
/// transport's bare stream reset.
///
/// grpc-swift answers an oversized message by resetting the stream; the client then sees
/// "Stream unexpectedly closed" and the server "Failed to decode message". This handler sits
/// first in each HTTP/2 stream's pipeline, reads the 5-byte gRPC message prefixes of the DATA
/// frames going in, and when a message announces more than `limit` bytes it logs the sizes, stops
/// passing frames on, answers `RESOURCE_EXHAUSTED` ("message of N bytes exceeds the server's
/// limit of M bytes") in the trailers, and closes the stream. Other streams are unaffected.
final class GRPCMessageSizeGuard: ChannelDuplexHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload
    typealias OutboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let limit: Int
    private let logger: Logger
    /// Bytes of the current message still to come (after its prefix).
    private var remaining = 0
    /// A message prefix split across DATA frames.
    private var prefix: [UInt8] = []
    private var sentHeaders = false
    private var refused = false

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        let payload = unwrapInboundIn(data)
        if case .data(let frame) = payload, case .byteBuffer(let buffer) = frame.data,
            let size = oversizedMessage(in: buffer)
        {
            refuse(context: context, size: size)
            return
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if refused {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if case .headers = unwrapOutboundIn(data) { sentHeaders = true }
        context.write(data, promise: promise)
    }

    /// Installs a guard first in an accepted HTTP/2 stream's pipeline (gRPC's
    /// `onAcceptHTTP2Stream` callback).
    static func install(limit: Int, logger: Logger) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(GRPCMessageSizeGuard(limit: limit, logger: logger), position: .first)
            }
        }
    }

    /// Walks the message prefixes in one DATA frame; returns an announced size over the limit.
    private func oversizedMessage(in buffer: ByteBuffer) -> Int? {
        var view = buffer.readableBytesView[...]
        while !view.isEmpty {
            if remaining > 0 {
                let skip = min(remaining, view.count)
                view = view.dropFirst(skip)
                remaining -= skip
                continue
            }
            let take = min(5 - prefix.count, view.count)
            prefix += view.prefix(take)
            view = view.dropFirst(take)
            guard prefix.count == 5 else { break }
            let size = Int(prefix[1]) << 24 | Int(prefix[2]) << 16 | Int(prefix[3]) << 8 | Int(prefix[4])
            prefix.removeAll(keepingCapacity: true)
            if size > limit { return size }
            remaining = size
        }
        return nil
    }

    private func refuse(context: ChannelHandlerContext, size: Int) {
        refused = true
        let message = "message of \(size) bytes exceeds the server's limit of \(limit) bytes"
        let address = context.channel.parent?.remoteAddress
        let peer = address.flatMap { a in a.ipAddress.map { "\($0):\(a.port ?? 0)" } } ?? "?"
        logger.warning("gRPC client \(peer): \(message); the call is refused")
        var trailers: HPACKHeaders = sentHeaders ? [:] : [":status": "200", "content-type": "application/grpc"]
        trailers.add(name: "grpc-status", value: "8")  // RESOURCE_EXHAUSTED
        trailers.add(name: "grpc-message", value: message)
        let frame = HTTP2Frame.FramePayload.headers(.init(headers: trailers, endStream: true))
        // Safety: `assumeIsolated` — this runs on the stream channel's event loop, where the
        // callback runs too.
        context.writeAndFlush(wrapOutboundOut(frame)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
