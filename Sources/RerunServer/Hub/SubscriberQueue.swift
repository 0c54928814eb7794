import RerunRRD
import Synchronization

/// The live-message queue of one `ReadMessages` subscriber: the hub pushes (never waits), the
/// subscriber's RPC pops. Bounded in bytes: a push that would exceed the limit drops the
/// subscriber (its queue is emptied at once, so memory is freed even if its RPC is stuck).
final class SubscriberQueue: Sendable {
    /// Why the queue ended.
    enum Ending: Sendable, Equatable {
        /// Still open.
        case open
        /// Closed normally (the hub shut down or the subscriber left).
        case closed
        /// Dropped because the subscriber did not keep up.
        case dropped(String)
    }

    private struct State {
        var items: [ProtoLogMsg] = []
        var head = 0
        var bytes = 0
        var ending = Ending.open
        var reader: CheckedContinuation<ProtoLogMsg?, Never>?
        var endWatcher: CheckedContinuation<Void, Never>?
    }

    /// A name for log lines.
    let name: String
    /// The most bytes queued before the subscriber is dropped.
    let limit: Int
    private let state = Mutex(State())

    init(name: String, limit: Int) {
        self.name = name
        self.limit = limit
    }

    /// How the queue ended, or `.open`.
    var ending: Ending { state.withLock { $0.ending } }

    /// Queues a message. Returns `false` if the subscriber is gone or was dropped now because its
    /// queue would exceed the limit.
    func push(_ message: ProtoLogMsg) -> Bool {
        let bytes = Self.size(of: message)
        let (reader, watcher, accepted): (CheckedContinuation<ProtoLogMsg?, Never>?, CheckedContinuation<Void, Never>?, Bool) = state.withLock { s in
            guard s.ending == .open else { return (nil, nil, false) }
            if let reader = s.reader {
                s.reader = nil
                return (reader, nil, true)
            }
            if s.bytes + bytes > limit, s.items.count > s.head {
                s.ending = .dropped("its queue exceeded \(limit) bytes (\(s.items.count - s.head) messages, \(s.bytes) bytes unread)")
                s.items = []
                s.head = 0
                s.bytes = 0
                let watcher = s.endWatcher
                s.endWatcher = nil
                return (nil, watcher, false)
            }
            s.items.append(message)
            s.bytes += bytes
            return (nil, nil, true)
        }
        reader?.resume(returning: message)
        watcher?.resume()
        return accepted
    }

    /// Ends the queue normally; a waiting reader gets `nil` once the queue is drained.
    func close() {
        let (reader, watcher) = state.withLock { s -> (CheckedContinuation<ProtoLogMsg?, Never>?, CheckedContinuation<Void, Never>?) in
            if s.ending == .open { s.ending = .closed }
            defer { s.reader = nil; s.endWatcher = nil }
            return (s.items.count > s.head ? nil : s.reader, s.endWatcher)
        }
        reader?.resume(returning: nil)
        watcher?.resume()
    }

    /// The next message, waiting for one; `nil` when the queue ended or the task is cancelled.
    func next() async -> ProtoLogMsg? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProtoLogMsg?, Never>) in
                let result: ProtoLogMsg?? = state.withLock { s in
                    if s.head < s.items.count {
                        let item = s.items[s.head]
                        s.items[s.head] = ProtoLogMsg()
                        s.head += 1
                        s.bytes -= Self.size(of: item)
                        if s.head == s.items.count || s.head > 1024 && s.head * 2 > s.items.count {
                            s.items.removeFirst(s.head)
                            s.head = 0
                        }
                        return .some(item)
                    }
                    if s.ending != .open || Task.isCancelled { return .some(nil) }
                    s.reader = continuation
                    return nil
                }
                if let result { continuation.resume(returning: result) }
            }
        } onCancel: {
            let reader = state.withLock { s in
                defer { s.reader = nil }
                return s.reader
            }
            reader?.resume(returning: nil)
        }
    }

    /// Returns when the queue ends (closed or dropped) or the task is cancelled.
    func waitForEnd() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { s in
                    if s.ending != .open || Task.isCancelled { return true }
                    s.endWatcher = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            let watcher = state.withLock { s in
                defer { s.endWatcher = nil }
                return s.endWatcher
            }
            watcher?.resume()
        }
    }

    /// The bytes a queued message is accounted with: the Arrow payload plus a fixed overhead.
    static func size(of message: ProtoLogMsg) -> Int {
        if case .arrowMsg(let arrow) = message.msg { return arrow.payload.count + 128 }
        return 256
    }
}
