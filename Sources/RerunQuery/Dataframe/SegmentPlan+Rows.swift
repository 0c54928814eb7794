import RerunArrow
import RerunChunk

/// Where the rows of a segment come from.
enum RowSource: Sendable {
    /// One row of static data.
    case staticRow(done: Bool)
    /// One row per value (sorted, unique).
    case values([Int64], next: Int)
    /// One row per distinct index value of the cells in view, within `range`.
    case merged(range: ClosedRange<Int64>, started: Bool)
}

/// One output cell: null, an empty list (a clear), or a chunk cell.
struct CellSlot: Sendable {
    /// The local chunk, or `-1` for null, `-2` for an empty list.
    var chunk: Int32
    /// The component column within the chunk.
    var column: Int32
    /// The row within the chunk.
    var row: Int32

    static let null = CellSlot(chunk: -1, column: 0, row: 0)
    static let empty = CellSlot(chunk: -2, column: 0, row: 0)
}

extension SegmentPlan {
    /// Produces the next row into `batch`; returns `false` when the segment has no more rows.
    mutating func nextRow(_ source: inout RowSource, fill: Bool, into batch: inout BatchBuilder) -> Bool {
        guard !chunks.isEmpty else { return false }
        let t: Int64?
        switch source {
        case .staticRow(let done):
            if done { return false }
            source = .staticRow(done: true)
            t = nil
        case .values(let values, let next):
            guard next < values.count else { return false }
            source = .values(values, next: next + 1)
            t = values[next]
        case .merged(let range, let started):
            if !started {
                source = .merged(range: range, started: true)
                if range.lowerBound > Int64.min { consume(through: range.lowerBound - 1) }
            }
            guard let next = nextTime(), next <= range.upperBound else { return false }
            t = next
        }
        if let t { consume(through: t) }
        emitRow(at: t, fill: fill, into: &batch)
        return true
    }

    /// The smallest time of an unconsumed cell in view.
    func nextTime() -> Int64? {
        var best: Int64?
        for column in columns where column.cursor < column.cells.count {
            let time = column.cells[column.cursor].time
            if best.map({ time < $0 }) ?? true { best = time }
        }
        for stream in clears where stream.cursor < stream.cells.count {
            let time = stream.cells[stream.cursor].time
            if best.map({ time < $0 }) ?? true { best = time }
        }
        return best
    }

    /// Moves every cursor past the cells at or before `t`, noting the clears exactly at `t`.
    mutating func consume(through t: Int64) {
        for i in clears.indices {
            var cursor = clears[i].cursor
            let cells = clears[i].cells
            while cursor < cells.count && cells[cursor].time <= t { cursor += 1 }
            clears[i].cursor = cursor
            clears[i].exact = cursor > 0 && cells[cursor - 1].time == t ? Int32(cursor - 1) : -1
        }
        for i in columns.indices {
            var cursor = columns[i].cursor
            let cells = columns[i].cells
            while cursor < cells.count && cells[cursor].time <= t { cursor += 1 }
            columns[i].cursor = cursor
        }
    }

    /// Appends the row at index value `t` (`nil` for the static row).
    mutating func emitRow(at t: Int64?, fill: Bool, into batch: inout BatchBuilder) {
        // Reused per row: the cell chosen per view column, and the row's time per timeline slot.
        var chosen: [CellSlot] = []
        var times: [Int64?] = []
        swap(&chosen, &scratchCells)  // take the buffers without copying them
        swap(&times, &scratchTimes)
        if chosen.count != columns.count { chosen = [CellSlot](repeating: .null, count: columns.count) }
        if times.count != batch.timelineCount { times = [Int64?](repeating: nil, count: batch.timelineCount) }
        for i in chosen.indices { chosen[i] = .null }
        for i in times.indices { times[i] = nil }
        defer {
            swap(&chosen, &scratchCells)
            swap(&times, &scratchTimes)
        }

        func note(_ chunk: Int, _ row: Int) {
            for (slot, column) in chunkTimelines[chunk] {
                let time = column.time(at: row)
                if let current = times[slot], current >= time { continue }
                times[slot] = time
            }
        }

        for (i, column) in columns.enumerated() {
            // Static data wins, but Rerun only applies it to the columns it returns: a column in
            // view that is not returned (hidden by dataset-wide flags) keeps its clears, whose
            // times still count for the row's index columns.
            if let cell = column.staticCell, column.isOutput {
                chosen[i] = CellSlot(chunk: Int32(cell.chunk), column: column.columnInChunk[cell.chunk], row: Int32(cell.row))
                continue
            }
            guard let t else { continue }
            let latest = column.cursor > 0 ? column.cells[column.cursor - 1] : nil
            var data = latest.flatMap { $0.time == t ? $0 : nil }
            if let streamIndex = column.clears, clears[streamIndex].exact >= 0 {
                let clear = clears[streamIndex].cells[Int(clears[streamIndex].exact)]
                if data == nil || rowID(clear) > rowID(data!) {
                    data = nil
                    chosen[i] = .empty
                    note(Int(clear.chunk), Int(clear.row))
                    continue
                }
            }
            if data == nil, fill { data = latest }
            if let cell = data {
                chosen[i] = CellSlot(chunk: cell.chunk, column: column.columnInChunk[Int(cell.chunk)], row: cell.row)
                note(Int(cell.chunk), Int(cell.row))
            }
        }
        // The index column comes from the fetched chunks' timelines: when none of them has the
        // index timeline, Rerun leaves the column null.
        if let t, let slot = batch.indexSlot, hasIndexTimeline { times[slot] = t }
        batch.appendRow(segment: segmentID, times: times, cells: chosen, sources: outputSources)
    }
}
