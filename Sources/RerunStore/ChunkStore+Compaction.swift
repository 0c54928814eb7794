import RerunChunk
import RerunModel

extension ChunkStore {
    /// Leveled compaction: small inserted chunks join level 0 of their entity (see `add`); when a
    /// level holds `compactionFanout` chunks, runs of consecutive concatenable chunks are merged
    /// within the limits and the results that still have room move up a level.
    ///
    /// Each row is therefore copied about log_fanout(limit / chunk size) times (at most 3 with
    /// the defaults), instead of once per insert as appending to a growing tail chunk would do.
    mutating func compactLevels(of entity: EntityPath) throws(StoreError) -> [StoreEvent] {
        var events: [StoreEvent] = []
        var incoming: [ChunkID] = []
        var level = 0
        repeat {
            var queue: [ChunkID] = entities[entity]?.compactionLevels.dropFirst(level).first ?? []
            queue += incoming
            incoming = []
            if queue.count >= config.compactionFanout {
                // `mergeableGroups` skips chunks no longer stored.
                let live = queue
                queue = []
                for group in mergeableGroups(live) where group.count > 1 {
                    let merged = try merge(group, events: &events)
                    if config.isSmall(rows: merged.rowCount * 2, bytes: merged.logicalBytes * 2) {
                        incoming.append(merged.id)
                    }
                }
            }
            entities[entity, default: EntityData()].setCompactionLevel(level, queue)
            level += 1
        } while !incoming.isEmpty
        return events
    }

    /// Merges the small chunks waiting at level 0 of a slow entity (one whose previous small
    /// chunk arrived `config.idleInserts` or more inserts ago). A slow entity thus keeps one
    /// growing tail chunk instead of up to `compactionFanout` separate ones; the merged chunk
    /// stays at level 0 while it is small. Each merge copies at most `maxRows / 8` rows and
    /// happens at most once per `idleInserts` store inserts per entity, so the copying per
    /// insert stays bounded.
    mutating func compactLevelZero(of entity: EntityPath) throws(StoreError) -> [StoreEvent] {
        var events: [StoreEvent] = []
        let live = (entities[entity]?.compactionLevels.first ?? []).filter { chunks[$0] != nil }
        var kept: [ChunkID] = []
        for group in mergeableGroups(live) {
            let result = group.count > 1 ? try merge(group, events: &events) : group[0]
            if config.isSmall(rows: result.rowCount * 2, bytes: result.logicalBytes * 2) { kept.append(result.id) }
        }
        entities[entity, default: EntityData()].setCompactionLevel(0, kept)
        return events
    }

    /// The common case of `compactLevelZero` without storing `chunk` first: a slow entity's
    /// level 0 holds one tail chunk and `chunk` (small, just inserted) extends it, keeping every
    /// timeline sorted and the limits. Returns the events, or `nil` (nothing done) when that
    /// case does not apply. Saves indexing and unindexing `chunk` (measured on W4l: the 90 k
    /// tail merges cost 17 µs each that way), and when the tail is packed (`TailStorage`) the
    /// new rows are appended in place instead of copying the tail again.
    ///
    /// `tailID` is the one chunk at level 0, `chunk` is sorted on every timeline and has at most
    /// `bytes` logical bytes.
    mutating func appendToSlowTail(_ chunk: Chunk, tailID: ChunkID, bytes: Int) throws(StoreError) -> [StoreEvent]? {
        let path = chunk.entityPath
        // Taken out of the table at once (one lookup instead of two); put back if nothing is done.
        guard let tail = chunks.removeValue(forKey: tailID) else { return nil }
        guard tail.isSortedOnAllTimelines,
              tail.rowCount + chunk.rowCount <= config.maxRows,
              tail.chunk.hasSameColumns(as: chunk),
              tail.staysSorted(appending: chunk),
              config.isSmall(rows: chunk.rowCount, bytes: bytes), tail.logicalBytes + bytes <= config.maxBytes else {
            chunks[tailID] = tail
            return nil
        }
        let mergedID = ChunkID.next()
        var stored: StoredChunk
        let keepRows = max(1, config.maxRows / 8)
        if let storage = tail.storage,
           let appended = storage.appending(chunk, to: tail.chunk, id: mergedID, maxRows: keepRows) {
            stored = tail.extended(by: chunk, as: appended)
        } else {
            // Throws (checking) when the two are not concatenable: the general path then keeps
            // them apart, as `mergeableGroups` would.
            guard let merged = try? Chunk.concatenate([tail.chunk, chunk], id: mergedID) else {
                chunks[tailID] = tail
                return nil
            }
            do {
                stored = try StoredChunk.make(merged, packMaxBytes: config.packMaxBytes)
            } catch {
                chunks[tailID] = tail
                throw error
            }
        }
        let keep = config.isSmall(rows: stored.rowCount * 2, bytes: stored.logicalBytes * 2)
        if !keep, let storage = stored.storage, storage.allocatedBytes > storage.usedBytes * 5 / 4 + 64,
           let exact = TailStorage.pack(stored.chunk, maxBytes: .max) {
            // A final chunk: give back the room for growth.
            stored = StoredChunk(exact.chunk, timelines: stored.timelines.enumerated().map { i, timeline in
                ChunkTimeline(column: exact.chunk.timeColumns[i], order: timeline.order, range: timeline.range)
            }, minRowID: stored.minRowID, group: nil, ownedBytes: exact.storage.allocatedBytes, storage: exact.storage,
               overheadBytes: stored.overheadBytes)
        }
        forget(tail)
        chunks[stored.id] = stored
        account(stored)
        overheadBytes += entities[path]?.replaceTail(tail, with: stored, inserted: chunk, at: insertCount, keep: keep) ?? 0
        return [
            .added(chunk, cause: .inserted),
            .removed(tail.chunk, cause: .compacted(into: mergedID)),
            .removed(chunk, cause: .compacted(into: mergedID)),
            .added(stored.chunk, cause: .compaction(of: [tail.id, chunk.id])),
        ]
    }

    /// Merges every entity's small chunks that are still waiting for a full compaction level
    /// (within the limits), and returns the events. Cheap when nothing waits.
    ///
    /// Leveled compaction only merges when `compactionFanout` chunks have accumulated, so an
    /// entity that received just a few small chunks keeps them apart. Call this when ingest is
    /// idle or after loading a file (10 k entities × 10 single-row chunks: 100 k chunks → 10 k).
    public mutating func compactPendingChunks() throws(StoreError) -> [StoreEvent] {
        guard config.enableCompaction else { return [] }
        var events: [StoreEvent] = []
        let waiting = entities.compactMap { path, data in data.compactionLevels.contains { $0.count > 1 } ? path : nil }
        for path in waiting {
            let queued = entities[path]?.compactionLevels.flatMap { $0 } ?? []
            let live = queued.compactMap { chunks[$0] }.sorted { ($0.minRowID, $0.id) < ($1.minRowID, $1.id) }
            var kept: [ChunkID] = []
            for group in mergeableGroups(live.map(\.id)) {
                let result = group.count > 1 ? try merge(group, events: &events) : group[0]
                if config.isSmall(rows: result.rowCount * 2, bytes: result.logicalBytes * 2) { kept.append(result.id) }
            }
            entities[path, default: EntityData()].compactionLevels = [[], kept]
        }
        return events
    }

    /// Splits `ids` (in insertion order) into runs of consecutive chunks that can be
    /// concatenated into one chunk within the limits.
    private func mergeableGroups(_ ids: [ChunkID]) -> [[StoredChunk]] {
        var groups: [[StoredChunk]] = []
        var group: [StoredChunk] = []
        var rows = 0, bytes = 0, sorted = true
        for id in ids {
            guard let next = chunks[id] else { continue }
            if let first = group.first, let last = group.last, first.chunk.entityPath == next.chunk.entityPath,
               first.chunk.hasSameColumns(as: next.chunk) {
                let stillSorted = sorted && next.isSortedOnAllTimelines && last.staysSorted(appending: next.chunk)
                let maxRows = stillSorted ? config.maxRows : config.maxRowsIfUnsorted
                if rows + next.rowCount <= maxRows && bytes + next.logicalBytes <= config.maxBytes {
                    group.append(next)
                    rows += next.rowCount
                    bytes += next.logicalBytes
                    sorted = stillSorted
                    continue
                }
            }
            if !group.isEmpty { groups.append(group) }
            group = [next]
            rows = next.rowCount
            bytes = next.logicalBytes
            sorted = next.isSortedOnAllTimelines
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }

    /// Replaces `group` by the concatenation of its rows. Answers do not change (the rows stay
    /// in the store), so nothing is recorded for caches.
    private mutating func merge(_ group: [StoredChunk], events: inout [StoreEvent]) throws(StoreError) -> StoredChunk {
        let id = ChunkID.next()
        var sorted = group[0].isSortedOnAllTimelines
        for i in group.indices.dropFirst() where sorted {
            sorted = group[i].isSortedOnAllTimelines && group[i - 1].staysSorted(appending: group[i].chunk)
        }
        let stored: StoredChunk
        if sorted, let packed = TailStorage.concatenate(group.map(\.chunk), id: id, maxBytes: config.packMaxBytes, sortedTimes: true) {
            // Copied once, straight into store-owned memory.
            stored = StoredChunk(packed.chunk, ownedBytes: packed.storage.allocatedBytes, storage: packed.storage,
                                 sorted: SortedTimelines(allOf: packed.chunk))
        } else {
            var merged: Chunk
            do {
                merged = try Chunk.concatenate(group.map(\.chunk), id: id)
                if !sorted && !merged.timeColumns.contains(where: { ChunkTimeline.isSorted($0, merged) }) {
                    merged = try merged.sorted(by: merged.timeColumns[0].timeline.name)
                }
            } catch {
                throw StoreError("cannot compact \(group.count) chunks of \(group[0].chunk.entityPath): \(error)")
            }
            // A sorted group stays sorted on every timeline: no need to check again.
            stored = try StoredChunk.make(merged, packMaxBytes: config.packMaxBytes,
                                          sorted: sorted ? SortedTimelines(allOf: merged) : nil)
        }
        let merged = stored.chunk
        for stored in group {
            chunks[stored.id] = nil
            forget(stored)
            events.append(.removed(stored.chunk, cause: .compacted(into: merged.id)))
        }
        entities[group[0].chunk.entityPath, default: EntityData()].unindex(group, logged: false)
        add(stored, logged: false)
        events.append(.added(merged, cause: .compaction(of: group.map(\.id))))
        return stored
    }
}

extension EntityData {
    /// Bookkeeping of `appendToSlowTail`: `merged` (the tail's rows plus `inserted`'s) replaces
    /// `tail` in the indexes and statistics, and becomes the new tail (see `appendToTail`).
    /// Returns by how many bytes the log grew.
    mutating func replaceTail(_ tail: StoredChunk, with merged: StoredChunk, inserted: Chunk, at now: Int, keep: Bool) -> Int {
        statistics.replace(tail, with: merged)
        var hint = 0
        for (i, column) in merged.chunk.components.enumerated() {
            for timeline in merged.timelines {
                guard let range = merged.cellTimeRange(column: i, timeline: timeline) else { continue }
                hint = temporal.replace(tail.id, with: IndexEntry(minTime: range.lowerBound, maxTime: range.upperBound, chunkID: merged.id),
                                        timeline: timeline.column.timeline.name, component: column.descriptor.component, hint: hint) + 1
            }
        }
        // Components the tail had that the merged chunk does not index (none when both hold
        // cells of every column, the case of packed tails).
        if merged.chunk.components.count != tail.chunk.components.count || merged.cellCounts.contains(0) {
            unindexLeftovers(of: tail)
        }
        return appendToTail(merged, replacing: inserted, at: now, keep: keep)
    }

    /// Removes any index entry of `stored` still present.
    private mutating func unindexLeftovers(of stored: StoredChunk) {
        temporal.remove([stored.id], timelines: Set(stored.timelines.map(\.column.timeline.name)),
                        components: Set(stored.chunk.components.map(\.descriptor.component)))
    }

    /// Bookkeeping of `appendToSlowTail`: `merged` is the new tail (kept at level 0 if `keep`),
    /// and the insertion of `inserted`'s rows is logged. Returns by how many bytes the log grew.
    mutating func appendToTail(_ merged: StoredChunk, replacing inserted: Chunk, at now: Int, keep: Bool) -> Int {
        if keep, compactionLevels.first?.count == 1 {
            compactionLevels[0][0] = merged.id  // in place: no new array per append
        } else {
            setCompactionLevel(0, keep ? [merged.id] : [])
        }
        lastQueuedAt = now
        let before = log.byteCount
        log.appendInsertion(of: inserted)
        return log.byteCount - before
    }

    mutating func setCompactionLevel(_ level: Int, _ ids: [ChunkID]) {
        while compactionLevels.count <= level { compactionLevels.append([]) }
        compactionLevels[level] = ids
    }
}

extension Chunk {
    /// Whether `other` has the same timelines (name, kind, type) and component columns
    /// (descriptor, type) in the same order (the entity is not compared).
    func hasSameColumns(as other: Chunk) -> Bool {
        guard timeColumns.count == other.timeColumns.count, components.count == other.components.count else { return false }
        for i in timeColumns.indices {
            guard timeColumns[i].timeline == other.timeColumns[i].timeline,
                  timeColumns[i].data.type == other.timeColumns[i].data.type else { return false }
        }
        for i in components.indices {
            guard components[i].descriptor == other.components[i].descriptor,
                  components[i].data.type == other.components[i].data.type else { return false }
        }
        return true
    }
}

extension StoredChunk {
    /// This tail extended by `chunk`'s rows, which keep every timeline sorted, as `appended`
    /// (`TailStorage.appending`) holds them: timelines and smallest row id follow from this
    /// chunk's without scanning the rows again.
    func extended(by chunk: Chunk, as appended: (storage: TailStorage, chunk: Chunk)) -> StoredChunk {
        var timelines: [ChunkTimeline] = []
        timelines.reserveCapacity(self.timelines.count)
        let last = chunk.rowCount - 1
        for (i, column) in appended.chunk.timeColumns.enumerated() {
            let range = self.timelines[i].range
            let end = max(range.upperBound, chunk.timeColumns[i].time(at: last))
            timelines.append(ChunkTimeline(column: column, order: nil, range: range.lowerBound...end))
        }
        let minRowID = Swift.min(self.minRowID, chunk.minRowID)
        // The same columns, arrays and timelines (no permutations), so the same bookkeeping.
        return StoredChunk(appended.chunk, timelines: timelines, minRowID: minRowID, group: nil,
                           ownedBytes: appended.storage.allocatedBytes, storage: appended.storage,
                           overheadBytes: overheadBytes)
    }

    /// Whether the rows are in (time, row id) order on every timeline.
    var isSortedOnAllTimelines: Bool { timelines.allSatisfy(\.isSorted) }

    /// Whether this chunk's rows followed by `next`'s are sorted by (time, row id) on every timeline.
    func staysSorted(appending next: Chunk) -> Bool {
        guard rowCount > 0, next.rowCount > 0 else { return true }
        for column in next.timeColumns.indices {
            let name = next.timeColumns[column].timeline.name
            // Usually the same timelines in the same order.
            let mine = column < timelines.count && timelines[column].column.timeline.name == name
                ? column : timelines.firstIndex { $0.column.timeline.name == name }
            guard let mine, timelines[mine].order == nil else { return false }
            // Sorted: the last row's time is the largest (no need to read the time column).
            let last = timelines[mine].range.upperBound
            let first = next.timeColumns[column].time(at: 0)
            if first < last { return false }
            // Row ids are read only on a tie.
            if first == last && next.rowID(at: 0) < chunk.rowID(at: rowCount - 1) { return false }
        }
        return true
    }
}
