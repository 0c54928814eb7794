import RerunModel
import Synchronization

/// One `RecordingHub.changes()` subscriber: changes are merged while the subscriber is busy
/// (one pending `recordingsChanged`, and the newest generation per store), so a slow consumer
/// never blocks the hub and its backlog is bounded by the number of stores.
final class ChangeFeed: Sendable {
    private struct State {
        var recordingsChanged = false
        var stores: [StoreID: UInt64] = [:]
        var order: [StoreID] = []
        var finished = false
        var reader: CheckedContinuation<HubChange?, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Whether the subscriber has gone away.
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Records a change, waking the subscriber if it waits.
    func post(_ change: HubChange) {
        let reader: CheckedContinuation<HubChange?, Never>? = state.withLock { s in
            guard !s.finished else { return nil }
            if let reader = s.reader {
                s.reader = nil
                return reader
            }
            switch change {
            case .recordingsChanged: s.recordingsChanged = true
            case .storeChanged(let id, let generation):
                if s.stores.updateValue(generation, forKey: id) == nil { s.order.append(id) }
            }
            return nil
        }
        reader?.resume(returning: change)
    }

    /// Ends the feed; a waiting subscriber gets `nil`.
    func finish() {
        let reader = state.withLock { s in
            s.finished = true
            defer { s.reader = nil }
            return s.reader
        }
        reader?.resume(returning: nil)
    }

    /// The next change (recordings first, then stores in the order they changed), waiting for
    /// one; `nil` when finished or cancelled.
    func next() async -> HubChange? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HubChange?, Never>) in
                let result: HubChange?? = state.withLock { s in
                    if s.recordingsChanged {
                        s.recordingsChanged = false
                        return .some(.recordingsChanged)
                    }
                    if !s.order.isEmpty {
                        let id = s.order.removeFirst()
                        let generation = s.stores.removeValue(forKey: id) ?? 0
                        return .some(.storeChanged(id, generation: generation))
                    }
                    if s.finished || Task.isCancelled { return .some(nil) }
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
}
