public import RerunModel

extension ChunkStore {
    /// The cell of `component` of `entity` that a latest-at at `time` on `timeline` sees,
    /// ignoring clears: the static cell with the largest row id if there is static data,
    /// otherwise the cell with the largest (time, row id) at or before `time`.
    ///
    /// Touches only the chunks whose time ranges can hold the answer, and binary-searches
    /// inside them; nothing is copied.
    public func latestAt(
        entity: EntityPath, component: String, timeline: String, at time: TimeInt
    ) -> StoreRow? {
        guard let data = entities[entity] else { return nil }
        if let cell = data.staticCells[component] { return staticRow(cell, component: component) }
        return latestTemporal(data, component: component, timeline: timeline, at: time.rawValue)
    }

    /// Like `latestAt`, but only temporal data at times `<= time` (static data is not consulted).
    public func latestTemporalAt(
        entity: EntityPath, component: String, timeline: String, at time: TimeInt
    ) -> StoreRow? {
        guard let data = entities[entity] else { return nil }
        return latestTemporal(data, component: component, timeline: timeline, at: time.rawValue)
    }

    /// The static cell of `component` of `entity` (largest row id), if any.
    public func staticCell(entity: EntityPath, component: String) -> StoreRow? {
        guard let cell = entities[entity]?.staticCells[component] else { return nil }
        return staticRow(cell, component: component)
    }

    /// Every cell of `component` of `entity` with a time in `window` on `timeline`, as runs of
    /// consecutive chunk rows, in (time, row id) order across all chunks, ignoring clears.
    /// If the component has static data, that one static cell is the whole answer (static
    /// shadows temporal).
    public func range(
        entity: EntityPath, component: String, timeline: String, in window: ClosedRange<TimeInt>
    ) -> [StoreRun] {
        guard let data = entities[entity] else { return [] }
        if let cell = data.staticCells[component], let row = staticRow(cell, component: component) {
            return [StoreRun(chunk: row.chunk, column: row.column, rows: row.row..<(row.row + 1), timeline: nil)]
        }
        guard let index = data.temporal[timeline, component] else { return [] }
        let a = window.lowerBound.rawValue, b = window.upperBound.rawValue
        var sources: [RangeSource] = []
        var i = index.prefixCount(atOrBefore: b) - 1
        while i >= 0 {
            if index.entries[i].prefixMaxEnd < a { break }
            let entry = index.entries[i]
            i -= 1
            guard entry.maxTime >= a, let stored = chunks[entry.chunkID],
                  let column = stored.column(component), let tl = stored.timeline(timeline) else { continue }
            let lo = tl.lowerBound(a), hi = tl.upperBound(b)
            if lo < hi { sources.append(RangeSource(stored: stored, timeline: tl, column: column, position: lo, end: hi)) }
        }
        return RangeMerger(sources: sources.reversed(), timeline: timeline).runs()
    }

    private func staticRow(_ cell: StaticCell, component: String) -> StoreRow? {
        guard let stored = chunks[cell.chunkID], let column = stored.column(component) else { return nil }
        return StoreRow(chunk: stored.chunk, row: cell.row, column: column, time: .staticTime, rowID: cell.rowID)
    }

    private func latestTemporal(_ data: EntityData, component: String, timeline: String, at t: Int64) -> StoreRow? {
        guard let index = data.temporal[timeline, component] else { return nil }
        var best: (key: RowKey, stored: StoredChunk, row: Int, column: Int)?
        var i = index.prefixCount(atOrBefore: t) - 1
        while i >= 0 {
            if let best, index.entries[i].prefixMaxEnd < best.key.time { break }
            let entry = index.entries[i]
            i -= 1
            if let best, entry.maxTime < best.key.time { continue }
            guard let stored = chunks[entry.chunkID], let column = stored.column(component),
                  let tl = stored.timeline(timeline),
                  let found = stored.latest(column: column, timeline: tl, atOrBefore: t) else { continue }
            if best.map({ $0.key < found.key }) ?? true { best = (found.key, stored, found.row, column) }
        }
        guard let best else { return nil }
        return StoreRow(chunk: best.stored.chunk, row: best.row, column: best.column,
                        time: TimeInt(best.key.time) ?? .staticTime, rowID: best.key.rowID)
    }
}

extension StoredChunk {
    /// The row with the largest (time, row id) at or before `t` that holds a cell of `column`.
    func latest(column: Int, timeline: ChunkTimeline, atOrBefore t: Int64) -> (row: Int, key: RowKey)? {
        var position = timeline.upperBound(t) - 1
        while position >= 0 {
            let row = timeline.row(at: position)
            if hasCell(column: column, row: row) {
                return (row, RowKey(time: timeline.column.time(at: row), rowID: chunk.rowID(at: row)))
            }
            position -= 1
        }
        return nil
    }
}

/// A chunk's sorted positions `position ..< end` that fall in a range window.
struct RangeSource {
    let stored: StoredChunk
    let timeline: ChunkTimeline
    let column: Int
    var position: Int
    let end: Int

    var isEmpty: Bool { position >= end }

    func key(at position: Int) -> RowKey {
        let row = timeline.row(at: position)
        return RowKey(time: timeline.column.time(at: row), rowID: stored.chunk.rowID(at: row))
    }

    /// The first position in `position ..< end` whose key is greater than `key`.
    func upperBound(_ key: RowKey) -> Int {
        var lo = position, hi = end
        while lo < hi {
            let mid = (lo + hi) >> 1
            if key < self.key(at: mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// Merges range sources into runs of consecutive rows in global (time, row id) order.
struct RangeMerger {
    var sources: [RangeSource]
    let timeline: String
    var output: [StoreRun] = []

    init(sources: some Sequence<RangeSource>, timeline: String) {
        self.sources = Array(sources)
        self.timeline = timeline
    }

    consuming func runs() -> [StoreRun] {
        // Common case: the sources do not interleave (chunks of a stream). Sorted by their first
        // key, each one's last key precedes the next one's first: emit them one after the other.
        var heads = sources.map { $0.key(at: $0.position) }
        let order = sources.indices.sorted { heads[$0] < heads[$1] }
        sources = order.map { sources[$0] }
        heads = order.map { heads[$0] }
        let disjoint = sources.indices.dropLast().allSatisfy { i in
            sources[i].key(at: sources[i].end - 1) < heads[i + 1]
        }
        if disjoint {
            for source in sources { emit(source, from: source.position, to: source.end) }
            return output
        }
        while true {
            var minIndex = -1
            var minKey: RowKey?
            var secondKey: RowKey?
            for (i, source) in sources.enumerated() where !source.isEmpty {
                let key = source.key(at: source.position)
                if let m = minKey, !(key < m) {
                    if secondKey.map({ key < $0 }) ?? true { secondKey = key }
                } else {
                    if let m = minKey { secondKey = secondKey.map { min($0, m) } ?? m }
                    minKey = key
                    minIndex = i
                }
            }
            guard minIndex >= 0 else { break }
            let source = sources[minIndex]
            let stop = secondKey.map { source.upperBound($0) } ?? source.end
            emit(source, from: source.position, to: stop)
            sources[minIndex].position = stop
        }
        return output
    }

    /// Appends the rows at sorted positions `from ..< to` of `source` that hold a cell, as runs.
    private mutating func emit(_ source: RangeSource, from: Int, to: Int) {
        let stored = source.stored
        let data = stored.chunk.components[source.column].data
        if source.timeline.isSorted && data.nullCount == 0 {
            append(stored, source.column, from..<to)
            return
        }
        var runStart = -1, runEnd = -1
        for position in from..<to {
            let row = source.timeline.row(at: position)
            guard stored.hasCell(column: source.column, row: row) else { continue }
            if row == runEnd {
                runEnd += 1
            } else {
                if runStart >= 0 { append(stored, source.column, runStart..<runEnd) }
                runStart = row
                runEnd = row + 1
            }
        }
        if runStart >= 0 { append(stored, source.column, runStart..<runEnd) }
    }

    private mutating func append(_ stored: StoredChunk, _ column: Int, _ rows: Range<Int>) {
        if let last = output.last, last.chunk.id == stored.id, last.rows.upperBound == rows.lowerBound {
            output[output.count - 1] = StoreRun(chunk: stored.chunk, column: column,
                                                rows: last.rows.lowerBound..<rows.upperBound, timeline: timeline)
        } else {
            output.append(StoreRun(chunk: stored.chunk, column: column, rows: rows, timeline: timeline))
        }
    }
}
