import RerunModel

extension ChunkStore {
    /// Drops temporal chunks, oldest first, until `totalBytes <= targetBytes` (or nothing
    /// droppable is left), and returns their removal events.
    ///
    /// - "Oldest" is insertion order: chunks go in order of their smallest row id (row ids are
    ///   time-based TUIDs made at log time), as Rerun's GC does.
    /// - Static chunks are never dropped.
    /// - With `protectLatest` = N > 0, for every (entity, timeline, component) the chunks holding
    ///   the N newest cells by (time, row id) are kept.
    /// - A chunk that shares buffers with chunks that stay (pieces of one split chunk) frees no
    ///   buffer bytes until its last sibling goes; accounting reflects that exactly.
    public mutating func gc(targetBytes: Int, protectLatest: Int = 0) -> [StoreEvent] {
        guard totalBytes > targetBytes else { return [] }
        let protected = protectLatest > 0 ? protectedChunks(newest: protectLatest) : []
        var candidates = chunks.values.filter { !$0.isStatic && !protected.contains($0.id) }
        candidates.sort { ($0.minRowID, $0.id) < ($1.minRowID, $1.id) }
        var removed: [EntityPath: [StoredChunk]] = [:]
        var events: [StoreEvent] = []
        // Each entity touched gets one removal record in its modification log afterwards.
        let record = ModificationLog.appendBytes(timelines: timelines.count)
        for stored in candidates {
            if totalBytes + removed.count * record <= targetBytes { break }
            chunks[stored.id] = nil
            forget(stored)
            removed[stored.chunk.entityPath, default: []].append(stored)
            events.append(.removed(stored.chunk, cause: .garbageCollected))
        }
        for (path, list) in removed where entities[path] != nil {
            overheadBytes += entities[path, default: EntityData()].unindex(list, logged: true)
        }
        return events
    }

    /// For every (entity, timeline, component), the chunks that hold its `n` newest cells.
    func protectedChunks(newest n: Int) -> Set<ChunkID> {
        var result = Set<ChunkID>()
        for (_, data) in entities {
            for entry in data.temporal.entries {
                result.formUnion(newestChunks(entry.index, timeline: entry.timeline, component: entry.component, n: n))
            }
        }
        return result
    }

    private func newestChunks(_ index: ComponentTimeIndex, timeline: String, component: String, n: Int) -> [ChunkID] {
        // The n largest (time, row id) keys seen so far, ascending.
        var top: [(key: RowKey, chunk: ChunkID)] = []
        let order = index.entries.indices.sorted { index.entries[$0].maxTime > index.entries[$1].maxTime }
        for i in order {
            let entry = index.entries[i]
            if top.count == n, entry.maxTime < top[0].key.time { break }
            guard let stored = chunks[entry.chunkID], let column = stored.column(component),
                  let tl = stored.timeline(timeline) else { continue }
            var position = tl.count - 1
            while position >= 0 {
                let row = tl.row(at: position)
                position -= 1
                guard stored.hasCell(column: column, row: row) else { continue }
                let key = RowKey(time: tl.column.time(at: row), rowID: stored.chunk.rowID(at: row))
                if top.count == n {
                    if key < top[0].key { break }
                    top.removeFirst()
                }
                let at = top.firstIndex { key < $0.key } ?? top.count
                top.insert((key, entry.chunkID), at: at)
            }
        }
        return top.map(\.chunk)
    }
}

extension StoreModification {
    /// One record for removing several chunks of one entity: the union of their ranges.
    static func removal(of chunks: [StoredChunk]) -> StoreModification {
        var ranges: [String: ClosedRange<TimeInt>] = [:]
        var isStatic = false
        var clear = false
        for stored in chunks {
            isStatic = isStatic || stored.isStatic
            clear = clear || (stored.column(ChunkStore.clearComponent).map { stored.cellCounts[$0] > 0 } ?? false)
            for timeline in stored.timelines {
                let r = ChunkStore.timeRange(timeline.range)
                let name = timeline.column.timeline.name
                ranges[name] = ranges[name].map { min($0.lowerBound, r.lowerBound)...max($0.upperBound, r.upperBound) } ?? r
            }
        }
        return StoreModification(stamp: StoreStamp.next(), isStatic: isStatic, touchesClear: clear,
                                 ranges: ranges.map { ($0.key, $0.value) })
    }
}
