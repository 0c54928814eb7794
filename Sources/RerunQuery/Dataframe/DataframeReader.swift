public import RerunArrow
import RerunChunk
import RerunModel

/// The result of a dataframe query: an Arrow schema and a stream of record batches (at most
/// `DataframeQuery.batchSize` rows each), segment by segment in segment id order, each segment's
/// rows in ascending index order.
///
/// Segments are planned one at a time as the stream advances, so memory stays bounded by one
/// segment's index plus one batch.
public struct DataframeReader: Sendable {
    /// The schema of every batch.
    public let schema: Schema
    /// The component columns of the result, in output order.
    public let componentColumns: [DataframeComponentColumn]

    private let dataset: DataframeDataset
    private let query: DataframeQuery
    private let entities: Set<EntityPath>
    private let mode: FetchMode
    private let timelineOrder: [Timeline]
    private var builder: BatchBuilder
    private var segmentIndex = 0
    private var plan: SegmentPlan?
    private var source: RowSource
    private let initialSource: RowSource

    init(dataset: DataframeDataset, query: DataframeQuery) throws(DataframeError) {
        self.dataset = dataset
        self.query = query
        guard query.batchSize > 0 else {
            throw DataframeError(.invalidIndexValues, "batch size must be positive, got \(query.batchSize)")
        }
        let indexTimeline: Timeline?
        if let name = query.index {
            guard let timeline = dataset.timelines[name] else {
                let known = dataset.timelines.keys.sorted(by: ByteOrder.less)
                throw DataframeError(.unknownTimeline, "unknown timeline '\(name)'; the recordings have: \(known.isEmpty ? "no timelines (only static data)" : known.joined(separator: ", "))")
            }
            indexTimeline = timeline
        } else {
            indexTimeline = nil
            guard query.usingIndexValues == nil && query.timeRange == nil else {
                throw DataframeError(.invalidIndexValues, "a time range or resampling values need an index timeline")
            }
        }
        var values: [Int64]?
        if let given = query.usingIndexValues {
            let sorted = given.filter { $0 != .min }.sorted()
            for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] {
                throw DataframeError(.invalidIndexValues, "resampling index values must be unique; \(sorted[i]) appears more than once")
            }
            values = sorted
        }

        // Columns in view, by the dataset-wide flags.
        let visible = dataset.componentColumns.filter { column in
            guard query.contents.matches(column.entity) else { return false }
            if column.isTombstone && !query.includeTombstoneColumns { return false }
            if column.isSemanticallyEmpty && !query.includeSemanticallyEmptyColumns { return false }
            if indexTimeline == nil && !column.isStatic { return false }
            return true
        }
        let indexColumns = dataset.indexOrder
        var outputFields: [Field] = []
        var outputComponents: [DataframeComponentColumn] = []
        var segmentOutput: Int?
        var timelineOutput = [Int](repeating: -1, count: indexColumns.count)
        var componentOutput: [(position: Int, type: DataType)] = []
        if let selection = query.selection {
            var seen = Set<String>()
            for name in selection where !seen.insert(name).inserted {
                throw DataframeError(.unknownColumn, "column '\(name)' is selected twice")
            }
            let byName = Dictionary(visible.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let slotOfTimeline = Dictionary(uniqueKeysWithValues: indexColumns.enumerated().map { ($1.name, $0) })
            for name in selection {
                if name == DataframeIndexColumn.segmentIDName {
                    segmentOutput = outputFields.count
                    outputFields.append(DataframeIndexColumn.segmentIDField)
                } else if let slot = slotOfTimeline[name] {
                    timelineOutput[slot] = outputFields.count
                    outputFields.append(DataframeIndexColumn.field(indexColumns[slot]))
                } else if let column = byName[name] {
                    componentOutput.append((outputFields.count, column.elementType))
                    outputComponents.append(column)
                    outputFields.append(column.field)
                } else {
                    throw DataframeError(.unknownColumn, "unknown column '\(name)'; columns in view: \(([DataframeIndexColumn.segmentIDName] + indexColumns.map(\.name) + visible.map(\.name)).joined(separator: ", "))")
                }
            }
        } else {
            segmentOutput = 0
            outputFields.append(DataframeIndexColumn.segmentIDField)
            for (slot, timeline) in indexColumns.enumerated() {
                timelineOutput[slot] = outputFields.count
                outputFields.append(DataframeIndexColumn.field(timeline))
            }
            for column in visible {
                componentOutput.append((outputFields.count, column.elementType))
                outputComponents.append(column)
                outputFields.append(column.field)
            }
        }
        schema = Schema(outputFields, metadata: [ChunkSchema.sorbetVersionKey: ChunkSchema.sorbetVersion])
        componentColumns = outputComponents
        timelineOrder = indexColumns

        // The entities whose chunks are fetched.
        if query.fillLatestAt {
            entities = Set(dataset.componentColumns.map(\.entity).filter { query.contents.matches($0) })
        } else if query.selection != nil, !outputComponents.isEmpty {
            entities = Set(outputComponents.map(\.entity))
        } else if !visible.isEmpty {
            entities = Set(visible.map(\.entity))
        } else {
            // Nothing in view: Rerun then asks for every entity matching the contents.
            entities = Set(dataset.componentColumns.map(\.entity).filter { query.contents.matches($0) })
        }
        if indexTimeline == nil {
            mode = .staticOnly
            initialSource = .staticRow(done: false)
        } else if let values {
            let kept = query.timeRange.map { range in values.filter { range.contains($0) } } ?? values
            mode = .values(values, latestAt: query.fillLatestAt)
            initialSource = .values(kept, next: 0)
        } else if let range = query.timeRange {
            mode = .range(range, latestAtStart: query.fillLatestAt)
            initialSource = .merged(range: range, started: false)
        } else {
            mode = .all
            initialSource = .merged(range: (Int64.min + 1)...Int64.max, started: false)
        }
        source = initialSource
        builder = BatchBuilder(
            schema: schema, timelines: indexColumns, timelineOutput: timelineOutput,
            indexSlot: indexTimeline.flatMap { timeline in indexColumns.firstIndex { $0.name == timeline.name } },
            segmentOutput: segmentOutput, componentOutput: componentOutput)
    }

    /// The next record batch, or `nil` at the end.
    public mutating func next() throws(DataframeError) -> RecordBatch? {
        while true {
            if plan == nil {
                guard segmentIndex < dataset.segments.count else { return nil }
                plan = try SegmentPlan(
                    segment: dataset.segments[segmentIndex], query: query, entities: entities, mode: mode,
                    outputColumns: componentColumns, timelineOrder: timelineOrder.map(\.name))
                segmentIndex += 1
                source = initialSource
            }
            while builder.rowCount < query.batchSize, plan!.nextRow(&source, fill: query.fillLatestAt, into: &builder) {}
            if builder.rowCount > 0 {
                let batch = try builder.finish(chunks: plan!.chunks)
                if builder.rowCount == 0 && !plan!.hasMoreRows(source) { plan = nil }
                return batch
            }
            plan = nil
        }
    }

    /// All remaining batches concatenated into one (an empty batch if there are none).
    public mutating func readAll() throws(DataframeError) -> RecordBatch {
        var batches: [RecordBatch] = []
        while let batch = try next() { batches.append(batch) }
        if batches.isEmpty {
            do {
                return try RecordBatch(schema: schema, columns: schema.fields.map { ArrayData.nulls(of: $0.type, length: 0) }, rowCount: 0)
            } catch {
                throw DataframeError(.invalidData, "cannot build an empty result: \(error)")
            }
        }
        do {
            return try RecordBatch.concatenate(batches)
        } catch {
            throw DataframeError(.invalidData, "cannot concatenate result batches: \(error)")
        }
    }
}

extension SegmentPlan {
    /// Whether `source` may still produce rows (a cheap check; `nextRow` decides).
    func hasMoreRows(_ source: RowSource) -> Bool {
        guard !chunks.isEmpty else { return false }
        switch source {
        case .staticRow(let done): return !done
        case .values(let values, let next): return next < values.count
        case .merged(let range, _):
            guard let next = nextTime() else { return false }
            return next <= range.upperBound
        }
    }
}
