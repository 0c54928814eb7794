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

    /// Gathers the schema of `segments`, given in registration order (which decides the column
    /// order when segments have different columns; see `columnOrder`).
    ///
    /// Throws `DataframeError.Kind.invalidData` if two chunks use one timeline name with two
    /// kinds, or one component with two element types.
    public init(segments: [DataframeSegment]) throws(DataframeError) {
        var byID: [String: [Chunk]] = [:]
        var registration: [String] = []
        for segment in segments {
            if byID[segment.id] == nil { registration.append(segment.id) }
            byID[segment.id, default: []].append(contentsOf: segment.chunks)
        }
        self.segments = registration.sorted(by: ByteOrder.less).map { DataframeSegment(id: $0, chunks: byID[$0]!) }

        var timelines: [String: Timeline] = [:]
        // Column metadata is each segment's own (static if any chunk is, empty if all are); the
        // catalog merges segments' schemas by taking the union of their field metadata, so a
        // flag holds for the dataset if it holds in any segment.
        var columns: [ColumnKey: ColumnAccumulator] = [:]
        var fields: [DatasetField] = []
        var seenFields = Set<DatasetField>()
        for id in registration {
            var segmentTimelines = Set<String>()
            var segmentColumns: [ColumnKey: ColumnAccumulator] = [:]
            for chunk in byID[id]! {
                for column in chunk.timeColumns {
                    if let known = timelines[column.timeline.name], known.kind != column.timeline.kind {
                        throw DataframeError(.invalidData, "timeline '\(column.timeline.name)' is \(known.kind) in one chunk and \(column.timeline.kind) in chunk \(chunk.id.hexString) of segment '\(id)' (\(chunk.entityPath))")
                    }
                    timelines[column.timeline.name] = column.timeline
                    segmentTimelines.insert(column.timeline.name)
                }
                for component in chunk.components {
                    let key = ColumnKey(entity: chunk.entityPath, component: component.descriptor.component)
                    if let known = columns[key] ?? segmentColumns[key], known.elementType != component.elementType {
                        throw DataframeError(.invalidData, "component '\(key.component)' of \(key.entity) has element type \(known.elementType) in one chunk and \(component.elementType) in chunk \(chunk.id.hexString) of segment '\(id)'")
                    }
                    let empty = ListCells.isSemanticallyEmpty(component.data)
                    if var accumulator = segmentColumns[key] {
                        accumulator.isStatic = accumulator.isStatic || chunk.isStatic
                        accumulator.isSemanticallyEmpty = accumulator.isSemanticallyEmpty && empty
                        segmentColumns[key] = accumulator
                    } else {
                        segmentColumns[key] = ColumnAccumulator(
                            descriptor: component.descriptor, elementType: component.elementType,
                            isStatic: chunk.isStatic, isSemanticallyEmpty: empty)
                    }
                }
            }
            for (key, value) in segmentColumns {
                if var known = columns[key] {
                    known.isStatic = known.isStatic || value.isStatic
                    known.isSemanticallyEmpty = known.isSemanticallyEmpty || value.isSemanticallyEmpty
                    columns[key] = known
                } else {
                    columns[key] = value
                }
            }
            // The segment's own schema (timelines by name, then components in Rerun's order),
            // appended to the dataset schema where new.
            let sortedColumns = segmentColumns.keys.sorted { a, b in
                DataframeComponentColumn.precedes(
                    DataframeComponentColumn(entity: a.entity, descriptor: columns[a]!.descriptor, elementType: .null, isStatic: false, isSemanticallyEmpty: false),
                    DataframeComponentColumn(entity: b.entity, descriptor: columns[b]!.descriptor, elementType: .null, isStatic: false, isSemanticallyEmpty: false))
            }
            for field in segmentTimelines.sorted(by: ByteOrder.less).map(DatasetField.index) + sortedColumns.map(DatasetField.component)
            where seenFields.insert(field).inserted {
                fields.append(field)
            }
        }
        self.timelines = timelines
        let ordered = DataframeDataset.resultOrder(fields)
        indexOrder = ordered.compactMap { if case .index(let name) = $0 { timelines[name] } else { nil } }
        componentColumns = ordered.compactMap { field in
            guard case .component(let key) = field, let value = columns[key] else { return nil }
            return DataframeComponentColumn(entity: key.entity, descriptor: value.descriptor, elementType: value.elementType,
                                            isStatic: value.isStatic, isSemanticallyEmpty: value.isSemanticallyEmpty)
        }
    }

    /// A dataset of one recording.
    public init(segmentID: String, chunks: [Chunk]) throws(DataframeError) {
        try self.init(segments: [DataframeSegment(id: segmentID, chunks: chunks)])
    }

    /// Starts a query; see `DataframeQuery` for the semantics.
    public func reader(_ query: DataframeQuery) throws(DataframeError) -> DataframeReader {
        try DataframeReader(dataset: self, query: query)
    }

    /// The order of the columns in results.
    ///
    /// Rerun 0.41's reader sorts the dataset schema (the row id, then each segment's new columns
    /// in registration order: its timelines by name, then its components) with a comparator that
    /// calls any index column "less" than any other one, so the order of the index columns is
    /// whatever Rust's stable sort makes of that: the names reversed for small schemas, a more
    /// intricate permutation for larger ones. We run the same algorithm (`RustStableSort`).
    static func resultOrder(_ fields: [DatasetField]) -> [DatasetField] {
        // Kinds: 0 = row id, 1 = index, 2 = data; payload = position in `fields`.
        var items: [(kind: Int, index: Int)] = [(0, -1)]
        for (position, field) in fields.enumerated() {
            if case .index = field { items.append((1, position)) } else { items.append((2, position)) }
        }
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
        return items.filter { $0.kind != 0 }.map { fields[$0.index] }
    }
}

/// A column of the dataset schema: a timeline, or an entity's component.
enum DatasetField: Hashable, Sendable {
    case index(String)
    case component(ColumnKey)
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
