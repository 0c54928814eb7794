import Foundation
import RerunModel
import RerunRRD
import Synchronization

/// The background thread that periodically moves batched rows to the sink.
final class FlushLoop: @unchecked Sendable {
    // Safety (Sendable): `stopped` and `requested` are only accessed under `condition`.
    private let condition = NSCondition()
    private var stopped = false
    private var requested = false
    private let done = DispatchSemaphore(value: 0)
    private let sendLock = Mutex<(any Error)?>(nil)
    let batcher: ChunkBatcher
    let sink: any LogSink
    let storeID: StoreID

    init(batcher: ChunkBatcher, sink: any LogSink, storeID: StoreID) {
        self.batcher = batcher
        self.sink = sink
        self.storeID = storeID
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "rerun-batcher"
        thread.start()
    }

    private func run() {
        let tick = max(batcher.config.flushTick, 0.001)
        condition.lock()
        while !stopped {
            if !requested { _ = condition.wait(until: Date(timeIntervalSinceNow: tick)) }
            // Woken by a size threshold: send what it sealed; on the tick: everything pending.
            let byThreshold = requested
            requested = false
            condition.unlock()
            do {
                try drainAndSend(sealedOnly: byThreshold)
            } catch {
                FileHandle.standardError.write(Data("[rerun] warning: could not send chunks of \(storeID): \(error)\n".utf8))
            }
            condition.lock()
        }
        condition.unlock()
        done.signal()
    }

    /// Asks the thread to flush now (a size threshold was reached).
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Moves every pending row to the sink, in order. Safe to call from any thread.
    /// A send error is remembered and rethrown by the next `drainAndSend` caller that asks.
    func drainAndSend(sealedOnly: Bool = false) throws {
        try sendLock.withLock { firstError throws in
            let chunks = try batcher.drain(sealedOnly: sealedOnly)
            guard !chunks.isEmpty else { return }
            do {
                try sink.send(chunks.map { .arrow(ArrowMessage(storeID: storeID, chunk: $0)) })
            } catch {
                if firstError == nil { firstError = error }
                throw error
            }
        }
    }

    /// Sends messages that bypass the batcher, ordered with the batched ones.
    func sendDirect(_ messages: [LogMsg]) throws {
        try sendLock.withLock { _ throws in try sink.send(messages) }
    }

    /// Stops the thread after a last flush; waits for it.
    func stop() {
        condition.lock()
        let wasRunning = !stopped
        stopped = true
        condition.signal()
        condition.unlock()
        if wasRunning { done.wait() }
    }
}
