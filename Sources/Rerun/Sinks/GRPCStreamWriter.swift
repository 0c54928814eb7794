import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import RerunProtos
import Synchronization

/// The body of a `GRPCSink`'s one task: connects, streams the queue into a `WriteMessages` call,
/// reconnects with bounded backoff, and gives up after too many failed attempts.
///
/// Each connection attempt uses a fresh `GRPCClient` (HTTP/2 over NIO Posix), so an attempt
/// is exactly one TCP connection and one stream, and its failure is reported at once
/// (`waitForReady` is off) instead of being retried invisibly inside the transport.
struct GRPCStreamWriter: Sendable {
    let endpoint: GRPCEndpoint
    let options: GRPCSink.Options
    let queue: GRPCSendQueue
    let logger: Logger

    private enum Outcome {
        case completed
        case failed(String, retryable: Bool)
    }

    private final class AttemptFlags: Sendable {
        let established = Atomic<Bool>(false)
    }

    func run() async {
        defer { queue.markWriterExited() }
        var failures = 0
        var backoff = options.reconnect.initialBackoff
        var connectedBefore = false
        while !Task.isCancelled {
            if queue.isClosedAndEmpty { return }
            queue.noteConnecting(attempt: failures + 1)
            let sentBefore = queue.sentMessages
            let flags = AttemptFlags()
            let outcome = await attempt(replayAnnouncements: connectedBefore, flags: flags)
            if flags.established.load(ordering: .acquiring) { connectedBefore = true }
            guard case .failed(let reason, let retryable) = outcome else { return }
            if Task.isCancelled { return }
            if queue.sentMessages > sentBefore {
                failures = 0
                backoff = options.reconnect.initialBackoff
            }
            failures += 1
            let closed = queue.isClosed
            if !retryable || failures >= options.reconnect.maxAttempts || (closed && failures > 1) {
                let why = if !retryable {
                    "the server refused the stream"
                } else if closed && failures < options.reconnect.maxAttempts {
                    "could not deliver the remaining messages at finish after \(failures) failed attempt(s)"
                } else {
                    "gave up after \(failures) failed connection attempt(s)"
                }
                let queued = queue.backlog.messages
                let error = RerunError(.sink, "gRPC sink \(endpoint): \(why): \(reason)"
                    + (queued > 0 ? "; \(queued) queued message(s) dropped" : ""))
                logger.error("\(error.message)")
                queue.fail(error)
                return
            }
            let retry = closed ? "retrying now (finishing)" : "retrying in \(backoff)"
            queue.noteDisconnected(reason, retry: retry)
            // Attempts 1, 2, 4, 8, …: a long outage does not flood the log.
            if failures & (failures - 1) == 0 {
                logger.warning("connection \(connectedBefore ? "lost" : "failed") (attempt \(failures) of \(options.reconnect.maxAttempts)): \(reason); \(retry)")
            }
            await queue.sleep(for: backoff)
            backoff = min(backoff * options.reconnect.multiplier, options.reconnect.maxBackoff)
        }
    }

    /// One connection with one stream, until the queue is closed and drained or something fails.
    private func attempt(replayAnnouncements: Bool, flags: AttemptFlags) async -> Outcome {
        defer { queue.abandonInFlight() }
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: endpoint.resolvableTarget,
                transportSecurity: endpoint.security == .tls ? .tls : .plaintext,
                config: .defaults)
            try await withGRPCClient(transport: transport) { client in
                try await stream(on: client, replayAnnouncements: replayAnnouncements, flags: flags)
            }
            return .completed
        } catch {
            return .failed(Self.describe(error), retryable: Self.isRetryable(error))
        }
    }

    private func stream(on client: GRPCClient<HTTP2ClientTransport.Posix>, replayAnnouncements: Bool,
                        flags: AttemptFlags) async throws {
        let proxy = Rerun_SdkComms_V1alpha1_MessageProxyService.Client(wrapping: client)
        let callOptions = callOptions
        let queue = queue, logger = logger, connectTimeout = options.connectTimeout
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try await proxy.writeMessages(options: callOptions, requestProducer: { writer in
                    flags.established.store(true, ordering: .releasing)
                    queue.noteConnected()
                    if replayAnnouncements {
                        logger.notice("reconnected")
                        for announcement in queue.writtenAnnouncements() { try await writer.write(announcement) }
                    } else {
                        logger.debug("connected")
                    }
                    while let message = try await queue.next() {
                        try await writer.write(message.request)
                        queue.completeHead()
                    }
                })
                guard queue.isClosedAndEmpty else {
                    throw RerunError(.sink, "the server ended the stream before the sink was finished")
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: connectTimeout)
                guard flags.established.load(ordering: .acquiring) else {
                    throw RerunError(.sink, "no connection within \(connectTimeout)")
                }
                return false
            }
            while let streamEnded = try await group.next() {
                if streamEnded {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    private var callOptions: CallOptions {
        var callOptions = CallOptions.defaults
        callOptions.waitForReady = false
        // The transport's default (4 MiB) would refuse large image chunks.
        callOptions.maxRequestMessageBytes = options.maxMessageBytes
        callOptions.maxResponseMessageBytes = options.maxMessageBytes
        return callOptions
    }

    /// Failures worth another attempt: the connection, not the server's verdict on our data.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let rpc = error as? RPCError else { return true }
        switch rpc.code {
        case .unavailable, .unknown, .internalError, .cancelled, .deadlineExceeded, .aborted: return true
        default: return false
        }
    }

    /// "unavailable: … ← cause ← cause", with the innermost cause (e.g. "Connection refused") last.
    static func describe(_ error: any Error) -> String {
        var parts: [String] = []
        var current: (any Error)? = error
        while let error = current, parts.count < 6 {
            if let rpc = error as? RPCError {
                parts.append("\(rpc.code): \(rpc.message)")
                current = rpc.cause
            } else if let rerun = error as? RerunError {
                parts.append(rerun.message)
                current = nil
            } else {
                parts.append(String(describing: error))
                current = nil
            }
        }
        return parts.joined(separator: " ← ")
    }
}

extension GRPCEndpoint {
    /// The grpc-swift target for this host: an IP literal, else a DNS name.
    var resolvableTarget: any ResolvableTarget {
        if host.contains(":") { return ResolvableTargets.IPv6.ipv6(address: host, port: port) }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) {
            return ResolvableTargets.IPv4.ipv4(address: host, port: port)
        }
        return ResolvableTargets.DNS.dns(host: host, port: port)
    }
}
