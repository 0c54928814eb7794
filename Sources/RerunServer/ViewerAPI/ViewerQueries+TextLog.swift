import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunStore
import RerunTypes

extension ViewerQueries {
    /// Largest `limit` of a `text_log` request.
    static let maxTextRows = 10_000

    /// One text instance: where it lives and how it sorts.
    struct TextLine {
        var time: TimeInt
        var rowID: RowID
        var instance: Int
        var entity: EntityPath
        var chunk: Chunk
        var row: Int
        var text: Int
        var level: Int?
        var color: Int?

        static func precedes(_ a: TextLine, _ b: TextLine) -> Bool {
            (a.time, a.rowID, a.instance) < (b.time, b.rowID, b.instance)
        }
    }

    /// The filters of a `text_log` request.
    struct TextFilter {
        /// Upper-cased levels to keep (`nil` = all); `nil` entries keep rows without a level.
        var levels: Set<String?>?
        /// Lower-cased search text.
        var search: String?

        var isEmpty: Bool { levels == nil && search == nil }
    }

    static var textComponent: String { TextLog.Descriptors.text.component }
    static var levelComponent: String { TextLog.Descriptors.level.component }
    static var colorComponent: String { TextLog.Descriptors.color.component }

    static func textLog(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> ViewerMessage {
        let timeline = try request.requireString("timeline")
        let at = try request.requireInt("at")
        let offset = try request.int("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try request.int("limit", default: 100, in: 0...maxTextRows)
        let roots = try request.entities("entities", limit: maxEntities)
        var filter = TextFilter()
        if let levels = try request.optionalStrings("levels", limit: 64) { filter.levels = Set(levels.map { $0?.uppercased() }) }
        if let search = try request.string("search"), !search.isEmpty { filter.search = search.lowercased() }

        let need = offset + limit
        let known = knows(store, timeline: timeline)
        let upper = TimeInt(at) ?? .min
        var total = 0
        var candidates: [TextLine] = []
        for entity in store.entityPaths {
            if let roots, !roots.contains(where: { entity == $0 || entity.isDescendant(of: $0) }) { continue }
            guard store.hasComponent(textComponent, of: entity, timeline: known ? timeline : nil) else { continue }
            let runs: [StoreRun]
            if known {
                runs = at < TimeInt.min.rawValue ? [] : store.range(entity: entity, component: textComponent, timeline: timeline, in: TimeInt.min...upper)
            } else if let cell = store.staticCell(entity: entity, component: textComponent) {
                runs = [StoreRun(chunk: cell.chunk, column: cell.column, rows: cell.row..<(cell.row + 1), timeline: nil)]
            } else {
                runs = []
            }
            var lines: [TextLine] = []
            total += collect(runs: runs, entity: entity, filter: filter, keep: need, into: &lines)
            candidates += lines
        }
        candidates.sort { TextLine.precedes($0, $1) }
        let end = max(0, candidates.count - offset)
        let page = candidates[max(0, candidates.count - need)..<end]

        var message = ViewerMessage(type: "text_log_result", re: id, budget: limits.maxResponseBytes)
        message.set("total", .int(total))
        message.set("offset", .int(offset))
        message.set("rows", .array(page.map(json)))
        return message
    }

    /// Adds the newest `keep` matching lines of `runs` to `lines` (in order); returns how many match.
    static func collect(runs: [StoreRun], entity: EntityPath, filter: TextFilter, keep: Int, into lines: inout [TextLine]) -> Int {
        var total = 0
        var newestFirst: [TextLine] = []
        for run in runs.reversed() {
            let chunk = run.chunk
            let textColumn = run.column
            let levelColumn = chunk.components.firstIndex { $0.descriptor.component == levelComponent }
            let colorColumn = chunk.components.firstIndex { $0.descriptor.component == colorComponent }
            let texts = chunk.components[textColumn].data
            if filter.isEmpty, newestFirst.count >= keep {
                total += instanceCount(texts, run.rows)
                continue
            }
            for row in run.rows.reversed() {
                let n = instanceRange(texts, row)
                guard !n.isEmpty else { continue }
                for instance in (0..<n.count).reversed() {
                    let line = TextLine(time: run.time(ofRow: row), rowID: chunk.rowID(at: row), instance: instance, entity: entity,
                                        chunk: chunk, row: row, text: textColumn, level: levelColumn, color: colorColumn)
                    if !filter.isEmpty {
                        guard matches(line, filter) else { continue }
                    }
                    total += 1
                    if newestFirst.count < keep { newestFirst.append(line) }
                }
            }
        }
        lines += newestFirst.reversed()
        return total
    }

    /// The instance slots of `row` in a list column (empty for null rows).
    static func instanceRange(_ list: ArrayData, _ row: Int) -> Range<Int> {
        guard row < list.length, list.isValid(row), let offsets = list.buffers[1] else { return 0..<0 }
        let s = Int(offsets.load(fromByteOffset: (list.offset + row) * 4, as: Int32.self))
        let e = Int(offsets.load(fromByteOffset: (list.offset + row + 1) * 4, as: Int32.self))
        return s <= e ? s..<e : 0..<0
    }

    /// The number of instances in `rows` of a list column.
    static func instanceCount(_ list: ArrayData, _ rows: Range<Int>) -> Int {
        guard list.nullCount == 0, let offsets = list.buffers[1], !rows.isEmpty else {
            return rows.reduce(0) { $0 + instanceRange(list, $1).count }
        }
        let s = Int(offsets.load(fromByteOffset: (list.offset + rows.lowerBound) * 4, as: Int32.self))
        let e = Int(offsets.load(fromByteOffset: (list.offset + rows.upperBound) * 4, as: Int32.self))
        return max(0, e - s)
    }

    /// The string of instance `instance` of column `column` at `row`, matching a text's instance
    /// (or the only instance if the column has one per row).
    static func string(_ chunk: Chunk, column: Int?, row: Int, instance: Int, of count: Int) -> String? {
        guard let column else { return nil }
        let list = chunk.components[column].data
        guard case .list = list.type, let values = list.children.first, values.type == .utf8 else { return nil }
        let slots = instanceRange(list, row)
        let slot = slots.count == count ? slots.lowerBound + instance : (slots.count == 1 ? slots.lowerBound : -1)
        guard slot >= 0, slot < values.length, values.isValid(slot) else { return nil }
        return ViewerCellEncoder.string(values, slot)
    }

    static func text(_ line: TextLine) -> String {
        let list = line.chunk.components[line.text].data
        let slots = instanceRange(list, line.row)
        return string(line.chunk, column: line.text, row: line.row, instance: line.instance, of: slots.count) ?? ""
    }

    static func level(_ line: TextLine) -> String? {
        let count = instanceRange(line.chunk.components[line.text].data, line.row).count
        return string(line.chunk, column: line.level, row: line.row, instance: line.instance, of: count)
    }

    static func color(_ line: TextLine) -> UInt32? {
        guard let column = line.color else { return nil }
        let list = line.chunk.components[column].data
        guard case .list = list.type, let values = list.children.first, values.type == .uint32 else { return nil }
        let slots = instanceRange(list, line.row)
        guard let slot = slots.first, values.isValid(slot), let buffer = values.buffers[1] else { return nil }
        return buffer.load(fromByteOffset: (values.offset + slot) * 4, as: UInt32.self)
    }

    static func matches(_ line: TextLine, _ filter: TextFilter) -> Bool {
        if let levels = filter.levels, !levels.contains(level(line)?.uppercased()) { return false }
        if let search = filter.search, !text(line).lowercased().contains(search) { return false }
        return true
    }

    static func json(_ line: TextLine) -> ViewerJSON {
        var fields: [(String, ViewerJSON)] = [
            ("entity", .string(line.entity.description)),
            ("time", line.time.isStatic ? .null : .int(line.time.rawValue)),
            ("row_id", .string(line.rowID.hexString)),
            ("level", .optional(level(line))),
            ("text", .string(text(line))),
        ]
        if let color = color(line) { fields.append(("color", .int(color))) }
        return .object(fields)
    }
}
