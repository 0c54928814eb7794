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
        var events: [StoreEvent] = []
        for piece in pieces {
            add(StoredChunk(piece))
            events.append(.added(piece, cause: pieces.count > 1 ? .split(of: input.id) : .inserted))
        }
        if config.enableCompaction, pieces.count == 1,
           config.isSmall(rows: chunk.rowCount, bytes: chunk.logicalByteCount) {
            events += try enqueueForCompaction(chunk.id, entity: chunk.entityPath)
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
        let current = entities[path]?.staticCells ?? [:]
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
            if let existing = current[name], existing.rowID >= best.rowID { continue }
            winners.append((name, best.row, best.rowID))
        }
        guard !winners.isEmpty else { return [] }
        let overwritten: [ChunkID] = entities[path, default: EntityData()].takeStaticCells(winners, from: chunk.id)
        add(StoredChunk(chunk))
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
    /// and (if `logged`) records the change for caches.
    mutating func add(_ stored: StoredChunk, logged: Bool = true) {
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
        entities[chunk.entityPath, default: EntityData()].index(stored, logged: logged)
    }

    /// Removes one stored chunk everywhere; returns it. `logged: false` for a removal that does
    /// not change any answer (the rows live on in a compacted chunk).
    @discardableResult
    mutating func remove(_ id: ChunkID, logged: Bool = true) -> StoredChunk? {
        guard let stored = chunks.removeValue(forKey: id) else { return nil }
        forget(stored)
        guard entities[stored.chunk.entityPath] != nil else { return stored }
        entities[stored.chunk.entityPath, default: EntityData()].unindex([stored], logged: logged)
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
    /// Makes `chunk` the holder of the winning static cells `winners`; returns the static
    /// chunks that no longer win any component.
    mutating func takeStaticCells(_ winners: [(component: String, row: Int, rowID: RowID)], from chunk: ChunkID) -> [ChunkID] {
        var overwritten: [ChunkID] = []
        for winner in winners {
            if let old = staticCells[winner.component] {
                let remaining = (staticWins[old.chunkID] ?? 1) - 1
                staticWins[old.chunkID] = remaining
                if remaining == 0 { overwritten.append(old.chunkID) }
            }
            staticCells[winner.component] = StaticCell(chunkID: chunk, row: winner.row, rowID: winner.rowID)
        }
        staticWins[chunk] = winners.count
        return overwritten
    }

    /// Adds `stored`'s index entries, descriptors and statistics.
    mutating func index(_ stored: StoredChunk, logged: Bool) {
        let chunk = stored.chunk
        for (i, column) in chunk.components.enumerated() {
            let name = column.descriptor.component
            if descriptors[name] == nil { descriptors[name] = column.descriptor }
            guard !stored.isStatic else { continue }
            for timeline in stored.timelines {
                guard let range = stored.cellTimeRange(column: i, timeline: timeline) else { continue }
                temporal[timeline.column.timeline.name, default: [:]][name, default: ComponentTimeIndex()]
                    .insert(IndexEntry(minTime: range.lowerBound, maxTime: range.upperBound, chunkID: chunk.id))
            }
        }
        statistics.add(stored)
        if logged { log.append(stored.modification()) }
    }

    /// Removes the index entries, static bookkeeping and statistics of `removed` (all of this
    /// entity), and (if `logged`) records one modification covering them.
    mutating func unindex(_ removed: [StoredChunk], logged: Bool) {
        let ids = Set(removed.map(\.id))
        var timelineNames = Set<String>()
        var componentNames = Set<String>()
        for stored in removed {
            statistics.remove(stored)
            if stored.isStatic {
                staticWins[stored.id] = nil
                for (name, cell) in staticCells where cell.chunkID == stored.id { staticCells[name] = nil }
            } else {
                for timeline in stored.timelines { timelineNames.insert(timeline.column.timeline.name) }
                for column in stored.chunk.components { componentNames.insert(column.descriptor.component) }
            }
        }
        for timeline in timelineNames {
            guard var indexes = temporal.removeValue(forKey: timeline) else { continue }
            for component in componentNames {
                indexes[component]?.remove(ids)
                if indexes[component]?.isEmpty == true { indexes[component] = nil }
            }
            if !indexes.isEmpty { temporal[timeline] = indexes }
        }
        if logged { log.append(StoreModification.removal(of: removed)) }
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
            var stats = components.removeValue(forKey: name) ?? ComponentStatistics(descriptor: column.descriptor)
            stats.chunkCount += sign
            if stored.isStatic {
                stats.staticCells += sign * stored.cellCounts[i]
            } else {
                stats.temporalCells += sign * stored.cellCounts[i]
            }
            stats.logicalBytes += sign * stored.componentBytes[i]
            if stats.chunkCount > 0 { components[name] = stats }
        }
    }
}

extension StoredChunk {
    /// The modification record of adding or removing this chunk.
    func modification() -> StoreModification {
        var ranges: [String: ClosedRange<TimeInt>] = [:]
        for timeline in timelines { ranges[timeline.column.timeline.name] = ChunkStore.timeRange(timeline.range) }
        let clear = column(ChunkStore.clearComponent).map { cellCounts[$0] > 0 } ?? false
        return StoreModification(stamp: StoreStamp.next(), isStatic: isStatic, touchesClear: clear, timeRanges: ranges)
    }
}
