import RerunArrow

/// Encodes a `Schema` as a `Schema.fbs` flatbuffer table.
enum SchemaEncoder {
    /// The `Schema` table of `schema` (little-endian, custom metadata on schema and fields).
    static func encode(_ schema: Schema) -> FlatBufferObject {
        var fields: [(slot: Int, value: FlatBufferValue)] = [
            (IPCFormat.Schema.fields, .object(.objects(schema.fields.map(encodeField))))
        ]
        if let metadata = encodeMetadata(schema.metadata) {
            fields.append((IPCFormat.Schema.customMetadata, .object(metadata)))
        }
        return .table(fields)
    }

    /// Key/value pairs sorted by key (dictionaries are unordered; sorting makes output deterministic).
    private static func encodeMetadata(_ metadata: [String: String]) -> FlatBufferObject? {
        guard !metadata.isEmpty else { return nil }
        let entries = metadata.sorted { $0.key < $1.key }.map { key, value in
            FlatBufferObject.table([
                (IPCFormat.KeyValue.key, .object(.string(key))),
                (IPCFormat.KeyValue.value, .object(.string(value))),
            ])
        }
        return .objects(entries)
    }

    private static func encodeField(_ field: Field) -> FlatBufferObject {
        let (tag, typeTable) = encodeType(field.type)
        var fields: [(slot: Int, value: FlatBufferValue)] = [
            (IPCFormat.Field.name, .object(.string(field.name))),
            (IPCFormat.Field.nullable, .bool(field.isNullable)),
            (IPCFormat.Field.typeType, .uint8(tag.rawValue)),
            (IPCFormat.Field.type, .object(typeTable)),
            (IPCFormat.Field.children, .object(.objects(field.type.children.map(encodeField)))),
        ]
        if let metadata = encodeMetadata(field.metadata) {
            fields.append((IPCFormat.Field.customMetadata, .object(metadata)))
        }
        return .table(fields)
    }

    private static func encodeType(_ type: DataType) -> (IPCFormat.TypeTag, FlatBufferObject) {
        func int(_ bits: Int32, _ signed: Bool) -> (IPCFormat.TypeTag, FlatBufferObject) {
            (.int, .table([(0, .int32(bits)), (1, .bool(signed))]))
        }
        func float(_ precision: Int16) -> (IPCFormat.TypeTag, FlatBufferObject) {
            (.floatingPoint, .table([(0, .int16(precision))]))
        }
        switch type {
        case .null: return (.null, .table([]))
        case .boolean: return (.bool, .table([]))
        case .int8: return int(8, true)
        case .int16: return int(16, true)
        case .int32: return int(32, true)
        case .int64: return int(64, true)
        case .uint8: return int(8, false)
        case .uint16: return int(16, false)
        case .uint32: return int(32, false)
        case .uint64: return int(64, false)
        case .float16: return float(0)
        case .float32: return float(1)
        case .float64: return float(2)
        case .utf8: return (.utf8, .table([]))
        case .binary: return (.binary, .table([]))
        case .fixedSizeBinary(let width): return (.fixedSizeBinary, .table([(0, .int32(Int32(width)))]))
        case .list: return (.list, .table([]))
        case .fixedSizeList(_, let size): return (.fixedSizeList, .table([(0, .int32(Int32(size)))]))
        case .struct: return (.struct_, .table([]))
        case .denseUnion(_, let typeIDs):
            return (.union, .table([(0, .int16(1)), (1, .object(.int32s(typeIDs.map { Int32($0) })))]))
        case .timestamp(let unit, let timeZone):
            var fields: [(slot: Int, value: FlatBufferValue)] = [(0, .int16(IPCFormat.timeUnit(unit)))]
            if let timeZone { fields.append((1, .object(.string(timeZone)))) }
            return (.timestamp, .table(fields))
        case .duration(let unit):
            return (.duration, .table([(0, .int16(IPCFormat.timeUnit(unit)))]))
        }
    }
}
