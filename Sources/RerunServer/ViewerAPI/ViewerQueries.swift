import RerunModel
import RerunQuery
import RerunStore

/// The viewer API's queries as pure functions over a `ChunkStore` snapshot: each parses its
/// request fields, runs on the store and builds the response message (`Docs/viewer-protocol.md` §7).
///
/// Nothing here touches the hub or the socket, so queries can run (and be tested) on any store.
enum ViewerQueries {
    /// Largest number of entities in one `latest_at`.
    static let maxEntities = 10_000
    /// Largest number of keys in `have`.
    static let maxHave = 100_000

    /// Answers one query request (`latest_at`, `range`, `plot`, `text_log`, `dataframe`,
    /// `density`) on `store`.
    static func answer(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> [UInt8] {
        var message: ViewerMessage
        switch request.type {
        case "latest_at": message = try latestAt(request, id: id, store: store, limits: limits)
        case "range": message = try range(request, id: id, store: store, limits: limits)
        case "plot": message = try plot(request, id: id, store: store, limits: limits)
        case "text_log": message = try textLog(request, id: id, store: store, limits: limits)
        case "dataframe": message = try dataframe(request, id: id, store: store, limits: limits)
        case "density": message = try density(request, id: id, store: store, limits: limits)
        default: throw ViewerError(.unknownType, "unknown request type '\(request.type)'")
        }
        return try message.encoded()
    }

    /// Whether `type` names a query answered by `answer`.
    static func isQuery(_ type: String) -> Bool {
        ["latest_at", "range", "plot", "text_log", "dataframe", "density"].contains(type)
    }

    /// The `have` keys of a request.
    static func have(_ request: ViewerRequestFields) throws(ViewerError) -> Set<String> {
        Set(try request.strings("have", limit: maxHave) ?? [])
    }

    /// Whether `store` knows `timeline` (unknown timelines see static data only).
    static func knows(_ store: ChunkStore, timeline: String?) -> Bool {
        guard let timeline else { return false }
        return store.timeline(named: timeline) != nil
    }

    // MARK: latest_at

    static func latestAt(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> ViewerMessage {
        let timeline = try request.string("timeline")
        let time = timeline == nil ? 0 : try request.requireInt("time")
        guard let entities = try request.entities("entities", limit: maxEntities) else {
            throw ViewerError(.badRequest, "'latest_at': field 'entities' must be an array of entity paths (it is missing)")
        }
        let components = try request.strings("components", limit: 10_000)
        let encoder = ViewerCellEncoder(have: try have(request))
        var message = ViewerMessage(type: "latest_at_result", re: id, budget: limits.maxResponseBytes)
        message.set("timeline", .optional(timeline))
        message.set("time", timeline == nil ? .null : .int(time))
        var results: [ViewerJSON] = []
        results.reserveCapacity(entities.count)
        for entity in entities {
            let cells = try latestAtCells(store: store, entity: entity, timeline: timeline, time: time,
                                          components: components, encoder: encoder, payload: &message.payload)
            results.append(.object([("path", .string(entity.description)), ("components", .array(cells))]))
        }
        message.set("entities", .array(results))
        return message
    }

    /// The cells of one entity at `time` (static only when `timeline` is nil or unknown).
    static func latestAtCells(
        store: ChunkStore, entity: EntityPath, timeline: String?, time: Int64, components: [String]?,
        encoder: ViewerCellEncoder, payload: inout ViewerPayload
    ) throws(ViewerError) -> [ViewerJSON] {
        var cells: [ViewerJSON] = []
        guard let timeline, knows(store, timeline: timeline) else {
            let names = components ?? store.components(of: entity, timeline: nil).map(\.component)
            for name in names.sorted() {
                guard let row = store.staticCell(entity: entity, component: name) else { continue }
                cells.append(try encoder.encode(chunk: row.chunk, column: row.column, row: row.row, time: row.time, payload: &payload))
            }
            return cells
        }
        let at = TimeInt(time) ?? .min
        let result: LatestAtResult
        do {
            result = try store.latestAt(LatestAtQuery(timeline: timeline, at: at), entity: entity, components: components)
        } catch {
            throw ViewerError(.internal, "latest-at of \(entity) failed: \(error)")
        }
        let names = components ?? store.components(of: entity, timeline: timeline).map(\.component)
        for name in Set(names).sorted() {
            if let cell = result.components[name] {
                let row = cell.source
                cells.append(try encoder.encode(chunk: row.chunk, column: row.column, row: row.row, time: row.time, payload: &payload))
            } else if result.clearIndex != nil,
                      let hidden = store.latestAt(entity: entity, component: name, timeline: timeline, at: at) {
                cells.append(encoder.cleared(component: name, chunk: hidden.chunk, row: hidden.row, time: hidden.time))
            }
        }
        return cells
    }
}
