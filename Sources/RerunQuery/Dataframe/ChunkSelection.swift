import RerunArrow
import RerunChunk
import RerunModel

/// Which chunks of a segment a query reads.
///
/// Rerun 0.41's reader does not run on the whole recording: the client asks the server for the
/// chunks relevant to the query (by entity, and by time for filtered and resampled queries),
/// builds a store of just those chunks, and runs the dataframe engine on it. Which chunks arrive
/// is visible in the results (a `Clear` only empties columns whose chunks were fetched), so we
/// select chunks the same way the server does (`Docs/dataframe.md`, "Chunk selection").
enum FetchMode {
    /// Every chunk of the requested entities.
    case all
    /// The static chunks (per component, the one with the largest chunk id).
    case staticOnly
    /// Chunks with data in the range on the index; with `latestAtStart`, also the chunks that
    /// may hold the latest value at the range start.
    case range(ClosedRange<Int64>, latestAtStart: Bool)
    /// Chunks with data at any of the values (`latestAt == false`), or that may hold the latest
    /// value at any of them (`latestAt == true`).
    case values([Int64], latestAt: Bool)
}

/// A chunk and row.
struct ChunkRow: Sendable {
    let chunk: Int
    let row: Int
}

/// The chunks holding one entity/component on the index timeline: each with the time range of
/// its non-null cells, sorted by start, and the longest range length (Rerun's per-component
/// temporal index).
struct TemporalChunkIndex {
    var entries: [(chunk: Int, start: Int64, end: Int64)] = []
    var maxLength: Int64 = 0

    /// The chunks that may hold the latest value at `time`: those whose start lies within the
    /// longest range length below the largest start at or before `time` (Rerun's overlap rule).
    func latestAt(_ time: Int64) -> [Int] {
        guard let upper = entries.last(where: { $0.start <= time })?.start else { return [] }
        let lower = upper.subtractingReportingOverflow(maxLength)
        let bound = lower.overflow ? Int64.min : lower.partialValue
        return entries.filter { $0.start <= upper && $0.start >= bound }.map(\.chunk)
    }

    /// The chunks whose range intersects `range`.
    func overlapping(_ range: ClosedRange<Int64>) -> [Int] {
        entries.filter { $0.start <= range.upperBound && $0.end >= range.lowerBound }.map(\.chunk)
    }
}

/// Per-segment index of chunks by entity, component and time, like the server's chunk store.
struct SegmentChunkIndex {
    let chunks: [Chunk]
    /// Chunk indices per entity.
    private(set) var chunksByEntity: [EntityPath: [Int]] = [:]
    /// The winning static cell per entity and component (largest row id among non-null cells).
    private(set) var staticWinner: [EntityPath: [String: ChunkRow]] = [:]
    /// The static chunk the server returns per entity and component: the one with the largest
    /// chunk id, which need not hold the winning cell (`Docs/dataframe.md`, "Chunk selection").
    private(set) var staticFetched: [EntityPath: [String: Int]] = [:]
    /// Temporal chunk index per entity and component on the index timeline.
    private(set) var temporal: [EntityPath: [String: TemporalChunkIndex]] = [:]

    init(chunks: [Chunk], timeline: String?) {
        self.chunks = chunks
        for (index, chunk) in chunks.enumerated() {
            chunksByEntity[chunk.entityPath, default: []].append(index)
            if chunk.isStatic {
                for column in chunk.components {
                    guard let row = SegmentChunkIndex.maxRowIDRow(chunk, column.data) else { continue }
                    let component = column.descriptor.component
                    if staticFetched[chunk.entityPath]?[component].map({ chunks[$0].id < chunk.id }) ?? true {
                        staticFetched[chunk.entityPath, default: [:]][component] = index
                    }
                    if let current = staticWinner[chunk.entityPath]?[component],
                       chunks[current.chunk].rowID(at: current.row) > chunk.rowID(at: row) { continue }
                    staticWinner[chunk.entityPath, default: [:]][component] = ChunkRow(chunk: index, row: row)
                }
                continue
            }
            guard let timeline, let time = chunk.timeColumn(named: timeline) else { continue }
            for column in chunk.components {
                guard let range = SegmentChunkIndex.timeRange(time, column.data) else { continue }
                var entry = temporal[chunk.entityPath]?[column.descriptor.component] ?? TemporalChunkIndex()
                entry.entries.append((index, range.lowerBound, range.upperBound))
                entry.maxLength = max(entry.maxLength, range.upperBound &- range.lowerBound)
                temporal[chunk.entityPath, default: [:]][column.descriptor.component] = entry
            }
        }
        for (entity, components) in temporal {
            for component in components.keys {
                temporal[entity]![component]!.entries.sort { ($0.start, $0.chunk) < ($1.start, $1.chunk) }
            }
        }
    }

    /// The chunks `mode` selects for `entities`, in segment order.
    func select(entities: Set<EntityPath>, mode: FetchMode) -> [Int] {
        var selected = Set<Int>()
        for entity in entities {
            guard let indices = chunksByEntity[entity] else { continue }
            if case .all = mode {
                selected.formUnion(indices)
                continue
            }
            let statics = staticWinner[entity] ?? [:]
            for chunk in (staticFetched[entity] ?? [:]).values { selected.insert(chunk) }
            if case .staticOnly = mode { continue }
            // Temporal chunks of components without static data (static data shadows them).
            for (component, index) in temporal[entity] ?? [:] where statics[component] == nil {
                switch mode {
                case .all, .staticOnly:
                    break
                case .range(let range, let latestAtStart):
                    selected.formUnion(index.overlapping(range))
                    if latestAtStart { selected.formUnion(index.latestAt(range.lowerBound)) }
                case .values(let values, let latestAt):
                    for value in values {
                        selected.formUnion(latestAt ? index.latestAt(value) : index.overlapping(value...value))
                    }
                }
            }
        }
        return selected.sorted()
    }

    /// The time range of the non-null cells of `data` on `time`.
    static func timeRange(_ time: TimeColumn, _ data: ArrayData) -> ClosedRange<Int64>? {
        if data.nullCount == data.length { return nil }
        if data.nullCount == 0 { return time.range }
        var lo = Int64.max, hi = Int64.min
        for row in 0..<data.length where data.isValid(row) {
            let t = time.time(at: row)
            lo = min(lo, t)
            hi = max(hi, t)
        }
        return lo...hi
    }

    /// The row of the non-null cell with the largest row id.
    static func maxRowIDRow(_ chunk: Chunk, _ data: ArrayData) -> Int? {
        var best: Int?
        var bestID: RowID?
        for row in 0..<data.length where data.isValid(row) {
            let id = chunk.rowID(at: row)
            if let current = bestID, current > id { continue }
            best = row
            bestID = id
        }
        return best
    }
}
