import Foundation
public import Logging
public import RerunRRD
import RerunProtos
import Synchronization

/// Streams a recording live to a Rerun message proxy (`rerun --serve-grpc`, a viewer, or our
/// server) with the `MessageProxyService/WriteMessages` client-streaming call over HTTP/2, as
/// `rr.connect_grpc()` does.
///
/// ```swift
/// let rec = try RecordingStream(applicationID: "my_robot",
///                               sink: GRPCSink(url: "rerun+http://127.0.0.1:9876/proxy"))
/// ```
///
/// `send` encodes messages on the calling thread and puts them in a bounded queue; one task
/// owned by the sink connects, writes the queue to a single long-lived stream, and reconnects
/// with bounded backoff when the connection fails or is lost. When the queue is full, the
/// `Options.whenFull` policy blocks the caller for a while or drops messages (counted, and
/// reported through swift-log); memory never grows without bound. Connection problems are
/// warnings while the sink retries; once it gives up, `flush()` and `finish()` throw and later
/// messages are dropped. Every wait has a timeout.
///
/// `flush`, `finish` and `send` (with the `.block` policy) block the calling thread for a
/// bounded time. The stream task runs on a dedicated thread, so this is safe (if wasteful) even
/// from inside a Swift concurrency task.
public final class GRPCSink: LogSink {
    /// What to do when a message does not fit in the queue.
    public enum FullQueuePolicy: Sendable, Hashable {
        /// Wait up to `timeout` for room (back-pressure on the flushing thread), then drop.
        case block(timeout: Duration)
        /// Drop the message that does not fit.
        case dropNewest
        /// Drop the oldest queued chunks until the new one fits.
        case dropOldest
    }

    /// How often and how fast to reconnect after a failed or lost connection.
    public struct ReconnectPolicy: Sendable, Hashable {
        /// Consecutive failed attempts after which the sink gives up (at least 1). An attempt that
        /// delivered messages resets the count.
        public var maxAttempts: Int
        /// The wait before the first retry.
        public var initialBackoff: Duration
        /// The longest wait between attempts.
        public var maxBackoff: Duration
        /// The factor applied to the wait after each failure.
        public var multiplier: Double

        /// Creates a policy.
        public init(maxAttempts: Int = 10, initialBackoff: Duration = .milliseconds(100),
                    maxBackoff: Duration = .seconds(2), multiplier: Double = 2) {
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.multiplier = multiplier
        }

        /// Ten attempts, 100 ms doubling up to 2 s: about 11 s of trying before giving up.
        public static let `default` = ReconnectPolicy()
        /// One attempt, no retries.
        public static let never = ReconnectPolicy(maxAttempts: 1)
    }

    /// Queue limits, policies and timeouts.
    public struct Options: Sendable, Hashable {
        /// The queue holds at most this many bytes of encoded messages (a single larger message
        /// is still admitted into an empty queue).
        public var maxQueuedBytes: Int
        /// The queue holds at most this many messages.
        public var maxQueuedMessages: Int
        /// What `send` does when the queue is full.
        public var whenFull: FullQueuePolicy
        /// Reconnection after failures.
        public var reconnect: ReconnectPolicy
        /// How long one connection attempt may take before it counts as failed.
        public var connectTimeout: Duration
        /// How long `flush()` waits for the queue to reach the transport.
        public var flushTimeout: Duration
        /// How long `finish()` waits for the queue to drain and the server to answer.
        public var finishTimeout: Duration
        /// The largest message the sink sends (gRPC frames carry a 32-bit length).
        public var maxMessageBytes: Int
        /// How chunk payloads are compressed (the official SDK uses LZ4).
        public var compression: RRDCompression

        /// Creates options. The defaults: 256 MiB and 100,000 messages of queue, block for up to
        /// 2 s when full (the official SDK's flush timeout) then drop, reconnect 10 times, 5 s
        /// to connect, 10 s to flush or finish.
        public init(
            maxQueuedBytes: Int = 256 << 20, maxQueuedMessages: Int = 100_000,
            whenFull: FullQueuePolicy = .block(timeout: .seconds(2)), reconnect: ReconnectPolicy = .default,
            connectTimeout: Duration = .seconds(5), flushTimeout: Duration = .seconds(10),
            finishTimeout: Duration = .seconds(10), maxMessageBytes: Int = Int(UInt32.max),
            compression: RRDCompression = .lz4
        ) {
            self.maxQueuedBytes = maxQueuedBytes
            self.maxQueuedMessages = maxQueuedMessages
            self.whenFull = whenFull
            self.reconnect = reconnect
            self.connectTimeout = connectTimeout
            self.flushTimeout = flushTimeout
            self.finishTimeout = finishTimeout
            self.maxMessageBytes = maxMessageBytes
            self.compression = compression
        }
    }

    /// Counters describing what the sink did so far.
    public struct Statistics: Sendable, Hashable {
        /// Messages waiting in the queue now.
        public var queuedMessages = 0
        /// Bytes waiting in the queue now.
        public var queuedBytes = 0
        /// The most messages ever queued at once.
        public var peakQueuedMessages = 0
        /// The most bytes ever queued at once.
        public var peakQueuedBytes = 0
        /// Messages written to the transport.
        public var sentMessages = 0
        /// Bytes written to the transport.
        public var sentBytes = 0
        /// Messages dropped (full queue, or the sink gave up).
        public var droppedMessages = 0
        /// Bytes dropped.
        public var droppedBytes = 0
        /// Drop warnings logged (at most one per second).
        public var warningsLogged = 0
        /// Connection attempts made, including the first.
        public var connectionAttempts = 0
        /// Streams established.
        public var connections = 0
        /// Whether a stream is open now.
        public var isConnected = false
        /// The last connection error, if any.
        public var lastError: String?

        /// Creates zeroed counters.
        public init() {}
    }

    /// Where the sink streams to.
    public let endpoint: GRPCEndpoint
    /// The options fixed at creation.
    public let options: Options

    private let queue: GRPCSendQueue
    private let logger: Logger
    private let finished = Atomic<Bool>(false)
    private let writer: Mutex<Task<Void, Never>?>

    /// Connects to a proxy URL (`rerun+http://HOST:PORT/proxy`; see `GRPCEndpoint`).
    /// Throws if the URL or the options are invalid; connection problems are reported later.
    public convenience init(url: String = GRPCEndpoint.default.url, options: Options = Options(),
                            logger: Logger = Logger(label: "rerun.grpc")) throws {
        try self.init(endpoint: GRPCEndpoint(parsing: url), options: options, logger: logger)
    }

    /// Connects to `endpoint`. Throws if the options are invalid.
    public init(endpoint: GRPCEndpoint, options: Options = Options(), logger: Logger = Logger(label: "rerun.grpc")) throws {
        func invalid(_ what: String) -> RerunError { RerunError(.invalidArgument, "GRPCSink options: \(what)") }
        guard options.maxQueuedBytes > 0, options.maxQueuedMessages > 0 else { throw invalid("queue limits must be positive") }
        guard options.reconnect.maxAttempts >= 1 else { throw invalid("reconnect.maxAttempts must be at least 1") }
        guard options.reconnect.multiplier >= 1, options.reconnect.multiplier.isFinite else {
            throw invalid("reconnect.multiplier must be a finite number ≥ 1")
        }
        let durations = [options.connectTimeout, options.flushTimeout, options.finishTimeout,
                         options.reconnect.initialBackoff, options.reconnect.maxBackoff]
        guard durations.allSatisfy({ $0 >= .zero }) else { throw invalid("timeouts and backoffs must not be negative") }
        if case .block(let timeout) = options.whenFull, timeout < .zero { throw invalid("the block timeout must not be negative") }
        guard options.maxMessageBytes > 0, options.maxMessageBytes <= Int(UInt32.max) else {
            throw invalid("maxMessageBytes must be in 1...\(UInt32.max) (gRPC's 32-bit message length)")
        }
        guard (1...65535).contains(endpoint.port), !endpoint.host.isEmpty else {
            throw RerunError(.invalidArgument, "invalid gRPC endpoint \(endpoint)")
        }
        var logger = logger
        logger[metadataKey: "rerun.endpoint"] = "\(endpoint.url)"
        self.endpoint = endpoint
        self.options = options
        self.logger = logger
        let queue = GRPCSendQueue(maxBytes: options.maxQueuedBytes, maxMessages: options.maxQueuedMessages)
        self.queue = queue
        let streamWriter = GRPCStreamWriter(endpoint: endpoint, options: options, queue: queue, logger: logger)
        self.writer = Mutex(Task.detached(name: "rerun-grpc-sink", executorPreference: GRPCSinkExecutor.shared) {
            await streamWriter.run()
        })
    }

    deinit {
        // Without `finish()`, nothing may outlive the sink: stop the stream task now.
        queue.close()
        writer.withLock { $0?.cancel() }
    }

    /// Network sinks flush every 8 ms (Rerun's low-latency default).
    public var defaultBatcherConfig: BatcherConfig { .lowLatency }

    /// What the sink did so far.
    public var statistics: Statistics { queue.statistics }

    /// Encodes the messages and queues them for the stream. Throws after `finish()`, or if a
    /// message cannot be encoded or is too large for gRPC. Messages that do not fit in the queue
    /// are dropped (with a warning) according to `Options.whenFull`.
    public func send(_ messages: [LogMsg]) throws {
        guard !finished.load(ordering: .acquiring) else {
            throw RerunError(.finished, "gRPC sink \(endpoint): cannot send after finish()")
        }
        var batch: [GRPCQueuedMessage] = []
        batch.reserveCapacity(messages.count)
        for message in messages { batch.append(try encode(message)) }
        let admission: GRPCSendQueue.Admission = switch options.whenFull {
        case .block(let timeout): .block(until: Date(timeIntervalSinceNow: timeout.seconds))
        case .dropNewest: .dropNewest
        case .dropOldest: .dropOldest
        }
        let result = queue.push(batch, admission: admission)
        if let warning = result.warning {
            logger.warning("""
                dropped \(result.droppedMessages) message(s) (\(result.droppedBytes) bytes): \(warning.reason); \
                \(warning.totalMessages) message(s), \(warning.totalBytes) bytes dropped so far
                """)
        }
    }

    private func encode(_ message: LogMsg) throws -> GRPCQueuedMessage {
        var request = Rerun_SdkComms_V1alpha1_WriteMessagesRequest()
        do {
            request.logMsg = try RRDEncoder.encode(logMsg: message, compression: options.compression)
        } catch {
            throw RerunError(.sink, "gRPC sink \(endpoint): cannot encode a message of \(message.storeID): \(error)")
        }
        switch message {
        case .arrow(let arrow):
            let size = request.logMsg.arrowMsg.payload.count + 64
            guard size <= options.maxMessageBytes else {
                throw RerunError(.sink, """
                    gRPC sink \(endpoint): the chunk \(arrow.chunk.id) of \(arrow.chunk.entityPath) is \(size) bytes \
                    encoded, over the \(options.maxMessageBytes)-byte message limit; log it in smaller pieces
                    """)
            }
            return GRPCQueuedMessage(request: request, byteSize: size, isDroppable: true, announcedStore: nil)
        case .setStoreInfo(let info):
            return GRPCQueuedMessage(request: request, byteSize: 256, isDroppable: false, announcedStore: "\(info.storeID)")
        case .blueprintActivation:
            return GRPCQueuedMessage(request: request, byteSize: 128, isDroppable: false, announcedStore: nil)
        }
    }

    /// Waits (up to `Options.flushTimeout`) until everything sent so far was written to the
    /// transport. Throws if the sink gave up, or on timeout with what is still queued and why.
    public func flush() throws {
        let deadline = Date(timeIntervalSinceNow: options.flushTimeout.seconds)
        switch queue.waitUntilDelivered(deadline: deadline) {
        case .delivered:
            return
        case .failed(let error):
            throw error
        case .timedOut(let messages, let bytes, let link):
            throw RerunError(.sink, """
                gRPC sink \(endpoint): flush timed out after \(options.flushTimeout) with \(messages) message(s) \
                (\(bytes) bytes) still queued; connection: \(link)
                """)
        case .writerGone(let messages):
            throw RerunError(.sink, "gRPC sink \(endpoint): the stream has stopped with \(messages) message(s) undelivered")
        }
    }

    /// Ends the stream: writes what is queued, half-closes the `WriteMessages` call, waits for
    /// the server's answer and shuts the client down, all within `Options.finishTimeout`.
    /// Throws if messages could not be delivered. Later sends throw; calling it again does nothing.
    public func finish() throws {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.close()
        let task = writer.withLock { $0 }
        var timedOut = false
        if !queue.waitUntilWriterExited(deadline: Date(timeIntervalSinceNow: options.finishTimeout.seconds)) {
            timedOut = true
            task?.cancel()
            if !queue.waitUntilWriterExited(deadline: Date(timeIntervalSinceNow: 2)) {
                logger.error("the gRPC stream task did not stop within 2 s of being cancelled")
            }
        }
        let backlog = queue.backlog
        if let failure = queue.terminalError { throw failure }
        if timedOut {
            throw RerunError(.sink, """
                gRPC sink \(endpoint): finish timed out after \(options.finishTimeout); \(backlog.messages) \
                message(s) (\(backlog.bytes) bytes) were not delivered
                """)
        }
        if backlog.messages > 0 {
            throw RerunError(.sink, "gRPC sink \(endpoint): \(backlog.messages) message(s) were not delivered")
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    fileprivate var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
