import RerunArrow
import RerunQuery
import RerunStore

extension ViewerQueries {
    /// Largest `limit` of a `dataframe` request.
    static let maxDataframeRows = 10_000

    static func dataframe(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> ViewerMessage {
        let timeline = try request.string("timeline")
        let contents = try request.strings("contents", limit: 1000) ?? ["/**"]
        let from = try request.int("from"), to = try request.int("to")
        let offset = try request.int("offset", default: 0, in: 0...Int(Int32.max))
        let limit = try request.int("limit", default: 100, in: 0...maxDataframeRows)
        var reader: DataframeReader
        do {
            let query = DataframeQuery(
                index: timeline, contents: try EntityPathFilter(parsing: contents),
                timeRange: timeline == nil ? nil : try DataframeQuery.range(from: from, to: to))
            reader = try DataframeDataset(stores: [store]).reader(query)
        } catch {
            throw ViewerError(.badRequest, "'dataframe': \(error)")
        }
        var message = ViewerMessage(type: "dataframe_result", re: id, budget: limits.maxResponseBytes)
        var rows: [ViewerJSON] = []
        var total = 0
        var jsonBytes = 0
        do {
            while let batch = try reader.next() {
                let first = max(offset - total, 0), last = min(offset + limit - total, batch.rowCount)
                if first < last {
                    for row in first..<last {
                        var text = "["
                        for (k, column) in batch.columns.enumerated() {
                            if k > 0 { text += "," }
                            ArrowJSON.append(column, row, to: &text)
                        }
                        text += "]"
                        jsonBytes += text.utf8.count
                        guard jsonBytes <= limits.maxResponseBytes else {
                            throw ViewerError(.tooLarge, "the dataframe page exceeds the \(limits.maxResponseBytes)-byte response limit; ask for fewer rows")
                        }
                        rows.append(.raw(text))
                    }
                }
                total += batch.rowCount
            }
        } catch let error as ViewerError {
            throw error
        } catch {
            throw ViewerError(.badRequest, "'dataframe': \(error)")
        }
        message.set("total", .int(total))
        message.set("offset", .int(offset))
        message.set("columns", .array(reader.schema.fields.map { .object([("name", .string($0.name)), ("type", .string($0.type.description))]) }))
        message.set("rows", .array(rows))
        return message
    }
}
