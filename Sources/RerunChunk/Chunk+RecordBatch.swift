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
            throw Chunk.missingMetadata(ChunkSchema.entityPathKey)
        }
        guard let idString = schema.metadata[ChunkSchema.chunkIDKey] else {
            throw Chunk.missingMetadata(ChunkSchema.chunkIDKey)
        }
        let id = try Chunk.chunkID(parsing: idString)
        let entityPath = EntityPath(parsingForgiving: pathString)
        let layout = try ChunkLayout(fields: schema.fields)
        var extra: [String: String] = [:]
        let known = [ChunkSchema.entityPathKey, ChunkSchema.chunkIDKey, ChunkSchema.sorbetVersionKey]
        let knownPresent = known.reduce(0) { $0 + (schema.metadata[$1] == nil ? 0 : 1) }
        if schema.metadata.count > knownPresent {  // other keys than the known ones: keep them
            extra = schema.metadata
            for key in known { extra[key] = nil }
        }
        self = try layout.chunk(id: id, entityPath: entityPath, columns: batch.columns, extraMetadata: extra) {
            "\(idString) (\(pathString))"
        }
    }

    /// The error for a chunk schema without the metadata `key`.
    static func missingMetadata(_ key: String) -> ChunkError {
        ChunkError("chunk schema has no '\(key)' metadata")
    }

    /// The chunk id of a `rerun:id` value (`chunk_` and 32 hex digits, or the digits alone).
    static func chunkID(parsing idString: String) throws(ChunkError) -> ChunkID {
        guard let id = ChunkID(hexString: idString, prefix: "chunk_") ?? ChunkID(hexString: idString) else {
            throw ChunkError("chunk id '\(idString)' is not 'chunk_' followed by 32 hex digits")
        }
        return id
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
}
