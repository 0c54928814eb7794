import RerunArrow
import RerunChunk
import RerunModel
import RerunQuery

/// A brute-force model of a store: every row of every chunk, flattened; queries scan.
struct Reference {
    struct Row {
        var times: [String: Int64]
        var isStatic: Bool
        var rowID: RowID
        var cells: [String: [Int64]]
    }

    struct Cell: Equatable, CustomStringConvertible {
        var index: DataIndex
        var values: [Int64]
        var description: String { "\(index.time)/\(index.rowID.increment)=\(values)" }
    }

    private(set) var rows: [EntityPath: [Row]] = [:]

    init(chunks: [Chunk]) {
        for chunk in chunks { add(chunk) }
    }

    mutating func add(_ chunk: Chunk) {
        for row in 0..<chunk.rowCount {
            var times: [String: Int64] = [:]
            for column in chunk.timeColumns { times[column.timeline.name] = column.time(at: row) }
            var cells: [String: [Int64]] = [:]
            for column in chunk.components {
                if let v = cellValues(column.data, row: row) { cells[column.descriptor.component] = v }
            }
            rows[chunk.entityPath, default: []].append(
                Row(times: times, isStatic: chunk.isStatic, rowID: chunk.rowID(at: row), cells: cells))
        }
    }

    static func after(_ a: DataIndex, _ b: DataIndex) -> Bool {
        if a.isStatic && b.isStatic { return a.rowID > b.rowID }
        if a.isStatic { return true }
        if b.isStatic { return false }
        return (a.time.rawValue, a.rowID) > (b.time.rawValue, b.rowID)
    }

    /// Static winner or latest temporal cell at or before `t`, without clears.
    func latestCell(_ entity: EntityPath, _ component: String, _ timeline: String, _ t: Int64) -> Cell? {
        var best: Cell?
        for row in rows[entity] ?? [] where row.isStatic {
            guard let v = row.cells[component] else { continue }
            if best.map({ row.rowID > $0.index.rowID }) ?? true {
                best = Cell(index: DataIndex(time: .staticTime, rowID: row.rowID), values: v)
            }
        }
        if best != nil { return best }
        return latestTemporal(entity, component, timeline, t)
    }

    func latestTemporal(_ entity: EntityPath, _ component: String, _ timeline: String, _ t: Int64) -> Cell? {
        var best: (key: (Int64, RowID), cell: Cell)?
        for row in rows[entity] ?? [] where !row.isStatic {
            guard let time = row.times[timeline], time <= t, let v = row.cells[component] else { continue }
            if best.map({ (time, row.rowID) > $0.key }) ?? true {
                best = ((time, row.rowID), Cell(index: DataIndex(time: TimeInt(time)!, rowID: row.rowID), values: v))
            }
        }
        return best?.cell
    }

    /// Components visible on `timeline`: static ones and those with a cell on the timeline.
    func components(_ entity: EntityPath, _ timeline: String) -> Set<String> {
        var names = Set<String>()
        for row in rows[entity] ?? [] where row.isStatic || row.times[timeline] != nil {
            names.formUnion(row.cells.keys)
        }
        return names
    }

    func latestAt(_ entity: EntityPath, _ timeline: String, _ t: Int64, components: [String]?) -> [String: Cell] {
        var clear: DataIndex?
        var path: EntityPath? = entity
        while let current = path {
            if let cell = latestCell(current, TestNames.clear, timeline, t), current == entity || cell.values == [1] {
                if clear.map({ Reference.after(cell.index, $0) }) ?? true { clear = cell.index }
            }
            path = current.parent
        }
        var result: [String: Cell] = [:]
        let visible = self.components(entity, timeline)
        for name in components ?? Array(visible) where visible.contains(name) {
            guard let cell = latestCell(entity, name, timeline, t) else { continue }
            if name != TestNames.clear, let clear, !Reference.after(cell.index, clear) { continue }
            result[name] = cell
        }
        return result
    }

    func range(_ entity: EntityPath, _ component: String, _ timeline: String, _ a: Int64, _ b: Int64, includeBefore: Bool) -> [Cell] {
        var statics: Cell?
        for row in rows[entity] ?? [] where row.isStatic {
            guard let v = row.cells[component] else { continue }
            if statics.map({ row.rowID > $0.index.rowID }) ?? true {
                statics = Cell(index: DataIndex(time: .staticTime, rowID: row.rowID), values: v)
            }
        }
        if let statics { return [statics] }
        var cells: [(key: (Int64, RowID), cell: Cell)] = []
        for row in rows[entity] ?? [] where !row.isStatic {
            guard let time = row.times[timeline], time >= a, time <= b, let v = row.cells[component] else { continue }
            cells.append(((time, row.rowID), Cell(index: DataIndex(time: TimeInt(time)!, rowID: row.rowID), values: v)))
        }
        cells.sort { $0.key < $1.key }
        var result = cells.map(\.cell)
        if includeBefore, a > Int64.min + 1, let before = latestTemporal(entity, component, timeline, a - 1) {
            result.insert(before, at: 0)
        }
        return result
    }
}

extension LatestAtResult {
    /// The result as reference cells (values read through the zero-copy `values` slice).
    var cells: [String: Reference.Cell] {
        components.mapValues { Reference.Cell(index: $0.index, values: values(of: $0.values)) }
    }
}

extension RangeComponentResult {
    /// The result as reference cells, reading every run's zero-copy slices.
    var cells: [Reference.Cell] {
        var result: [Reference.Cell] = []
        for run in runs {
            let cells = run.cells
            let ids = run.rowIDs
            for i in 0..<run.count {
                let row = run.rows.lowerBound + i
                let base = (ids.offset + i) * 16
                let id = TUID(timeNanos: UInt64(bigEndian: ids.buffers[1]!.load(fromByteOffset: base, as: UInt64.self)),
                              increment: UInt64(bigEndian: ids.buffers[1]!.load(fromByteOffset: base + 8, as: UInt64.self)))
                precondition(id == run.chunk.rowID(at: row))
                result.append(Reference.Cell(index: DataIndex(time: run.time(ofRow: row), rowID: id),
                                             values: cellValues(cells, row: i) ?? [-999_999]))
            }
        }
        return result
    }
}
