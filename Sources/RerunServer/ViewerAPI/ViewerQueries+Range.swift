import RerunChunk
import RerunModel
import RerunQuery
import RerunStore

extension ViewerQueries {
    /// Largest `limit` of a `range` request.
    static let maxRangeRows = 100_000

    /// One store row of a range answer: where it is and which of its columns were asked for.
    private struct RangeRow {
        var time: TimeInt
        var rowID: RowID
        var chunk: Chunk
        var row: Int
        var columns: [Int]
    }

    /// Chunk id and row: the identity of a store row.
    private struct RowRef: Hashable {
        var chunk: ChunkID
        var row: Int
    }

    static func range(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> ViewerMessage {
        let entity = try request.entity("entity")
        let timeline = try request.requireString("timeline")
        let from = try request.requireInt("from"), to = try request.requireInt("to")
        guard from <= to else { throw ViewerError(.badRequest, "'range': 'from' (\(from)) is after 'to' (\(to))") }
        let components = try request.strings("components", limit: 10_000)
        let limit = try request.int("limit", default: 1000, in: 1...maxRangeRows)
        let latestBefore = try request.bool("latest_before")
        let encoder = ViewerCellEncoder(have: try have(request))

        var rows: [RangeRow] = []
        var index: [RowRef: Int] = [:]
        if knows(store, timeline: timeline) || store.allTimelines.isEmpty {
            let lower = TimeInt(from) ?? .min, upper = TimeInt(to) ?? .max
            let result: RangeResult
            do {
                let query = RangeQuery(timeline: timeline, range: lower...max(lower, upper), includeLatestAtBefore: latestBefore)
                result = try store.range(query, entity: entity, components: components)
            } catch {
                throw ViewerError(.internal, "range of \(entity) failed: \(error)")
            }
            for name in result.components.keys.sorted() {
                for run in result.components[name]!.runs {
                    for row in run.rows {
                        let ref = RowRef(chunk: run.chunk.id, row: row)
                        if let k = index[ref] {
                            rows[k].columns.append(run.column)
                        } else {
                            index[ref] = rows.count
                            rows.append(RangeRow(time: run.time(ofRow: row), rowID: run.chunk.rowID(at: row),
                                                 chunk: run.chunk, row: row, columns: [run.column]))
                        }
                    }
                }
            }
        } else {
            // Unknown timeline: only static values.
            for name in (components ?? store.components(of: entity, timeline: nil).map(\.component)).sorted() {
                guard let cell = store.staticCell(entity: entity, component: name) else { continue }
                rows.append(RangeRow(time: .staticTime, rowID: cell.rowID, chunk: cell.chunk, row: cell.row, columns: [cell.column]))
            }
        }
        rows.sort { ($0.time, $0.rowID) < ($1.time, $1.rowID) }

        var message = ViewerMessage(type: "range_result", re: id, budget: limits.maxResponseBytes)
        message.set("entity", .string(entity.description))
        message.set("timeline", .string(timeline))
        var out: [ViewerJSON] = []
        out.reserveCapacity(min(limit, rows.count))
        for row in rows.prefix(limit) {
            var cells: [ViewerJSON] = []
            for column in row.columns {
                cells.append(try encoder.encode(chunk: row.chunk, column: column, row: row.row, time: row.time, payload: &message.payload))
            }
            out.append(.object([
                ("time", row.time.isStatic ? .null : .int(row.time.rawValue)),
                ("row_id", .string(row.rowID.hexString)), ("components", .array(cells)),
            ]))
        }
        message.set("rows", .array(out))
        let truncated = rows.count > limit
        message.set("truncated", .bool(truncated))
        message.set("next_from", truncated && !rows[limit].time.isStatic ? .int(rows[limit].time.rawValue) : .null)
        return message
    }
}
