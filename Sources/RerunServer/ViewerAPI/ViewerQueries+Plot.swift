import RerunModel
import RerunQuery
import RerunStore

extension ViewerQueries {
    /// Largest plot width (buckets).
    static let maxPlotWidth = 16_384
    /// Largest number of series in one request.
    static let maxSeries = 256
    /// Largest number of instances expanded from one series without `instance`.
    static let maxInstances = 64
    /// The default plotted component.
    static let scalarsComponent = "Scalars:scalars"

    static func plot(
        _ request: ViewerRequestFields, id: Int64, store: ChunkStore, limits: ViewerLimits,
        summaries: ViewerPlotSummaries = .shared
    ) throws(ViewerError) -> ViewerMessage {
        let timeline = try request.requireString("timeline")
        let from = try request.requireInt("from"), to = try request.requireInt("to")
        guard from <= to else { throw ViewerError(.badRequest, "'plot': 'from' (\(from)) is after 'to' (\(to))") }
        let width = try request.int("width", default: 1000, in: 1...maxPlotWidth)
        let series = try request.objects("series", limit: maxSeries)
        var message = ViewerMessage(type: "plot_result", re: id, budget: limits.maxResponseBytes)
        message.set("timeline", .string(timeline))
        message.set("from", .int(from))
        message.set("to", .int(to))
        message.set("width", .int(width))
        let lower = TimeInt(from) ?? .min, upper = max(lower, TimeInt(to) ?? .max)
        let known = knows(store, timeline: timeline)
        var out: [ViewerJSON] = []
        for item in series {
            let entity = try item.entity("entity")
            let component = try item.string("component") ?? scalarsComponent
            let instances: [Int]
            if let instance = try item.int("instance") {
                guard let i = Int(exactly: instance), i >= 0 else { throw ViewerError(.badRequest, "'plot': series 'instance' must be ≥ 0") }
                instances = [i]
            } else {
                let count = known ? store.latestTemporalAt(entity: entity, component: component, timeline: timeline, at: upper)
                    .map { LatestAtCell(descriptor: ComponentDescriptor(component: component), source: $0).instanceCount } ?? 1 : 1
                instances = Array(0..<max(1, min(count, maxInstances)))
            }
            // Series of one Float64 per row go through cached block summaries; others through M4.
            let segments = known && instances == [0] ? summaries.series(store: store, entity: entity, component: component, timeline: timeline) : nil
            let runs = segments != nil || !known ? []
                : store.range(entity: entity, component: component, timeline: timeline, in: lower...upper).filter { $0.timeline != nil }
            for instance in instances {
                let points: M4.Points
                let samples: Int
                if let segments {
                    (points, samples) = ViewerPlotDecimator.decimate(segments: segments, range: from...max(from, to), width: width)
                } else {
                    var m4 = M4(range: from...max(from, to), width: width)
                    m4.add(runs: runs, series: instance)
                    points = m4.finish()
                    samples = runs.reduce(0) { $0 + $1.count }
                }
                let times = try message.payload.append(values: points.times)
                let values = try message.payload.append(values: points.values)
                out.append(.object([
                    ("entity", .string(entity.description)), ("component", .string(component)), ("instance", .int(instance)),
                    ("samples", .int(samples)), ("count", .int(points.times.count)), ("times", .int(times)), ("values", .int(values)),
                ]))
            }
        }
        message.set("series", .array(out))
        return message
    }
}
