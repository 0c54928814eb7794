import RerunArrow
import RerunModel
import RerunStore

/// The state the server pushes to a browser (`Docs/viewer-protocol.md` §5), built from store
/// snapshots and hub summaries as pure functions.
enum ViewerPushes {
    /// The protocol's id of a store: `StoreID.description` (`recording:app/id`), unique across
    /// recordings and blueprints.
    static func recordingID(_ id: StoreID) -> String { id.description }

    /// One entry of the `recordings` list (also used by `GET /api/info`).
    static func recording(_ summary: RecordingSummary, rows: Int?) -> ViewerJSON {
        var fields: [(String, ViewerJSON)] = [
            ("id", .string(recordingID(summary.id))), ("application_id", .string(summary.applicationID)),
            ("recording_id", .string(summary.id.recordingID)),
            ("kind", .string(summary.kind == .recording ? "recording" : "blueprint")),
        ]
        if let name = summary.name { fields.append(("name", .string(name))) }
        if let started = summary.startedNanos { fields.append(("started", .int(started))) }
        fields.append(("chunks", .int(summary.chunkCount)))
        if let rows { fields.append(("rows", .int(rows))) }
        fields.append(("bytes", .int(summary.bytes)))
        return .object(fields)
    }

    /// The `recordings` push; `rows` gives each store's row count when known.
    static func recordings(_ summaries: [RecordingSummary], rows: [StoreID: Int]) -> ViewerMessage {
        var message = ViewerMessage(type: "recordings", budget: .max)
        message.set("list", .array(summaries.map { recording($0, rows: rows[$0.id]) }))
        return message
    }

    /// The `tree` push of one store.
    static func tree(recording: String, store: ChunkStore) -> ViewerMessage {
        // The instance type of every (entity, component), from any chunk that holds it.
        var types: [EntityPath: [String: DataType]] = [:]
        for chunk in store.allChunks {
            for column in chunk.components where types[chunk.entityPath]?[column.descriptor.component] == nil {
                types[chunk.entityPath, default: [:]][column.descriptor.component] = column.elementType
            }
        }
        var entities: [ViewerJSON] = []
        for entity in store.entityPaths {
            guard let statistics = store.statistics(of: entity) else { continue }
            var components: [ViewerJSON] = []
            var anyStatic = false
            for name in statistics.components.keys.sorted() {
                let c = statistics.components[name]!
                let d = c.descriptor
                anyStatic = anyStatic || c.staticCells > 0
                components.append(.object([
                    ("component", .string(d.component)), ("archetype", .optional(d.archetype)), ("field", .string(d.fieldName)),
                    ("component_type", .optional(d.componentType)), ("type", .optional(types[entity]?[name]?.description)),
                    ("static", .bool(c.staticCells > 0)), ("rows", .int(c.staticCells + c.temporalCells)),
                ]))
            }
            entities.append(.object([("path", .string(entity.description)), ("static", .bool(anyStatic)), ("components", .array(components))]))
        }
        var message = ViewerMessage(type: "tree", budget: .max)
        message.set("recording", .string(recording))
        message.set("entities", .array(entities))
        return message
    }

    /// The data range of every timeline of `store`.
    static func timelineRanges(_ store: ChunkStore) -> [(Timeline, ClosedRange<Int64>?)] {
        let entities = store.entityPaths
        return store.allTimelines.map { timeline in
            var range: ClosedRange<Int64>?
            for entity in entities {
                guard let r = store.timeRange(of: entity, timeline: timeline.name) else { continue }
                range = range.map { min($0.lowerBound, r.lowerBound.rawValue)...max($0.upperBound, r.upperBound.rawValue) }
                    ?? r.lowerBound.rawValue...r.upperBound.rawValue
            }
            return (timeline, range)
        }
    }

    /// The `timelines` push of one store.
    static func timelines(recording: String, store: ChunkStore) -> ViewerMessage {
        var message = ViewerMessage(type: "timelines", budget: .max)
        message.set("recording", .string(recording))
        message.set("list", .array(timelineRanges(store).map { timeline, range in
            .object([
                ("name", .string(timeline.name)), ("kind", .string(timeline.kind.description)),
                ("min", range.map { .int($0.lowerBound) } ?? .null), ("max", range.map { .int($0.upperBound) } ?? .null),
            ])
        }))
        return message
    }

    /// The timeline density pushes use when the client names none: `log_time`, else the first.
    static func defaultTimeline(_ store: ChunkStore) -> String? {
        let names = store.allTimelines.map(\.name)
        return names.contains("log_time") ? "log_time" : names.sorted().first
    }

    /// A `density` message for `timeline` over `from...to` (default: the timeline's data range).
    static func density(
        recording: String, store: ChunkStore, timeline: String, from: Int64?, to: Int64?, buckets: Int, re: Int64? = nil
    ) -> ViewerMessage {
        var lower = from, upper = to
        if lower == nil || upper == nil, let range = timelineRanges(store).first(where: { $0.0.name == timeline })?.1 {
            lower = lower ?? range.lowerBound
            upper = upper ?? range.upperBound
        }
        var message = ViewerMessage(type: "density", re: re, budget: .max)
        message.set("recording", .string(recording))
        message.set("timeline", .string(timeline))
        message.set("from", lower.map { .int($0) } ?? .null)
        message.set("to", upper.map { .int($0) } ?? .null)
        message.set("buckets", .int(buckets))
        var entities: [(String, ViewerJSON)] = []
        if let lower, let upper, lower <= upper {
            let counts = ViewerDensity(from: lower, to: upper, buckets: buckets).counts(store: store, timeline: timeline)
            for entity in counts.keys.sorted() {
                entities.append((entity.description, .array(counts[entity]!.map { .int($0) })))
            }
        }
        message.set("entities", .object(entities))
        return message
    }
}

extension ViewerQueries {
    /// Largest number of density buckets.
    static let maxBuckets = 4096

    /// A one-off `density` request.
    static func density(_ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits) throws(ViewerError) -> ViewerMessage {
        let timeline = try request.requireString("timeline")
        let buckets = try request.int("buckets", default: 512, in: 1...maxBuckets)
        let from = try request.int("from"), to = try request.int("to")
        if let from, let to, from > to { throw ViewerError(.badRequest, "'density': 'from' (\(from)) is after 'to' (\(to))") }
        var message = ViewerPushes.density(recording: store.storeID.map(ViewerPushes.recordingID) ?? "", store: store,
                                           timeline: timeline, from: from, to: to, buckets: buckets, re: id)
        message.payload = ViewerPayload(budget: limits.maxResponseBytes)
        return message
    }
}
