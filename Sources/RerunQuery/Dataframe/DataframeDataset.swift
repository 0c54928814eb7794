import RerunArrow
public import RerunChunk
public import RerunModel

/// A set of recordings (segments) to run dataframe queries on, with the dataset-wide schema
/// Rerun 0.41's catalog derives from them: every timeline, and every entity/component column
/// with its static, tombstone and semantically-empty flags.
///
/// ```swift
/// let dataset = try DataframeDataset(segments: [DataframeSegment(id: "rec", chunks: chunks)])
/// var reader = try dataset.reader(DataframeQuery(index: "frame"))
/// while let batch = try reader.next() { … }
/// ```
public struct DataframeDataset: Sendable {
    /// The segments, sorted by id (segments with the same id are merged).
    public let segments: [DataframeSegment]
    /// Every timeline of every segment, by name.
    public let timelines: [String: Timeline]
    /// Every component column, in Rerun's column order.
    public let componentColumns: [DataframeComponentColumn]
    /// The index columns' order in results (Rerun 0.41 orders them with a quirk of its schema
    /// sort; see `Docs/dataframe.md`).
    public let indexOrder: [Timeline]

    /// Gathers the schema of `segments`.
    ///
    /// Throws `DataframeError.Kind.invalidData` if two chunks use one timeline name with two
    /// kinds, or one component with two element types.
    public init(segments: [DataframeSegment]) throws(DataframeError) {
        var byID: [String: [Chunk]] = [:]
        for segment in segments { byID[segment.id, default: []].append(contentsOf: segment.chunks) }
        self.segments = byID.keys.sorted(by: ByteOrder.less).map { DataframeSegment(id: $0, chunks: byID[$0]!) }

        var timelines: [String: Timeline] = [:]
        var columns: [ColumnKey: ColumnAccumulator] = [:]
        for segment in self.segments {
            for chunk in segment.chunks {
                for column in chunk.timeColumns {
                    if let known = timelines[column.timeline.name], known.kind != column.timeline.kind {
                        throw DataframeError(.invalidData, "timeline '\(column.timeline.name)' is \(known.kind) in one chunk and \(column.timeline.kind) in chunk \(chunk.id.hexString) of segment '\(segment.id)' (\(chunk.entityPath))")
                    }
                    timelines[column.timeline.name] = column.timeline
                }
                for component in chunk.components {
                    let key = ColumnKey(entity: chunk.entityPath, component: component.descriptor.component)
                    let empty = ListCells.isSemanticallyEmpty(component.data)
                    if var accumulator = columns[key] {
                        guard accumulator.elementType == component.elementType else {
                            throw DataframeError(.invalidData, "component '\(key.component)' of \(key.entity) has element type \(accumulator.elementType) in one chunk and \(component.elementType) in chunk \(chunk.id.hexString) of segment '\(segment.id)'")
                        }
                        accumulator.isStatic = accumulator.isStatic || chunk.isStatic
                        accumulator.isSemanticallyEmpty = accumulator.isSemanticallyEmpty && empty
                        columns[key] = accumulator
                    } else {
                        columns[key] = ColumnAccumulator(
                            descriptor: component.descriptor, elementType: component.elementType,
                            isStatic: chunk.isStatic, isSemanticallyEmpty: empty)
                    }
                }
            }
        }
        self.timelines = timelines
        let components = columns.map { key, value in
            DataframeComponentColumn(entity: key.entity, descriptor: value.descriptor, elementType: value.elementType,
                                     isStatic: value.isStatic, isSemanticallyEmpty: value.isSemanticallyEmpty)
        }.sorted(by: DataframeComponentColumn.precedes)
        self.componentColumns = components
        self.indexOrder = DataframeDataset.indexOrder(timelines: Array(timelines.values), componentCount: components.count)
    }

    /// A dataset of one recording.
    public init(segmentID: String, chunks: [Chunk]) throws(DataframeError) {
        try self.init(segments: [DataframeSegment(id: segmentID, chunks: chunks)])
    }

    /// Starts a query; see `DataframeQuery` for the semantics.
    public func reader(_ query: DataframeQuery) throws(DataframeError) -> DataframeReader {
        try DataframeReader(dataset: self, query: query)
    }

    /// The order of the index columns in results.
    ///
    /// Rerun 0.41's reader sorts the dataset schema (row id, index columns by name, then every
    /// component column) with a comparator that calls any index column "less" than any other
    /// one, so the order of the index columns is whatever Rust's stable sort makes of that: the
    /// names reversed for small schemas, a more intricate permutation for larger ones. We run the
    /// same algorithm (`RustStableSort`).
    static func indexOrder(timelines: [Timeline], componentCount: Int) -> [Timeline] {
        let sorted = timelines.sorted { ByteOrder.less($0.name, $1.name) }
        // Kinds: 0 = row id, 1 = index (payload = position in `sorted`), 2 = data.
        var items: [(kind: Int, index: Int)] = [(0, -1)]
        items += sorted.indices.map { (1, $0) }
        items += Array(repeating: (2, -1), count: componentCount)
        RustStableSort.sort(&items) { a, b in
            // Rerun's comparator (`compute_schema_for_query`), as an `is_less` predicate.
            switch (a.kind, b.kind) {
            case (0, _): return true
            case (_, 0): return false
            case (1, _): return true
            case (_, 1): return false
            default: return false
            }
        }
        return items.filter { $0.kind == 1 }.map { sorted[$0.index] }
    }
}

/// An entity/component pair.
struct ColumnKey: Hashable, Sendable {
    let entity: EntityPath
    let component: String
}

/// Column metadata gathered over chunks.
struct ColumnAccumulator {
    let descriptor: ComponentDescriptor
    let elementType: DataType
    var isStatic: Bool
    var isSemanticallyEmpty: Bool
}
