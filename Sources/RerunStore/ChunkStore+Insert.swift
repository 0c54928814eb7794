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
            let timeline = column.timeline
            if let known = timelines[timeline.name] {
                guard known.kind == timeline.kind else {
                    throw StoreError("chunk \(chunk.id.hexString) (\(chunk.entityPath)): timeline '\(timeline.name)' is \(timeline.kind) but the store has it as \(known.kind)")
                }
            } else {
                timelines[timeline.name] = timeline
            }
        }
        let events = chunk.isStatic ? try insertStatic(chunk) : try insertTemporal(chunk)
        seenChunkIDs.insert(chunk.id)
        overheadBytes += StoreOverhead.chunkID
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
        if pieces.count > 1 {
            let group = BufferGroup(keys: chunk.bufferKeys)
            return pieces.map { piece in
                add(StoredChunk(piece, group: group))
                return .added(piece, cause: .split(of: input.id))
            }
        }
        insertCount += 1
        // A chunk about to be merged into its slow entity's tail is not worth packing.
        let mergesNow = config.enableCompaction && entities[chunk.entityPath].map {
            !($0.compactionLevels.first?.isEmpty ?? true) && insertCount - $0.lastQueuedAt >= config.idleInserts
        } ?? false
        if mergesNow, let events = try appendToSlowTail(chunk) { return events }
        let stored = mergesNow ? StoredChunk(chunk) : try StoredChunk.make(chunk, packMaxBytes: config.packInsertedMaxBytes)
        let compact = config.enableCompaction && config.isSmall(rows: stored.rowCount, bytes: stored.logicalBytes)
        let trigger = add(stored, enqueue: compact)
        var events: [StoreEvent] = [.added(stored.chunk, cause: .inserted)]
        switch trigger {
        case .none: break
        case .fullLevel: events += try compactLevels(of: chunk.entityPath)
        case .idleEntity: events += try compactLevelZero(of: chunk.entityPath)
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
        var pieces: [Chunk] = []
        var start = 0
        var bytes = 0
        func consider(_ row: Int, _ size: Int) {
            if row > start && (row - start >= maxRows || bytes + size > config.maxBytes) {
                pieces.append(chunk.slice(start, row - start).withID(.next()))
                start = row
                bytes = 0
            }
            bytes += size
        }
        if tooManyBytes {
            chunk.forEachEstimatedRowByteCount(consider)
        } else {
            for row in 0..<rows { consider(row, 0) }
        }
        pieces.append(chunk.slice(start, rows - start).withID(.next()))
        return pieces.count == 1 ? [chunk] : pieces
    }

    // MARK: Static

    private mutating func insertStatic(_ chunk: Chunk) throws(StoreError) -> [StoreEvent] {
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
        let stored = try StoredChunk.make(chunk, packMaxBytes: config.packInsertedMaxBytes)
        let overwritten: [ChunkID] = entities[path, default: EntityData()].takeStaticCells(winners, from: chunk.id)
        add(stored)
        var events: [StoreEvent] = [.added(stored.chunk, cause: .inserted)]
        for id in overwritten {
            if let removed = remove(id) {
                events.append(.removed(removed.chunk, cause: .staticOverwritten))
            }
        }
        return events
    }

    // MARK: Bookkeeping

    /// Adds a stored chunk to the chunk table, the indexes, the statistics and the accounting,
    /// and (if `logged`) records the change for caches. With `enqueue`, the chunk also joins
    /// its entity's level-0 compaction queue; returns which compaction that calls for.
    @discardableResult
    mutating func add(_ stored: StoredChunk, logged: Bool = true, enqueue: Bool = false) -> CompactionTrigger {
        let chunk = stored.chunk
        chunks[chunk.id] = stored
        account(stored)
        let (trigger, logBytes) = entities[chunk.entityPath, default: EntityData()]
            .index(stored, logged: logged, enqueue: enqueue ? insertCount : nil, config: config)
        overheadBytes += logBytes
        return trigger
    }

    /// The accounting and totals of a chunk entering `chunks` (the inverse of `forget`).
    mutating func account(_ stored: StoredChunk) {
        register(stored)
        overheadBytes += stored.overheadBytes
        logicalBytes += stored.logicalBytes
        if stored.isStatic {
            staticChunkCount += 1
            staticRowCount += stored.rowCount
        } else {
            temporalChunkCount += 1
            temporalRowCount += stored.rowCount
        }
    }

    /// Counts the chunk's buffers: each distinct buffer once (see `Docs/store.md`).
    private mutating func register(_ stored: StoredChunk) {
        if let group = stored.group {
            let uses = bufferGroupUses[group.id] ?? 0
            if uses == 0 { for key in group.keys { retain(key) } }
            bufferGroupUses[group.id] = uses + 1
            return
        }
        bufferBytes += stored.ownedBytes
        for key in stored.bufferKeys {
            if key.count < BufferKey.sharedThreshold { bufferBytes += key.count } else { retain(key) }
        }
    }

    private mutating func unregister(_ stored: StoredChunk) {
        if let group = stored.group {
            let uses = (bufferGroupUses[group.id] ?? 1) - 1
            bufferGroupUses[group.id] = uses > 0 ? uses : nil
            if uses <= 0 { for key in group.keys { release(key) } }
            return
        }
        bufferBytes -= stored.ownedBytes
        for key in stored.bufferKeys {
            if key.count < BufferKey.sharedThreshold { bufferBytes -= key.count } else { release(key) }
        }
    }

    private mutating func retain(_ key: BufferKey) {
        let uses = bufferUses[key] ?? 0
        if uses == 0 { bufferBytes += key.count }
        bufferUses[key] = uses + 1
    }

    private mutating func release(_ key: BufferKey) {
        let uses = (bufferUses[key] ?? 1) - 1
        if uses <= 0 {
            bufferUses[key] = nil
            bufferBytes -= key.count
        } else {
            bufferUses[key] = uses
        }
    }

    /// Removes one stored chunk everywhere; returns it. `logged: false` for a removal that does
    /// not change any answer (the rows live on in a compacted chunk).
    @discardableResult
    mutating func remove(_ id: ChunkID, logged: Bool = true) -> StoredChunk? {
        guard let stored = chunks.removeValue(forKey: id) else { return nil }
        forget(stored)
        guard entities[stored.chunk.entityPath] != nil else { return stored }
        overheadBytes += entities[stored.chunk.entityPath, default: EntityData()].unindex([stored], logged: logged)
        return stored
    }

    /// Accounting and totals for a chunk that left `chunks` (indexes are handled by the caller).
    mutating func forget(_ stored: StoredChunk) {
        unregister(stored)
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

    /// Adds `stored`'s index entries, descriptors and statistics; with `enqueue` (the store's
    /// insert count), appends it to level 0 of the compaction queue and returns which
    /// compaction that calls for.
    /// Also returns by how many bytes the modification log grew.
    mutating func index(_ stored: StoredChunk, logged: Bool, enqueue: Int?, config: ChunkStoreConfig)
        -> (CompactionTrigger, logBytes: Int) {
        let chunk = stored.chunk
        for (i, column) in chunk.components.enumerated() {
            let name = column.descriptor.component
            guard !stored.isStatic else { continue }
            for timeline in stored.timelines {
                guard let range = stored.cellTimeRange(column: i, timeline: timeline) else { continue }
                temporal[timeline.column.timeline.name, default: [:]][name, default: ComponentTimeIndex()]
                    .insert(IndexEntry(minTime: range.lowerBound, maxTime: range.upperBound, chunkID: chunk.id))
            }
        }
        statistics.add(stored)
        var logBytes = 0
        if logged {
            let before = log.byteCount
            log.append(stored.modification())
            logBytes = log.byteCount - before
        }
        guard let now = enqueue else { return (.none, logBytes) }
        if compactionLevels.isEmpty { compactionLevels.append([]) }
        let idle = !compactionLevels[0].isEmpty && now - lastQueuedAt >= config.idleInserts
        lastQueuedAt = now
        compactionLevels[0].append(stored.id)
        if compactionLevels[0].count >= config.compactionFanout { return (.fullLevel, logBytes) }
        return (idle ? .idleEntity : .none, logBytes)
    }

    /// Removes the index entries, static bookkeeping and statistics of `removed` (all of this
    /// entity), and (if `logged`) records one modification covering them. Returns by how many
    /// bytes the modification log grew.
    @discardableResult
    mutating func unindex(_ removed: [StoredChunk], logged: Bool) -> Int {
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
        guard logged else { return 0 }
        let before = log.byteCount
        log.append(StoreModification.removal(of: removed))
        return log.byteCount - before
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
            let remaining = components[name, default: ComponentStatistics(descriptor: column.descriptor)]
                .apply(cells: stored.cellCounts[i], bytes: stored.componentBytes[i], isStatic: stored.isStatic, sign: sign)
            if remaining == 0 { components[name] = nil }
        }
    }
}

extension ComponentStatistics {
    /// Adds (`sign` 1) or removes (-1) one chunk's column; returns the remaining chunk count.
    mutating func apply(cells: Int, bytes: Int, isStatic: Bool, sign: Int) -> Int {
        chunkCount += sign
        if isStatic { staticCells += sign * cells } else { temporalCells += sign * cells }
        logicalBytes += sign * bytes
        return chunkCount
    }
}

extension StoredChunk {
    /// The modification record of adding or removing this chunk.
    func modification() -> StoreModification {
        StoreModification(
            stamp: StoreStamp.next(), isStatic: isStatic, touchesClear: holdsClear,
            ranges: timelines.map { ($0.column.timeline.name, ChunkStore.timeRange($0.range)) })
    }

    /// Whether the chunk holds `Clear:is_recursive` cells.
    var holdsClear: Bool { column(ChunkStore.clearComponent).map { cellCounts[$0] > 0 } ?? false }
}

extension StoreModification {
    /// The record of inserting `chunk` (temporal), as `StoredChunk.modification()` makes it for a
    /// stored chunk.
    static func insertion(of chunk: Chunk) -> StoreModification {
        let clears = chunk.component(named: ChunkStore.clearComponent).map { $0.data.nullCount < $0.data.length } ?? false
        return StoreModification(
            stamp: StoreStamp.next(), isStatic: chunk.isStatic, touchesClear: clears,
            ranges: chunk.timeColumns.compactMap { column in
                column.range.map { (column.timeline.name, ChunkStore.timeRange($0)) }
            })
    }
}
