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
        try insert(chunk, analysis: nil)
    }

    /// Inserts a chunk prepared by `ChunkStore.prepare(_:config:packing:)`: the same result and events
    /// as `insert(prepared.chunk)`, with the work that depends only on the chunk already done.
    /// (A chunk prepared for another configuration is inserted as if it were not prepared.)
    public mutating func insert(_ prepared: PreparedChunk) throws(StoreError) -> [StoreEvent] {
        try insert(prepared.chunk, analysis: prepared.config == config ? prepared.analysis : nil)
    }

    private mutating func insert(_ chunk: Chunk, analysis: Result<TemporalAnalysis, StoreError>?) throws(StoreError) -> [StoreEvent] {
        guard chunk.rowCount > 0, seenChunkIDs.insert(chunk.id).inserted else { return [] }
        do throws(StoreError) {
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
            let events = chunk.isStatic ? try insertStatic(chunk)
                : try insertTemporal(chunk, try (analysis ?? TemporalAnalysis.analyse(chunk, config: config, pack: false)).get())
            overheadBytes += StoreOverhead.chunkID
            return events
        } catch {
            seenChunkIDs.remove(chunk.id)
            throw error
        }
    }

    // MARK: Temporal

    private mutating func insertTemporal(_ input: Chunk, _ analysis: TemporalAnalysis) throws(StoreError) -> [StoreEvent] {
        let chunk = analysis.chunk
        let sorted = analysis.sorted
        let bytes = analysis.bytes
        if config.enableSplitting {
            let pieces = split(chunk, allSorted: sorted.all, bytes: bytes)
            if pieces.count > 1 {
                let group = BufferGroup(keys: chunk.bufferKeys)
                return pieces.map { piece in
                    add(StoredChunk(piece, group: group))
                    return .added(piece, cause: .split(of: input.id))
                }
            }
        }
        insertCount += 1
        let path = chunk.entityPath
        // A slow entity's small chunk is merged into its tail at once (and so is not worth packing).
        let (mergesNow, slowTail, waiting) = config.enableCompaction ? slowEntityState(path) : (false, nil, 0)
        if let slowTail, sorted.all, let events = try appendToSlowTail(chunk, tailID: slowTail, bytes: bytes) {
            return events
        }
        // Neither is a small chunk that joins others waiting at level 0: the merge that comes
        // when the level is full copies it anyway (`bytes` bounds its logical bytes, so a chunk
        // small by it is small).
        let joinsWaiting = waiting > 0 && config.isSmall(rows: chunk.rowCount, bytes: bytes)
        let stored: StoredChunk
        if mergesNow || joinsWaiting {
            stored = StoredChunk(chunk, sorted: sorted)
        } else if let packed = analysis.packed {
            stored = try packed.get()
        } else {
            stored = try StoredChunk.make(chunk, packMaxBytes: config.packInsertedMaxBytes, sorted: sorted)
        }
        let compact = config.enableCompaction && config.isSmall(rows: stored.rowCount, bytes: stored.logicalBytes)
        let trigger = add(stored, enqueue: compact)
        var events: [StoreEvent] = [.added(stored.chunk, cause: .inserted)]
        switch trigger {
        case .none: break
        case .fullLevel: events += try compactLevels(of: path)
        case .idleEntity: events += try compactLevelZero(of: path)
        }
        return events
    }

    /// Whether `path` is a slow entity with small chunks waiting at level 0 (its new small chunk
    /// merges with them at once), its one waiting tail chunk if there is exactly one, and how many
    /// chunks wait at level 0. The entity's value is read and dropped here, so that it does not
    /// share the entity's storage while the caller mutates it.
    private func slowEntityState(_ path: EntityPath) -> (mergesNow: Bool, tail: ChunkID?, waiting: Int) {
        guard let data = entities[path], let level0 = data.compactionLevels.first, !level0.isEmpty else { return (false, nil, 0) }
        guard insertCount - data.lastQueuedAt >= config.idleInserts else { return (false, nil, level0.count) }
        return (true, level0.count == 1 ? level0[0] : nil, level0.count)
    }

    /// Zero-copy pieces of `chunk` within the row and byte limits (the chunk itself if it fits).
    func split(_ chunk: Chunk) -> [Chunk] {
        split(chunk, allSorted: SortedTimelines(chunk).all, bytes: chunk.logicalByteCount)
    }

    /// `split(_:)` with the chunk's sortedness and logical bytes known.
    func split(_ chunk: Chunk, allSorted: Bool, bytes logicalBytes: Int) -> [Chunk] {
        let maxRows = allSorted ? config.maxRows : config.maxRowsIfUnsorted
        let rows = chunk.rowCount
        let tooManyBytes = logicalBytes > config.maxBytes
        guard config.needsSplit(rows: rows, allSorted: allSorted, bytes: logicalBytes) else { return [chunk] }
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
        var hint = 0
        for (i, column) in chunk.components.enumerated() {
            let name = column.descriptor.component
            guard !stored.isStatic else { continue }
            for timeline in stored.timelines {
                guard let range = stored.cellTimeRange(column: i, timeline: timeline) else { continue }
                hint = temporal.insert(IndexEntry(minTime: range.lowerBound, maxTime: range.upperBound, chunkID: chunk.id),
                                       timeline: timeline.column.timeline.name, component: name, hint: hint) + 1
            }
        }
        statistics.add(stored)
        var logBytes = 0
        if logged {
            let before = log.byteCount
            log.append(stamp: StoreStamp.next(), isStatic: stored.isStatic, touchesClear: stored.holdsClear,
                       ranges: stored.timelines.lazy.map { (timeline: $0.column.timeline.name, range: ChunkStore.timeRange($0.range)) })
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
        if !timelineNames.isEmpty { temporal.remove(ids, timelines: timelineNames, components: componentNames) }
        guard logged else { return 0 }
        let before = log.byteCount
        log.append(StoreModification.removal(of: removed))
        return log.byteCount - before
    }
}

extension EntityStatistics {
    mutating func add(_ stored: StoredChunk) { apply(stored, sign: 1) }
    mutating func remove(_ stored: StoredChunk) { apply(stored, sign: -1) }

    /// `remove(old)` then `add(new)`, for a chunk replaced by one with the same component
    /// columns (a tail and its extension): one update per component.
    mutating func replace(_ old: StoredChunk, with new: StoredChunk) {
        guard old.isStatic == new.isStatic, old.chunk.components.count == new.chunk.components.count else {
            remove(old)
            add(new)
            return
        }
        if new.isStatic {
            staticRows += new.rowCount - old.rowCount
        } else {
            temporalRows += new.rowCount - old.rowCount
        }
        logicalBytes += new.logicalBytes - old.logicalBytes
        for (i, column) in new.chunk.components.enumerated() {
            let name = column.descriptor.component
            // One look-up of the component when it is there (the usual case).
            if old.chunk.components[i].descriptor.component == name,
               components[name]?.changeCells(by: new.cellCounts[i] - old.cellCounts[i],
                                             bytes: new.componentBytes[i] - old.componentBytes[i], isStatic: new.isStatic) != nil {
                continue
            }
            // Not the same columns after all: the general way for this one.
            _ = components[name, default: ComponentStatistics(descriptor: column.descriptor)]
                .apply(cells: old.cellCounts[i], bytes: old.componentBytes[i], isStatic: old.isStatic, sign: -1)
            _ = components[name, default: ComponentStatistics(descriptor: column.descriptor)]
                .apply(cells: new.cellCounts[i], bytes: new.componentBytes[i], isStatic: new.isStatic, sign: 1)
        }
    }

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
    /// One of the chunks holding this component grew or shrank by `cells` cells and `bytes` bytes.
    mutating func changeCells(by cells: Int, bytes: Int, isStatic: Bool) {
        if isStatic { staticCells += cells } else { temporalCells += cells }
        logicalBytes += bytes
    }

    /// Adds (`sign` 1) or removes (-1) one chunk's column; returns the remaining chunk count.
    mutating func apply(cells: Int, bytes: Int, isStatic: Bool, sign: Int) -> Int {
        chunkCount += sign
        if isStatic { staticCells += sign * cells } else { temporalCells += sign * cells }
        logicalBytes += sign * bytes
        return chunkCount
    }
}

extension StoredChunk {
    /// Whether the chunk holds `Clear:is_recursive` cells.
    var holdsClear: Bool { column(ChunkStore.clearComponent).map { cellCounts[$0] > 0 } ?? false }
}

extension ModificationLog {
    /// Records inserting `chunk` (temporal), as `EntityData.index` does for a stored chunk.
    mutating func appendInsertion(of chunk: Chunk) {
        let clears = chunk.component(named: ChunkStore.clearComponent).map { $0.data.nullCount < $0.data.length } ?? false
        append(stamp: StoreStamp.next(), isStatic: chunk.isStatic, touchesClear: clears,
               ranges: chunk.timeColumns.lazy.compactMap { column in
                   column.range.map { (timeline: column.timeline.name, range: ChunkStore.timeRange($0)) }
               })
    }
}
