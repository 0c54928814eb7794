import Logging
import RerunChunk
import RerunModel
import RerunRRD
import RerunStore

extension RecordingHub {
    /// Accepts one message; `proto` is the message as received (kept for replay), or `nil` to
    /// encode it here (messages loaded from files).
    func ingest(_ message: LogMsg, proto: ProtoLogMsg?, from client: String) {
        let id = message.storeID
        var isDroppable = false
        switch message {
        case .setStoreInfo(let info):
            let isNew = entries[id] == nil
            ensureEntry(id)
            entries[id]!.info = info
            if isNew { logger.info("\(client): new \(id)") }
            post(.recordingsChanged)
        case .blueprintActivation:
            if entries[id] == nil {
                ensureEntry(id)
                post(.recordingsChanged)
            }
        case .arrow(let arrow):
            let isNew = entries[id] == nil
            guard insert(arrow.chunk, into: id, from: client) else {
                rejected += 1
                return
            }
            if isNew { post(.recordingsChanged) }
            isDroppable = !arrow.chunk.isStatic
        }
        accepted += 1
        saver?.write(message)
        let kept: ReplayMessage = proto.map { .encoded($0) } ?? .decoded(message)
        replay.append(.init(storeID: id, message: kept, bytes: kept.bytes,
                            isStoreInfo: message.isStoreInfo, isDroppable: isDroppable))
        publish(kept, from: client)
    }

    /// Counts a message a client sent that could not be decoded (logged by the caller).
    func noteUndecodable() {
        rejected += 1
    }

    /// Inserts a chunk; logs and returns `false` if the store rejects it.
    private func insert(_ chunk: Chunk, into id: StoreID, from client: String) -> Bool {
        let before = entries[id]?.store.totalBytes ?? 0
        let events: [StoreEvent]
        do {
            ensureEntry(id)
            events = try entries[id]!.store.insert(chunk)
        } catch {
            logger.warning("\(client): chunk \(chunk.id.hexString) of \(id) (\(chunk.entityPath)) rejected: \(error)")
            return false
        }
        accountedBytes += entries[id]!.store.totalBytes - before
        if !events.isEmpty {
            entries[id]!.generation += 1
            if chunk.isStatic, chunk.entityPath == RecordingProperties.entity {
                var name = entries[id]!.name, started = entries[id]!.startedNanos
                RecordingProperties.read(chunk, name: &name, started: &started)
                entries[id]!.name = name
                entries[id]!.startedNanos = started
                post(.recordingsChanged)
            }
            post(.storeChanged(id, generation: entries[id]!.generation))
        }
        enforceMemoryLimit()
        return true
    }

    /// Creates the entry of `id` if it is new.
    private func ensureEntry(_ id: StoreID) {
        guard entries[id] == nil else { return }
        arrivals += 1
        entries[id] = Entry(store: ChunkStore(storeID: id, config: configuration.storeConfig), arrival: arrivals)
    }

    /// Sends a message to every live subscriber, dropping those that cannot keep up.
    private func publish(_ message: ReplayMessage, from client: String) {
        guard !subscribers.isEmpty else { return }
        let proto: ProtoLogMsg
        do {
            proto = try message.proto()
        } catch {
            logger.warning("\(client): cannot encode a message for ReadMessages readers: \(error)")
            return
        }
        var gone = false
        for s in subscribers where !s.push(proto) {
            gone = true
            if case .dropped(let reason) = s.ending {
                logger.warning("\(s.name): ReadMessages subscriber dropped: \(reason)")
            }
        }
        if gone { subscribers.removeAll { $0.ending != .open } }
    }

    /// Registers a `ReadMessages` subscriber: returns the replay and the queue live messages go to.
    func subscribe(name: String) -> (replay: [ReplayMessage], queue: SubscriberQueue) {
        let queue = SubscriberQueue(name: name, limit: configuration.subscriberBufferLimit)
        subscribers.removeAll { $0.ending != .open }
        subscribers.append(queue)
        return (replay.replay(), queue)
    }

    /// Drops the oldest temporal data of every store, in proportion to its size, until the total
    /// is at most 90 % of the memory limit; if static data keeps a store above its share, a
    /// second pass takes the rest from the other stores, largest first. When even that cannot
    /// get under the limit (too much static data), the next attempt waits until another 5 % of
    /// the limit has arrived, so GC does not run on every message.
    private func enforceMemoryLimit() {
        guard let limit = configuration.memoryLimit, accountedBytes > max(limit, gcFloor) else { return }
        let target = limit - limit / 10
        let total = accountedBytes
        var removed = 0
        for id in Array(entries.keys) {
            let bytes = entries[id]!.store.totalBytes
            guard bytes > 0 else { continue }
            removed += collect(id, to: Int(Double(bytes) * Double(target) / Double(total)))
        }
        if accountedBytes > target {
            for id in entries.keys.sorted(by: { entries[$0]!.store.totalBytes > entries[$1]!.store.totalBytes }) {
                let excess = accountedBytes - target
                guard excess > 0 else { break }
                removed += collect(id, to: max(0, entries[id]!.store.totalBytes - excess))
            }
        }
        gcFloor = accountedBytes > limit ? accountedBytes + limit / 20 : 0
        if accountedBytes > limit, !overLimitLogged {
            overLimitLogged = true
            logger.warning("memory limit \(limit) bytes exceeded by data that cannot be dropped (static data): \(accountedBytes) bytes held")
        }
        logger.debug("memory limit: dropped \(removed) chunks, \(accountedBytes) bytes held")
    }

    /// Garbage-collects one store down to `target` bytes; returns the number of chunks dropped.
    private func collect(_ id: StoreID, to target: Int) -> Int {
        let before = entries[id]!.store.totalBytes
        let events = entries[id]!.store.gc(targetBytes: target)
        guard !events.isEmpty else { return 0 }
        accountedBytes += entries[id]!.store.totalBytes - before
        collected += events.count
        entries[id]!.generation += 1
        post(.storeChanged(id, generation: entries[id]!.generation))
        return events.count
    }
}

extension LogMsg {
    var isStoreInfo: Bool {
        if case .setStoreInfo = self { return true }
        return false
    }
}
