import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// A Hummingbird child channel that serves gRPC and HTTP/1.1 + WebSocket on one socket.
///
/// `setup` installs `RawReplyHandler` and a `ProtocolSniffer`; once the first bytes arrive, the
/// sniffer either hands the connection to the gRPC server (`GRPCConnectionInjector`) or sets up
/// Hummingbird's HTTP/1 + WebSocket pipeline, and `handle` serves it.
///
/// The decision cannot be awaited inside `setup`: NIO registers an accepted channel (and so
/// starts reading) only after `setup`'s future completes. `setup` therefore returns a future of
/// the decision, which `handle` awaits.
struct MuxChildChannel: ServerChildChannel {
    enum Decided: Sendable {
        case http(HTTP1WebSocketUpgradeChannel.Value)
        case grpc
        case refused
    }

    struct Value: ServerChildChannelValue {
        let channel: any Channel
        let decided: EventLoopFuture<Decided>
    }

    struct ClosedBeforeSpeaking: Error {}

    let http: HTTP1WebSocketUpgradeChannel
    let injector: GRPCConnectionInjector
    let gate: ConnectionGate
    let handshakeTimeout: TimeAmount
    /// Our logger (the `logger` Hummingbird passes to `setup` is its own, kept quiet).
    let logger: Logger

    func setup(channel: any Channel, logger hummingbirdLogger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let admitted = gate.enter()
            if admitted {
                let gate = gate
                channel.closeFuture.whenComplete { _ in gate.leave() }
            }
            let promise = channel.eventLoop.makePromise(of: Decided.self)
            let http = http, injector = injector, gate = gate, logger = logger
            let sniffer = ProtocolSniffer(
                timeout: handshakeTimeout,
                decide: { proto in
                    guard admitted else {
                        logger.warning(
                            "refused a connection from \(channel.remoteAddress?.description ?? "?"): \(gate.limit) connections are open")
                        promise.succeed(.refused)
                        if proto == .http1 {
                            _ = RawReplyHandler.reply(
                                on: channel, code: 503, reason: "Service Unavailable", message: "too many connections")
                        } else {
                            channel.close(promise: nil)
                        }
                        return false
                    }
                    switch proto {
                    case .http1:
                        promise.completeWith(http.setup(channel: channel, logger: hummingbirdLogger).map { .http($0) })
                    case .http2:
                        do {
                            try injector.adopt(channel: channel)
                        } catch {
                            promise.fail(error)
                            throw error
                        }
                        promise.succeed(.grpc)
                    }
                    return true
                },
                onCloseUndecided: { promise.fail(ClosedBeforeSpeaking()) })
            try channel.pipeline.syncOperations.addHandler(RawReplyHandler())
            try channel.pipeline.syncOperations.addHandler(sniffer)
            return Value(channel: channel, decided: promise.futureResult)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.decided.get() {
            case .http(let http1):
                await http.handle(value: http1, logger: logger)
            case .grpc, .refused:
                // The gRPC server serves the connection; this task only keeps it counted until it
                // closes (or the server shuts down).
                let channel = value.channel
                await withTaskCancellationHandler {
                    try? await channel.closeFuture.get()
                } onCancel: {
                    channel.close(promise: nil)
                }
            }
        } catch {
            try? await value.channel.close()
        }
    }
}
