import GRPCNIOTransportHTTP2
import NIOCore
import NIOPosix
import Synchronization

/// Hands connections that the same-port listener recognised as HTTP/2 to the gRPC server.
///
/// grpc-swift's `HTTP2ServerTransport.Custom` asks a `ListenerFactory` for an async channel of
/// configured connections. Ours (`InjectedListenerFactory`) gives it a never-used datagram
/// channel on loopback; `adopt(channel:)` configures an accepted TCP channel with gRPC's HTTP/2
/// pipeline and fires the result into that channel's pipeline, where the transport reads it.
final class GRPCConnectionInjector: Sendable {
    private struct Installed: Sendable {
        let configurator: HTTP2ServerTransport.ConnectionConfigurator
        let carrier: any Channel
        let handler: InjectorHandler
    }

    private let installed = Mutex<Installed?>(nil)

    /// Called once by the listener factory when the gRPC server starts listening.
    fileprivate func install(
        configurator: HTTP2ServerTransport.ConnectionConfigurator, carrier: any Channel, handler: InjectorHandler
    ) {
        installed.withLock { $0 = Installed(configurator: configurator, carrier: carrier, handler: handler) }
    }

    /// Whether the gRPC server is ready to take connections.
    var isReady: Bool { installed.withLock { $0 != nil } }

    /// Appends gRPC's HTTP/2 pipeline to `channel` and hands the connection to the gRPC server.
    /// Call on `channel.eventLoop`, before the buffered first bytes are fired down the pipeline.
    func adopt(channel: any Channel) throws {
        guard let installed = installed.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
        // `configure` runs synchronously when called on the channel's event loop, so the HTTP/2
        // handlers are in place before the sniffer replays the bytes it buffered.
        installed.configurator.configure(channel: channel, tls: .none).whenComplete { result in
            switch result {
            case .success(let connection):
                installed.carrier.eventLoop.execute { installed.handler.inject(connection) }
            case .failure:
                channel.close(promise: nil)
            }
        }
    }
}

/// Sits in the carrier channel's pipeline and fires injected connections towards the
/// `NIOAsyncChannel` the gRPC transport iterates.
private final class InjectorHandler: ChannelInboundHandler, @unchecked Sendable {
    // Safety: `@unchecked Sendable` because `context` is only read and written on the carrier
    // channel's event loop (handlerAdded/handlerRemoved run there, and `inject` is only called
    // through `carrier.eventLoop.execute`).
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias InboundOut = HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel

    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }
    /// Stray datagrams sent to the carrier's port are dropped.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func inject(_ connection: InboundOut) {
        guard let context else { return }
        context.fireChannelRead(wrapInboundOut(connection))
        context.fireChannelReadComplete()
    }
}

/// The gRPC transport's listener: a loopback datagram channel that never carries data; the
/// real connections come from `GRPCConnectionInjector.adopt(channel:)`.
struct InjectedListenerFactory: HTTP2ServerTransport.ListenerFactory {
    let eventLoopGroup: any EventLoopGroup
    let injector: GRPCConnectionInjector

    func makeListeningChannel(
        listenerConfigurator: HTTP2ServerTransport.ListenerConfigurator,
        connectionConfigurator: HTTP2ServerTransport.ConnectionConfigurator
    ) async throws -> NIOAsyncChannel<HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel, Never> {
        let handler = InjectorHandler()
        let carrier = try await DatagramBootstrap(group: eventLoopGroup).bind(host: "127.0.0.1", port: 0).get()
        let asyncChannel = try await carrier.eventLoop.submit {
            try carrier.pipeline.syncOperations.addHandler(handler)
            return try NIOAsyncChannel<HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel, Never>(
                wrappingChannelSynchronously: carrier)
        }.get()
        injector.install(configurator: connectionConfigurator, carrier: carrier, handler: handler)
        return asyncChannel
    }
}
