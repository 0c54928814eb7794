import Foundation
import RerunProtos

/// One encoded message waiting for the gRPC stream.
struct GRPCQueuedMessage: Sendable {
    /// The request as it goes on the wire.
    var request: Rerun_SdkComms_V1alpha1_WriteMessagesRequest
    /// Approximate encoded size (the Arrow payload plus a small overhead).
    var byteSize: Int
    /// Chunks may be dropped when the queue is full; store announcements and blueprint commands
    /// are always kept (they are few and tiny, and a viewer needs them).
    var isDroppable: Bool
    /// For `SetStoreInfo`: the store it announces (re-sent first on every reconnection).
    var announcedStore: String?
}

/// The bounded queue between the synchronous `send` side (the recording's flushing thread) and
/// the asynchronous task that owns the gRPC stream, plus the sink's shared status.
///
/// Capacity: at most `maxMessages` messages and `maxBytes` bytes, except that a message is always
/// admitted into an empty queue (so one message larger than the whole budget can still be sent)
/// and store announcements are never refused. Memory is therefore bounded by roughly
/// `max(maxBytes, largest message)` plus the announcements.
final class GRPCSendQueue: @unchecked Sendable {
    /// What `push` does when a message does not fit.
    enum Admission {
        case block(until: Date)
        case dropNewest
        case dropOldest
    }

    /// What `push` dropped.
    struct PushResult {
        var droppedMessages = 0
        var droppedBytes = 0
        /// Set when a warning should be logged now (rate-limited to one per second).
        var warning: (totalMessages: Int, totalBytes: Int, reason: String)?
    }

    /// How a wait for delivery ended.
    enum DeliveryOutcome {
        case delivered
        case failed(RerunError)
        case timedOut(messages: Int, bytes: Int, link: String)
        case writerGone(messages: Int)
    }

    // Safety (Sendable): every stored property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let maxBytes: Int
    private let maxMessages: Int
    private var items: [GRPCQueuedMessage] = []
    private var head = 0
    private var headInFlight = false
    private var queuedBytes = 0
    private var waiter: CheckedContinuation<GRPCQueuedMessage?, any Error>?
    private var closed = false
    private var failure: RerunError?
    private var writerExited = false
    private var admitted = 0
    private var resolved = 0
    private var announcements: [(store: String, message: GRPCQueuedMessage)] = []
    private var stats = GRPCSink.Statistics()
    private var link = "connecting"
    private var lastWarning: ContinuousClock.Instant?

    init(maxBytes: Int, maxMessages: Int) {
        self.maxBytes = maxBytes
        self.maxMessages = maxMessages
    }

    private var count: Int { items.count - head }

    private func fits(_ message: GRPCQueuedMessage) -> Bool {
        !message.isDroppable || count == 0 || (queuedBytes + message.byteSize <= maxBytes && count < maxMessages)
    }

    // MARK: Producer side (synchronous)

    /// Adds messages in order, applying the full-queue policy to each.
    func push(_ messages: [GRPCQueuedMessage], admission: Admission) -> PushResult {
        var result = PushResult()
        var reason = ""
        condition.lock()
        for message in messages {
            if failure != nil || closed {
                drop(message, into: &result)
                reason = failure.map { "the sink has failed: \($0.message)" } ?? "the sink is finished"
                continue
            }
            switch admission {
            case .dropNewest:
                break
            case .dropOldest:
                while !fits(message), let index = oldestEvictable() {
                    evict(at: index, into: &result)
                    reason = "evicted the oldest queued chunk(s) to make room (\(link))"
                }
            case .block(let deadline):
                while !fits(message), failure == nil, !closed {
                    if !condition.wait(until: deadline) { break }
                }
            }
            if failure != nil || closed || !fits(message) {
                drop(message, into: &result)
                reason = switch admission {
                case .block: "the queue stayed full until the block timeout (\(link))"
                default: "the queue is full (\(link))"
                }
                continue
            }
            items.append(message)
            queuedBytes += message.byteSize
            admitted += 1
            stats.peakQueuedMessages = max(stats.peakQueuedMessages, count)
            stats.peakQueuedBytes = max(stats.peakQueuedBytes, queuedBytes)
        }
        if result.droppedMessages > 0 {
            let now = ContinuousClock.now
            if lastWarning.map({ now - $0 >= .seconds(1) }) ?? true {
                lastWarning = now
                stats.warningsLogged += 1
                result.warning = (stats.droppedMessages, stats.droppedBytes, reason)
            }
        }
        let resume = takeWaiterIfReady()
        condition.unlock()
        resume?()
        return result
    }

    private func drop(_ message: GRPCQueuedMessage, into result: inout PushResult) {
        result.droppedMessages += 1
        result.droppedBytes += message.byteSize
        stats.droppedMessages += 1
        stats.droppedBytes += message.byteSize
    }

    private func oldestEvictable() -> Int? {
        var index = head
        while index < items.count {
            if !(index == head && headInFlight) && items[index].isDroppable { return index }
            index += 1
        }
        return nil
    }

    private func evict(at index: Int, into result: inout PushResult) {
        let message = items[index]
        if index == head {
            head += 1
        } else {
            items.remove(at: index)
        }
        queuedBytes -= message.byteSize
        resolved += 1
        drop(message, into: &result)
        compact()
    }

    private func compact() {
        if head == items.count {
            items.removeAll(keepingCapacity: items.count < 4096)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }

    /// When the consumer is waiting and a message is available: hands it over (call the returned
    /// closure after unlocking).
    private func takeWaiterIfReady() -> (() -> Void)? {
        guard let waiter else { return nil }
        if count > 0, !headInFlight {
            self.waiter = nil
            headInFlight = true
            let message = items[head]
            return { waiter.resume(returning: message) }
        }
        if closed && count == 0 {
            self.waiter = nil
            return { waiter.resume(returning: nil) }
        }
        return nil
    }

    // MARK: Consumer side (the stream task)

    /// The next message to write (it stays queued until `completeHead`), or `nil` once the queue
    /// is closed and drained. Throws `CancellationError` when the task is cancelled.
    func next() async throws -> GRPCQueuedMessage? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<GRPCQueuedMessage?, any Error>) in
                condition.lock()
                if Task.isCancelled {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                precondition(waiter == nil, "GRPCSendQueue has a single consumer")
                waiter = continuation
                let resume = takeWaiterIfReady()
                condition.unlock()
                resume?()
            }
        } onCancel: {
            condition.lock()
            let waiter = self.waiter
            self.waiter = nil
            condition.unlock()
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The message returned by `next` was written to the transport.
    func completeHead() {
        condition.lock()
        if headInFlight, count > 0 {
            let message = items[head]
            head += 1
            headInFlight = false
            queuedBytes -= message.byteSize
            resolved += 1
            stats.sentMessages += 1
            stats.sentBytes += message.byteSize
            if let store = message.announcedStore {
                announcements.removeAll { $0.store == store }
                announcements.append((store, message))
            }
            compact()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The stream ended while a message was being written: it stays at the head, to be written
    /// again on the next connection.
    func abandonInFlight() {
        condition.lock()
        headInFlight = false
        condition.unlock()
    }

    /// The store announcements already written, to replay first on a new connection.
    func writtenAnnouncements() -> [Rerun_SdkComms_V1alpha1_WriteMessagesRequest] {
        condition.lock()
        defer { condition.unlock() }
        return announcements.map(\.message.request)
    }

    /// Total messages written so far.
    var sentMessages: Int {
        condition.lock()
        defer { condition.unlock() }
        return stats.sentMessages
    }

    /// True once `close()` was called and every message was written or dropped.
    var isClosedAndEmpty: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed && count == 0
    }

    /// True once `close()` was called.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Waits (cancellably) up to `duration`, returning early once the queue is closed.
    func sleep(for duration: Duration) async {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !Task.isCancelled, !isClosed {
            try? await Task.sleep(for: min(.milliseconds(10), end - ContinuousClock.now))
        }
    }

    // MARK: Status

    /// Records a connection attempt.
    func noteConnecting(attempt: Int) {
        condition.lock()
        stats.connectionAttempts += 1
        stats.isConnected = false
        link = attempt == 1 ? "connecting" : "reconnecting, attempt \(attempt)"
        condition.unlock()
    }

    /// Records an established stream.
    func noteConnected() {
        condition.lock()
        stats.connections += 1
        stats.isConnected = true
        link = "connected"
        condition.unlock()
    }

    /// Records a failed or lost connection and the retry that follows.
    func noteDisconnected(_ error: String, retry: String) {
        condition.lock()
        stats.isConnected = false
        stats.lastError = error
        link = "disconnected (\(error)); \(retry)"
        condition.unlock()
    }

    /// The sink gave up: drops everything queued (counted) and makes later waits fail with `error`.
    func fail(_ error: RerunError) {
        condition.lock()
        if failure == nil { failure = error }
        stats.isConnected = false
        stats.lastError = error.message
        link = "failed"
        let remaining = items[head...]
        for message in remaining {
            stats.droppedMessages += 1
            stats.droppedBytes += message.byteSize
        }
        resolved += remaining.count
        items.removeAll()
        head = 0
        headInFlight = false
        queuedBytes = 0
        condition.broadcast()
        condition.unlock()
    }

    /// The terminal error, if the sink gave up.
    var terminalError: RerunError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// No more messages will be pushed: the consumer drains what is queued and then gets `nil`.
    func close() {
        condition.lock()
        closed = true
        let resume = takeWaiterIfReady()
        condition.broadcast()
        condition.unlock()
        resume?()
    }

    /// The stream task has ended.
    func markWriterExited() {
        condition.lock()
        writerExited = true
        stats.isConnected = false
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every message admitted so far was written or dropped, or the deadline passes.
    func waitUntilDelivered(deadline: Date) -> DeliveryOutcome {
        condition.lock()
        defer { condition.unlock() }
        let target = admitted
        while resolved < target {
            if let failure { return .failed(failure) }
            if writerExited { return .writerGone(messages: count) }
            if !condition.wait(until: deadline) {
                if resolved >= target { break }
                return .timedOut(messages: count, bytes: queuedBytes, link: link)
            }
        }
        if let failure { return .failed(failure) }
        return .delivered
    }

    /// Waits until the stream task has ended; false on timeout.
    func waitUntilWriterExited(deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !writerExited {
            if !condition.wait(until: deadline) { return writerExited }
        }
        return true
    }

    /// A snapshot of the counters.
    var statistics: GRPCSink.Statistics {
        condition.lock()
        defer { condition.unlock() }
        var snapshot = stats
        snapshot.queuedMessages = count
        snapshot.queuedBytes = queuedBytes
        return snapshot
    }

    /// Messages and bytes still queued.
    var backlog: (messages: Int, bytes: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (count, queuedBytes)
    }
}
