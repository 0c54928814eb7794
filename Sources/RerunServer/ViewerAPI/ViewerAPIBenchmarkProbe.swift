package import RerunModel
package import RerunQuery
package import RerunStore

/// The viewer API's per-request work, exposed to the package's benchmarks (`ViewerAPIBenchmark`):
/// each call does what `ViewerConnection` does for one request minus the socket.
package enum ViewerAPIBenchmarkProbe {
    /// Parses a request frame holding `json`, answers it on `store` and returns the response frame.
    package static func answer(json: String, store: ChunkStore, limits: ViewerLimits = .init()) throws(ViewerError) -> [UInt8] {
        let decoded = try ViewerFrame.decode(ViewerFrame.encode(json: Array(json.utf8)))
        return try ViewerQueries.answer(ViewerRequestFields(decoded.object), id: 1, store: store, limits: limits)
    }

    /// M4 over the cached per-chunk block summaries of one scalar series (the plot query's core);
    /// returns the number of decimated points, or nil when the series is unknown.
    package static func decimateCached(
        store: ChunkStore, entity: EntityPath, component: String, timeline: String, range: ClosedRange<Int64>, width: Int
    ) -> Int? {
        guard let segments = ViewerPlotSummaries.shared.series(store: store, entity: entity, component: component, timeline: timeline) else {
            return nil
        }
        return ViewerPlotDecimator.decimate(segments: segments, range: range, width: width).points.times.count
    }

    /// The encoded `density` push for `timeline` over the whole data range.
    package static func densityPush(store: ChunkStore, timeline: String, buckets: Int) throws(ViewerError) -> [UInt8] {
        try ViewerPushes.density(recording: "r", store: store, timeline: timeline, from: nil, to: nil, buckets: buckets).encoded()
    }

    /// The encoded entity-tree push.
    package static func treePush(store: ChunkStore) throws(ViewerError) -> [UInt8] {
        try ViewerPushes.tree(recording: "r", store: store).encoded()
    }
}
