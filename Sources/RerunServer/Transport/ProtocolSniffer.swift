import NIOCore

/// The protocol a connection speaks, told apart by its first bytes.
enum SniffedProtocol: Sendable {
    /// The client sent the HTTP/2 connection preface: gRPC (h2c with prior knowledge).
    case http2
    /// Anything else: HTTP/1.x (browsers, curl, WebSocket upgrades).
    case http1
}

/// Buffers a new connection's first bytes until they show whether it starts with the HTTP/2
/// client preface (`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`), calls `decide`, which appends the real
/// protocol's handlers after this one, then replays the buffered bytes to them and removes itself.
///
/// At most the preface's 24 bytes plus one read are buffered. A connection that says nothing
/// within `timeout` is closed.
final class ProtocolSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private var buffered: ByteBuffer?
    private var decided = false
    private var timer: Scheduled<Void>?
    private let timeout: TimeAmount
    private let decide: (SniffedProtocol) throws -> Bool
    private let onCloseUndecided: () -> Void

    /// - Parameters:
    ///   - decide: called once, on the event loop, with the protocol; it adds that protocol's
    ///     handlers after this one and returns `true`, or returns `false` when it has dealt with
    ///     the connection itself (the buffered bytes are dropped). If it throws, the connection
    ///     is closed.
    ///   - onCloseUndecided: called if the connection closes before the protocol is known.
    init(
        timeout: TimeAmount, decide: @escaping (SniffedProtocol) throws -> Bool,
        onCloseUndecided: @escaping () -> Void
    ) {
        self.timeout = timeout
        self.decide = decide
        self.onCloseUndecided = onCloseUndecided
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Safety: the timer's closure runs on the channel's event loop, the only place this
        // handler's state is touched.
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (sniffer, context) = loopBound.value
            if !sniffer.decided { context.close(promise: nil) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if decided {
            context.fireChannelRead(data)
            return
        }
        var incoming = unwrapInboundIn(data)
        if buffered == nil {
            buffered = incoming
        } else {
            buffered!.writeBuffer(&incoming)
        }
        let view = buffered!.readableBytesView
        let count = min(view.count, Self.preface.count)
        let matches = view.prefix(count).elementsEqual(Self.preface.prefix(count))
        if matches && count < Self.preface.count { return }  // a prefix of the preface: wait for more

        decided = true
        timer?.cancel()
        timer = nil
        let forward: Bool
        do {
            forward = try decide(matches ? .http2 : .http1)
        } catch {
            forward = false
            context.close(promise: nil)
        }
        guard forward else {
            buffered = nil
            return
        }
        let bytes = buffered!
        buffered = nil
        context.fireChannelRead(wrapInboundOut(bytes))
        context.fireChannelReadComplete()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A client that half-closes before saying anything will never say anything.
        if !decided, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !decided {
            decided = true
            onCloseUndecided()
        }
        context.fireChannelInactive()
    }
}
