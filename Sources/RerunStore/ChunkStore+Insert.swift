public import RerunChunk
import RerunModel

extension ChunkStore {
    /// The component identifier of `Clear:is_recursive`, the one component of `Clear`.
    public static let clearComponent = "Clear:is_recursive"

    /// Inserts a chunk and returns what changed.
    ///
    /// A chunk whose id was inserted before, and a chunk without rows, change nothing and
    /// return no events. Throws if the chunk uses a timeline name with another kind than the
    /// store has seen, or cannot be sorted.
    public mutating func insert(_ chunk: Chunk) throws(StoreError) -> [StoreEvent] {
        guard chunk.rowCount > 0, !seenChunkIDs.contains(chunk.id) else { return [] }
        for column in chunk.timeColumns {
            if let known = timelines[column.timeline.name], known.kind != column.timeline.kind {
                throw StoreError("chunk \(chunk.id.hexString) (\(chunk.entityPath)): timeline '\(column.timeline.name)' is \(column.timeline.kind) but the store has it as \(known.kind)")
            }
        }
        let events: [StoreEvent]
        if chunk.isStatic {
            events = insertStatic(chunk)
        } else {
            events = try insertTemporal(chunk)
        }
        seenChunkIDs.insert(chunk.id)
        overheadBytes += StoreOverhead.chunkID
        for column in chunk.timeColumns where timelines[column.timeline.name] == nil {
            timelines[column.timeline.name] = column.timeline
        }
        return events
    }

    // MARK: Temporal

    private mutating func insertTemporal(_ input: Chunk) throws(StoreError) -> [StoreEvent] {
        var chunk = input
        if !chunk.timeColumns.contains(where: { ChunkTimeline.isSorted($0, chunk) }) {
            do {
                chunk = try chunk.sorted(by: chunk.timeColumns[0].timeline.name)
            } catch {
                throw StoreError("cannot sort chunk \(chunk.id.hexString) (\(chunk.entityPath)): \(error)")
            }
        }
        let pieces = config.enableSplitting ? split(chunk) : [chunk]
        if pieces.count == 1, config.enableCompaction, let candidate = compactionCandidate(for: chunk) {
            return try compact(candidate, with: chunk)
        }
        var events: [StoreEvent] = []
        for piece in pieces {
            let stored = StoredChunk(piece)
            add(stored)
            events.append(.added(piece, cause: pieces.count > 1 ? .split(of: input.id) : .inserted))
        }
        return events
    }

    /// Zero-copy pieces of `chunk` within the row and byte limits (the chunk itself if it fits).
    func split(_ chunk: Chunk) -> [Chunk] {
        let allSorted = chunk.timeColumns.allSatisfy { ChunkTimeline.isSorted($0, chunk) }
        let maxRows = allSorted ? config.maxRows : config.maxRowsIfUnsorted
        let rows = chunk.rowCount
        let tooManyBytes = chunk.logicalByteCount > config.maxBytes
        guard rows > maxRows || tooManyBytes else { return [chunk] }
        let sizes = tooManyBytes ? chunk.estimatedRowByteCounts() : []
        var pieces: [Chunk] = []
        var start = 0
        var bytes = 0
        for row in 0..<rows {
            let size = sizes.isEmpty ? 0 : sizes[row]
            if row > start && (row - start >= maxRows || bytes + size > config.maxBytes) {
                pieces.append(chunk.slice(start, row - start).withID(.next()))
                start = row
                bytes = 0
            }
            bytes += size
        }
        pieces.append(chunk.slice(start, rows - start).withID(.next()))
        return pieces.count == 1 ? [chunk] : pieces
    }

    // MARK: Static

    private mutating func insertStatic(_ chunk: Chunk) -> [StoreEvent] {
        let path = chunk.entityPath
        var data = entities[path] ?? EntityData()
        // The winning row of each component in this chunk: the largest row id with a cell.
        var winners: [(component: String, row: Int, rowID: RowID)] = []
        for column in chunk.components where column.data.nullCount < column.data.length {
            var best: (row: Int, rowID: RowID)?
            for row in 0..<chunk.rowCount where column.data.nullCount == 0 || column.data.isValid(row) {
                let id = chunk.rowID(at: row)
                if best.map({ id > $0.rowID }) ?? true { best = (row, id) }
            }
            guard let best else { continue }
            let name = column.descriptor.component
            if let existing = data.staticCells[name], existing.rowID >= best.rowID { continue }
            winners.append((name, best.row, best.rowID))
        }
        guard !winners.isEmpty else { return [] }
        let stored = StoredChunk(chunk)
        var overwritten: [ChunkID] = []
        for winner in winners {
            if let old = data.staticCells[winner.component] {
                let remaining = (data.staticWins[old.chunkID] ?? 1) - 1
                data.staticWins[old.chunkID] = remaining
                if remaining == 0 { overwritten.append(old.chunkID) }
            }
            data.staticCells[winner.component] = StaticCell(chunkID: chunk.id, row: winner.row, rowID: winner.rowID)
        }
        data.staticWins[chunk.id] = winners.count
        entities[path] = data
        add(stored)
        var events: [StoreEvent] = [.added(chunk, cause: .inserted)]
        for id in overwritten {
            if let removed = remove(id) {
                events.append(.removed(removed.chunk, cause: .staticOverwritten))
            }
        }
        return events
    }

    // MARK: Bookkeeping

    /// Adds a stored chunk to the chunk table, the indexes, the statistics and the accounting,
    /// and records `modification` (by default: this chunk's time ranges) for caches.
    mutating func add(_ stored: StoredChunk, modification: StoreModification? = nil) {
        let chunk = stored.chunk
        chunks[chunk.id] = stored
        for key in stored.bufferKeys {
            let uses = bufferUses[key] ?? 0
            if uses == 0 { bufferBytes += key.count }
            bufferUses[key] = uses + 1
        }
        overheadBytes += stored.overheadBytes
        logicalBytes += stored.logicalBytes
        if stored.isStatic {
            staticChunkCount += 1
            staticRowCount += stored.rowCount
        } else {
            temporalChunkCount += 1
            temporalRowCount += stored.rowCount
        }
        var data = entities[chunk.entityPath] ?? EntityData()
        entities[chunk.entityPath] = nil  // keep `data` uniquely referenced while mutating it
        for (i, column) in chunk.components.enumerated() {
            let name = column.descriptor.component
            if data.descriptors[name] == nil { data.descriptors[name] = column.descriptor }
            guard !stored.isStatic else { continue }
            for (timelineName, timeline) in stored.timelines {
                guard let range = stored.cellTimeRange(column: i, timeline: timeline) else { continue }
                data.temporal[timelineName, default: [:]][name, default: ComponentTimeIndex()]
                    .insert(IndexEntry(minTime: range.lowerBound, maxTime: range.upperBound, chunkID: chunk.id))
            }
        }
        if !stored.isStatic { data.lastTemporalChunk = chunk.id }
        data.statistics.add(stored)
        data.log.append(modification ?? stored.modification())
        entities[chunk.entityPath] = data
    }

    /// Removes one stored chunk everywhere; returns it. `logged: false` for a removal that does
    /// not change any answer (the rows live on in a compacted chunk).
    @discardableResult
    mutating func remove(_ id: ChunkID, logged: Bool = true) -> StoredChunk? {
        guard let stored = chunks.removeValue(forKey: id) else { return nil }
        forget(stored)
        guard var data = entities[stored.chunk.entityPath] else { return stored }
        entities[stored.chunk.entityPath] = nil
        data.removeIndexEntries(of: [stored])
        if logged { data.log.append(stored.modification()) }
        entities[stored.chunk.entityPath] = data
        return stored
    }

    /// Accounting and totals for a chunk that left `chunks` (indexes are handled by the caller).
    mutating func forget(_ stored: StoredChunk) {
        for key in stored.bufferKeys {
            let uses = (bufferUses[key] ?? 1) - 1
            if uses <= 0 {
                bufferUses[key] = nil
                bufferBytes -= key.count
            } else {
                bufferUses[key] = uses
            }
        }
        overheadBytes -= stored.overheadBytes
        logicalBytes -= stored.logicalBytes
        if stored.isStatic {
            staticChunkCount -= 1
            staticRowCount -= stored.rowCount
        } else {
            temporalChunkCount -= 1
            temporalRowCount -= stored.rowCount
        }
    }
}

extension EntityData {
    /// Removes the index entries, static bookkeeping and statistics of `removed` (all of this entity).
    mutating func removeIndexEntries(of removed: [StoredChunk]) {
        let ids = Set(removed.map(\.id))
        var timelineNames = Set<String>()
        var componentNames = Set<String>()
        for stored in removed {
            statistics.remove(stored)
            if stored.isStatic {
                staticWins[stored.id] = nil
                for (name, cell) in staticCells where cell.chunkID == stored.id { staticCells[name] = nil }
            } else {
                timelineNames.formUnion(stored.timelines.keys)
                componentNames.formUnion(stored.columnIndex.keys)
            }
            if lastTemporalChunk == stored.id { lastTemporalChunk = nil }
        }
        for timeline in timelineNames {
            guard var indexes = temporal[timeline] else { continue }
            temporal[timeline] = nil
            for component in componentNames {
                indexes[component]?.remove(ids)
                if indexes[component]?.isEmpty == true { indexes[component] = nil }
            }
            if !indexes.isEmpty { temporal[timeline] = indexes }
        }
    }
}

extension EntityStatistics {
    mutating func add(_ stored: StoredChunk) { apply(stored, sign: 1) }
    mutating func remove(_ stored: StoredChunk) { apply(stored, sign: -1) }

    private mutating func apply(_ stored: StoredChunk, sign: Int) {
        if stored.isStatic {
            staticChunks += sign
            staticRows += sign * stored.rowCount
        } else {
            temporalChunks += sign
            temporalRows += sign * stored.rowCount
        }
        logicalBytes += sign * stored.logicalBytes
        for (i, column) in stored.chunk.components.enumerated() {
            let name = column.descriptor.component
            var stats = components[name] ?? ComponentStatistics(descriptor: column.descriptor)
            stats.chunkCount += sign
            if stored.isStatic {
                stats.staticCells += sign * stored.cellCounts[i]
            } else {
                stats.temporalCells += sign * stored.cellCounts[i]
            }
            stats.logicalBytes += sign * stored.componentBytes[i]
            components[name] = stats.chunkCount > 0 ? stats : nil
        }
    }
}

extension StoredChunk {
    /// The modification record of adding or removing this chunk.
    func modification() -> StoreModification {
        var ranges: [String: ClosedRange<TimeInt>] = [:]
        for (name, timeline) in timelines { ranges[name] = ChunkStore.timeRange(timeline.range) }
        let clear = columnIndex[ChunkStore.clearComponent].map { cellCounts[$0] > 0 } ?? false
        return StoreModification(stamp: StoreStamp.next(), isStatic: isStatic, touchesClear: clear, timeRanges: ranges)
    }
}

extension StoreModification {
    /// The modification record of adding `chunk`'s rows.
    static func adding(_ chunk: Chunk) -> StoreModification {
        var ranges: [String: ClosedRange<TimeInt>] = [:]
        for column in chunk.timeColumns {
            if let range = column.range { ranges[column.timeline.name] = ChunkStore.timeRange(range) }
        }
        let clear = chunk.component(named: ChunkStore.clearComponent).map { $0.data.nullCount < $0.data.length } ?? false
        return StoreModification(stamp: StoreStamp.next(), isStatic: chunk.isStatic, touchesClear: clear, timeRanges: ranges)
    }
}
