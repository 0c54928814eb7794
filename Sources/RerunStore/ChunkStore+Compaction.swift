import RerunChunk
import RerunModel

extension ChunkStore {
    /// A stored chunk that `chunk` can be appended to within the limits, if any.
    ///
    /// Candidates are the entity's most recently added temporal chunk (the natural neighbour
    /// for streamed data) and the chunk whose time range starts last at or before `chunk`'s
    /// start on its first timeline. A merge that stays sorted on every timeline is preferred.
    func compactionCandidate(for chunk: Chunk) -> StoredChunk? {
        guard let data = entities[chunk.entityPath], let first = chunk.timeColumns.first else { return nil }
        var ids: [ChunkID] = []
        if let last = data.lastTemporalChunk { ids.append(last) }
        let firstTime = ChunkTimeline(column: first, chunk: chunk).range.lowerBound
        if let component = chunk.components.first(where: { $0.data.nullCount < $0.data.length }),
           let index = data.temporal[first.timeline.name]?[component.descriptor.component] {
            let k = index.prefixCount(atOrBefore: firstTime) - 1
            if k >= 0, !ids.contains(index.entries[k].chunkID) { ids.append(index.entries[k].chunkID) }
        }
        let bytes = chunk.logicalByteCount
        var best: (stored: StoredChunk, sorted: Bool)?
        for id in ids {
            guard let stored = chunks[id], !stored.isStatic, stored.chunk.isConcatenable(with: chunk) else { continue }
            let sorted = stored.staysSorted(appending: chunk)
            let maxRows = sorted ? config.maxRows : config.maxRowsIfUnsorted
            guard stored.rowCount + chunk.rowCount <= maxRows, stored.logicalBytes + bytes <= config.maxBytes else { continue }
            if best == nil || (sorted && !best!.sorted) { best = (stored, sorted) }
        }
        return best?.stored
    }

    /// Replaces `stored` by the concatenation of its rows and `chunk`'s.
    mutating func compact(_ stored: StoredChunk, with chunk: Chunk) throws(StoreError) -> [StoreEvent] {
        var merged: Chunk
        do {
            merged = try Chunk.concatenate([stored.chunk, chunk], id: .next())
            if !merged.timeColumns.contains(where: { ChunkTimeline.isSorted($0, merged) }) {
                merged = try merged.sorted(by: merged.timeColumns[0].timeline.name)
            }
        } catch {
            throw StoreError("cannot compact chunk \(chunk.id.hexString) into \(stored.id.hexString) (\(chunk.entityPath)): \(error)")
        }
        // Answers change only by the inserted rows: the stored rows live on in `merged`.
        remove(stored.id, logged: false)
        add(StoredChunk(merged), modification: .adding(chunk))
        return [
            .removed(stored.chunk, cause: .compacted(into: merged.id)),
            .added(merged, cause: .compaction(of: [stored.id, chunk.id])),
        ]
    }
}

extension StoredChunk {
    /// Whether this chunk's rows followed by `next`'s are sorted by (time, row id) on every timeline.
    func staysSorted(appending next: Chunk) -> Bool {
        guard rowCount > 0, next.rowCount > 0 else { return true }
        let firstRowID = next.rowID(at: 0)
        for column in next.timeColumns {
            guard let mine = timelines[column.timeline.name], mine.isSorted,
                  ChunkTimeline.isSorted(column, next) else { return false }
            let last = RowKey(time: mine.column.time(at: rowCount - 1), rowID: chunk.rowID(at: rowCount - 1))
            if RowKey(time: column.time(at: 0), rowID: firstRowID) < last { return false }
        }
        return true
    }
}
