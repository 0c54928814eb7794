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
        let encoded: ProtoLogMsg
        if let proto {
            encoded = proto
        } else {
            do {
                encoded = try RRDEncoder.encode(logMsg: message)
            } catch {
                logger.warning("\(client): cannot re-encode a message of \(id) for replay: \(error)")
                return
            }
        }
        replay.append(.init(storeID: id, message: encoded, bytes: SubscriberQueue.size(of: encoded),
                            isStoreInfo: message.isStoreInfo, isDroppable: isDroppable))
        publish(encoded)
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
    private func publish(_ message: ProtoLogMsg) {
        guard !subscribers.isEmpty else { return }
        var gone = false
        for s in subscribers where !s.push(message) {
            gone = true
            if case .dropped(let reason) = s.ending {
                logger.warning("\(s.name): ReadMessages subscriber dropped: \(reason)")
            }
        }
        if gone { subscribers.removeAll { $0.ending != .open } }
    }

    /// Registers a `ReadMessages` subscriber: returns the replay and the queue live messages go to.
    func subscribe(name: String) -> (replay: [ProtoLogMsg], queue: SubscriberQueue) {
        let queue = SubscriberQueue(name: name, limit: configuration.subscriberBufferLimit)
        subscribers.removeAll { $0.ending != .open }
        subscribers.append(queue)
        return (replay.replay(), queue)
    }

    /// Drops the oldest temporal data of every store, in proportion to its size, until the total
    /// is at most 90 % of the memory limit.
    private func enforceMemoryLimit() {
        guard let limit = configuration.memoryLimit, accountedBytes > limit else { return }
        let target = limit - limit / 10
        let total = accountedBytes
        var removed = 0
        for id in Array(entries.keys) {
            let bytes = entries[id]!.store.totalBytes
            guard bytes > 0 else { continue }
            let storeTarget = Int(Double(bytes) * Double(target) / Double(total))
            let events = entries[id]!.store.gc(targetBytes: storeTarget)
            guard !events.isEmpty else { continue }
            removed += events.count
            collected += events.count
            accountedBytes += entries[id]!.store.totalBytes - bytes
            entries[id]!.generation += 1
            post(.storeChanged(id, generation: entries[id]!.generation))
        }
        if accountedBytes > limit, !overLimitLogged {
            overLimitLogged = true
            logger.warning("memory limit \(limit) bytes exceeded by data that cannot be dropped (static data): \(accountedBytes) bytes held")
        }
        logger.debug("memory limit: dropped \(removed) chunks, \(accountedBytes) bytes held")
    }
}

extension LogMsg {
    var isStoreInfo: Bool {
        if case .setStoreInfo = self { return true }
        return false
    }
}
