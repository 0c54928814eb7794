public import RerunArrow
import RerunModel

extension Chunk {
    /// Reads a chunk from a record batch written by Rerun 0.41 (or by us), following
    /// `Docs/rrd-format.md` §4.3: schema metadata `rerun:entity_path` and `rerun:id`, then the
    /// row id column, the index columns and the component columns, in that order.
    ///
    /// Tolerates what the official reader tolerates (missing `rerun:kind`, `rerun:archetype`, a
    /// RowId column without extension keys, `Timestamp(ns, "UTC")`) and throws a `ChunkError`
    /// naming the column for anything else. The arrays are not copied.
    public init(recordBatch batch: RecordBatch) throws(ChunkError) {
        let schema = batch.schema
        guard let pathString = schema.metadata[ChunkSchema.entityPathKey] else {
            throw ChunkError("chunk schema has no '\(ChunkSchema.entityPathKey)' metadata")
        }
        guard let idString = schema.metadata[ChunkSchema.chunkIDKey] else {
            throw ChunkError("chunk schema has no '\(ChunkSchema.chunkIDKey)' metadata")
        }
        guard let id = ChunkID(hexString: idString, prefix: "chunk_") ?? ChunkID(hexString: idString) else {
            throw ChunkError("chunk id '\(idString)' is not 'chunk_' followed by 32 hex digits")
        }
        let entityPath = EntityPath(parsingForgiving: pathString)

        var rowIDs: ArrayData?
        var timeColumns: [TimeColumn] = []
        var components: [ComponentColumn] = []
        for (field, column) in zip(schema.fields, batch.columns) {
            switch try Chunk.columnKind(of: field) {
            case .control:
                guard field.name == ChunkSchema.rowIDColumnName else {
                    throw ChunkError("unknown control column '\(field.name)'")
                }
                guard rowIDs == nil else { throw ChunkError("more than one '\(field.name)' column") }
                guard timeColumns.isEmpty && components.isEmpty else {
                    throw ChunkError("invalid column order: '\(field.name)' must be the first column")
                }
                guard column.type == .fixedSizeBinary(byteWidth: 16) else {
                    throw ChunkError("column '\(field.name)' must be FixedSizeBinary(16), got \(column.type)")
                }
                guard column.nullCount == 0 else {
                    throw ChunkError("column '\(field.name)' has \(column.nullCount) null row ids")
                }
                rowIDs = column
            case .index:
                guard components.isEmpty else {
                    throw ChunkError("invalid column order: index column '\(field.name)' comes after a data column (index columns must come before any data columns)")
                }
                timeColumns.append(try Chunk.timeColumn(field: field, column: column))
            case .data:
                guard case .list = column.type else {
                    throw ChunkError("data column '\(field.name)' must be a List array, got \(column.type)")
                }
                let descriptor = ComponentDescriptor(
                    component: field.metadata[ChunkSchema.componentKey] ?? field.name,
                    archetype: field.metadata[ChunkSchema.archetypeKey],
                    componentType: field.metadata[ChunkSchema.componentTypeKey])
                components.append(ComponentColumn(descriptor: descriptor, uncheckedData: column))
            }
        }
        guard let rowIDs else {
            throw ChunkError("chunk \(idString) (\(pathString)) has no '\(ChunkSchema.rowIDColumnName)' column")
        }
        var extra: [String: String] = [:]
        let known = [ChunkSchema.entityPathKey, ChunkSchema.chunkIDKey, ChunkSchema.sorbetVersionKey]
        let knownPresent = known.reduce(0) { $0 + (schema.metadata[$1] == nil ? 0 : 1) }
        if schema.metadata.count > knownPresent {  // other keys than the known ones: keep them
            extra = schema.metadata
            for key in known { extra[key] = nil }
        }
        try self.init(id: id, entityPath: entityPath, rowIDData: rowIDs,
                      timeColumns: timeColumns, components: components, extraMetadata: extra)
    }

    /// The record batch of this chunk in Rerun 0.41's layout: row ids, index columns sorted by
    /// name, component columns sorted by identifier, with all schema and field metadata.
    public func recordBatch() -> RecordBatch {
        var fields: [Field] = []
        var columns: [ArrayData] = []
        fields.append(Field(
            ChunkSchema.rowIDColumnName, .fixedSizeBinary(byteWidth: 16), nullable: false,
            metadata: [
                Field.extensionNameKey: ChunkSchema.tuidExtensionName,
                Field.extensionMetadataKey: #"{"namespace":"row"}"#,
                ChunkSchema.kindKey: "control",
                ChunkSchema.isSortedKey: isSortedByRowID ? "true" : "false",
            ]))
        columns.append(rowIDs)
        for column in timeColumns {
            fields.append(Field(
                column.timeline.name, column.data.type, nullable: true,
                metadata: [
                    ChunkSchema.indexNameKey: column.timeline.name,
                    ChunkSchema.kindKey: "index",
                    ChunkSchema.isSortedKey: column.isSorted ? "true" : "false",
                ]))
            columns.append(column.data)
        }
        for column in components {
            var metadata = [ChunkSchema.kindKey: "data", ChunkSchema.componentKey: column.descriptor.component]
            metadata[ChunkSchema.archetypeKey] = column.descriptor.archetype
            metadata[ChunkSchema.componentTypeKey] = column.descriptor.componentType
            fields.append(Field(column.descriptor.component, column.data.type, nullable: true, metadata: metadata))
            columns.append(column.data)
        }
        var metadata = extraMetadata
        metadata[ChunkSchema.entityPathKey] = entityPath.description
        metadata[ChunkSchema.chunkIDKey] = "chunk_" + id.hexString
        metadata[ChunkSchema.sorbetVersionKey] = ChunkSchema.sorbetVersion
        // Safety of `try!`: every column was checked to have `rowCount` rows and its field's type.
        return try! RecordBatch(schema: Schema(fields, metadata: metadata), columns: columns, rowCount: rowCount)
    }

    enum ColumnKind { case control, index, data }

    static func columnKind(of field: Field) throws(ChunkError) -> ColumnKind {
        switch field.metadata[ChunkSchema.kindKey] {
        case "control": return .control
        case "index", "time": return .index
        case "data": return .data
        case .some(let other): throw ChunkError("column '\(field.name)' has unknown rerun:kind '\(other)'")
        case nil:
            if field.name == ChunkSchema.rowIDColumnName { return .control }
            switch field.type {
            case .list: return .data
            case .int64, .timestamp, .duration: return .index
            default: throw ChunkError("column '\(field.name)' (\(field.type)) has no rerun:kind and is neither an index nor a List data column")
            }
        }
    }

    static func timeColumn(field: Field, column: ArrayData) throws(ChunkError) -> TimeColumn {
        let name = field.metadata[ChunkSchema.indexNameKey] ?? field.name
        let kind: TimelineKind
        switch column.type {
        case .int64: kind = .sequence
        case .timestamp(.nanosecond, _): kind = .timestamp
        case .duration(.nanosecond): kind = .duration
        default:
            throw ChunkError("index column '\(field.name)': unsupported time type \(column.type) (Int64, Timestamp(ns) or Duration(ns) expected)")
        }
        guard column.nullCount == 0 else {
            throw ChunkError("index column '\(field.name)' has \(column.nullCount) null times")
        }
        var data = column
        if case .timestamp(_, .some) = column.type {
            // Normalize `Timestamp(ns, tz)` to the zone-less type Rerun writes.
            data = ArrayData(type: .timestampNanoseconds, length: column.length, offset: column.offset,
                             nullCount: 0, buffers: column.buffers, children: column.children)
        }
        let timeline = Timeline(name, kind)
        let probe = TimeColumn(unchecked: timeline, data: data)
        for row in 0..<probe.count where probe.time(at: row) == .min {
            throw ChunkError("index column '\(field.name)' row \(row) holds Int64.min, which is reserved for static data")
        }
        return probe
    }
}
