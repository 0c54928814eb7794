import RerunArrow
import RerunChunk
import RerunModel
import RerunStore
import Synchronization

/// Per-chunk min/max summaries of `Scalars` columns in blocks of 64 rows, so a plot over
/// millions of samples reads one summary per block instead of every value. Chunks are
/// immutable, so a summary never goes stale; the cache is bounded by bytes (it is emptied when
/// full) and shared by every connection of the process.
final class ViewerPlotSummaries: Sendable {
    /// Rows per block.
    static let blockSize = 64

    /// One column's blocks: the first minimum and first maximum (value and chunk row) of each,
    /// NaN ignored (row −1 when a block is all NaN).
    struct Summary: Sendable {
        var minValues: [Double] = []
        var minRows: [Int32] = []
        var maxValues: [Double] = []
        var maxRows: [Int32] = []
        var bytes: Int { minValues.count * 24 }
    }

    private struct Key: Hashable {
        var chunk: ChunkID
        var column: Int
    }

    /// A whole series (all of one component's runs on one timeline) of one store state.
    private struct SeriesKey: Hashable {
        var store: UInt64
        var entity: EntityPath
        var component: String
        var timeline: String
    }

    private struct Series {
        var stamp: UInt64
        var segments: [ViewerPlotSegment]
    }

    private struct State {
        var summaries: [Key: Summary] = [:]
        var bytes = 0
        var series: [SeriesKey: Series] = [:]
    }

    /// The most series kept. A cached series holds its chunks alive (also after the store
    /// dropped them, until the series is asked for again or evicted), so keep this small.
    static let seriesCapacity = 16

    private let state = Mutex(State())
    /// The largest number of bytes held.
    let budget: Int

    /// The cache `ViewerConnection` uses.
    static let shared = ViewerPlotSummaries(budget: 256 << 20)

    init(budget: Int) { self.budget = budget }

    /// The summary of column `column` of `chunk` (computed on first use).
    func summary(chunk: Chunk, column: Int, values: UnsafeBufferPointer<Double>) -> Summary {
        let key = Key(chunk: chunk.id, column: column)
        if let cached = state.withLock({ $0.summaries[key] }) { return cached }
        let summary = ViewerPlotSummaries.build(values)
        state.withLock { s in
            if s.bytes + summary.bytes > budget {
                s.summaries.removeAll()
                s.bytes = 0
            }
            if s.summaries.updateValue(summary, forKey: key) == nil { s.bytes += summary.bytes }
        }
        return summary
    }

    /// The segments of a whole series on `timeline`, reused while the entity is unchanged
    /// (`ChunkStore.modificationStamp`); `nil` if the series needs the general path.
    func series(store: ChunkStore, entity: EntityPath, component: String, timeline: String) -> [ViewerPlotSegment]? {
        let key = SeriesKey(store: store.identity, entity: entity, component: component, timeline: timeline)
        let stamp = store.modificationStamp(of: entity)
        if let cached = state.withLock({ $0.series[key] }), cached.stamp == stamp { return cached.segments }
        let runs = store.range(entity: entity, component: component, timeline: timeline, in: TimeInt.min...TimeInt.max)
        guard runs.allSatisfy({ $0.timeline != nil }), let segments = ViewerPlotSegment.segments(of: runs, summaries: self) else { return nil }
        state.withLock { s in
            if s.series.count >= ViewerPlotSummaries.seriesCapacity { s.series.removeAll() }
            s.series[key] = Series(stamp: stamp, segments: segments)
        }
        return segments
    }

    /// Computes the block extremes of `values` (one value per chunk row).
    static func build(_ values: UnsafeBufferPointer<Double>) -> Summary {
        var summary = Summary()
        let blocks = (values.count + blockSize - 1) / blockSize
        summary.minValues.reserveCapacity(blocks)
        summary.minRows.reserveCapacity(blocks)
        summary.maxValues.reserveCapacity(blocks)
        summary.maxRows.reserveCapacity(blocks)
        var start = 0
        while start < values.count {
            let end = min(values.count, start + blockSize)
            let (low, high) = ViewerPlotDecimator.extremes(values, start, end)
            summary.minRows.append(Int32(low))
            summary.minValues.append(low >= 0 ? values[low] : .nan)
            summary.maxRows.append(Int32(high))
            summary.maxValues.append(high >= 0 ? values[high] : .nan)
            start = end
        }
        return summary
    }
}
