import RerunArrow

/// Decodes a `Schema` flatbuffer table into a `Schema`, rejecting what we do not support with an
/// error naming the field.
///
/// Work is bounded by a budget proportional to the flatbuffer size: a malicious buffer could make
/// many fields share one sub-table (a DAG), which must not turn a few kilobytes into gigabytes of
/// decoded names or an exponential walk. Nesting is capped at `IPCFormat.maximumNestingDepth`.
struct SchemaDecoder {
    private var budget: Int
    /// Field lists decoded before (see `ArrowIPCDecodeCache`), if the caller keeps one.
    var cache: ArrowIPCDecodeCache?

    init(flatBufferSize: Int, cache: ArrowIPCDecodeCache? = nil) {
        budget = 4 * flatBufferSize + 4096
        self.cache = cache
    }

    private mutating func spend(_ units: Int, at table: FlatBufferTable) throws(ArrowIPCError) {
        budget -= units
        if budget < 0 {
            throw ArrowIPCError(
                .invalidMetadata, "schema flatbuffer: decoding exceeds the work budget for its size (shared sub-tables?)",
                at: table.absolutePosition)
        }
    }

    /// Decodes the schema table; with a `cache`, a fields list seen before is not decoded again
    /// (see `ArrowIPCDecodeCache`).
    mutating func decode(_ table: FlatBufferTable) throws(ArrowIPCError) -> Schema {
        let raw = try decodeRaw(table)
        return Schema(raw.fields, metadata: Self.dictionary(raw.metadata))
    }

    /// A schema whose custom metadata is left as the UTF-8 bytes of its keys and values.
    struct RawSchema {
        /// The fields.
        var fields: [Field]
        /// The id of the cache entry the fields came from or went into, if cached.
        var fieldsID: Int?
        /// The custom metadata in stored order (validated UTF-8 slices of the input; a missing
        /// key or value is empty). A key may repeat: the last one wins, as in a dictionary.
        var metadata: [(key: Buffer, value: Buffer)]
    }

    /// Decodes the schema table as `decode(_:)` does, with the same checks, but leaves the
    /// schema-level metadata as byte slices (it differs per Rerun chunk; no strings are made).
    mutating func decodeRaw(_ table: FlatBufferTable) throws(ArrowIPCError) -> RawSchema {
        let endianness = try table.scalar(IPCFormat.Schema.endianness, Int16.self, default: 0)
        guard endianness == 0 else {
            throw ArrowIPCError(.unsupported, "big-endian schemas are not supported", at: table.absolutePosition)
        }
        var fields: [Field] = []
        var fieldsID: Int?
        if let vector = try table.vector(IPCFormat.Schema.fields, elementSize: 4, "schema fields") {
            if cache != nil {
                (fields, fieldsID) = try cachedFields(vector, table: table)
            } else {
                fields = try decodeFields(vector, table: table)
            }
        }
        let metadata = try decodeRawMetadata(table, slot: IPCFormat.Schema.customMetadata, what: "schema custom_metadata")
        return RawSchema(fields: fields, fieldsID: fieldsID, metadata: metadata)
    }

    private mutating func decodeFields(_ vector: FlatBufferVector, table: FlatBufferTable) throws(ArrowIPCError) -> [Field] {
        var fields: [Field] = []
        fields.reserveCapacity(vector.count)
        for i in 0..<vector.count {
            try spend(1, at: table)
            let fieldTable = try vector.table(i)
            fields.append(try decodeField(fieldTable, path: "", depth: 0))
        }
        return fields
    }

    /// The fields from `cache`, keyed by the bytes from the vector's start to the flatbuffer's
    /// end; on a miss, decoded from a view of just those bytes (so that the result depends on
    /// them alone) and remembered. If that view is not self-contained (an offset leads before
    /// it), the fields are decoded from the whole flatbuffer, uncached, as without a cache.
    /// Also returns the cache entry's id (`nil` when not cached).
    private mutating func cachedFields(
        _ vector: FlatBufferVector, table: FlatBufferTable
    ) throws(ArrowIPCError) -> (fields: [Field], id: Int?) {
        let whole = vector.buffer
        let start = vector.elements - 4  // the vector's length prefix (checked when it was read)
        let region = whole.bytes.slice(offset: start, count: whole.count - start)
        if let found = cache?.lookup(region) { return (found.fields, found.id) }
        let view = FlatBuffer(bytes: region, origin: whole.origin + start, name: whole.name)
        let local = FlatBufferVector(
            buffer: view, elements: 4, count: vector.count, elementSize: vector.elementSize, name: vector.name)
        let saved = budget
        do {
            let fields = try decodeFields(local, table: table)
            let entry = cache?.insert(fields, for: region)
            return (fields, entry?.id)
        } catch {
            budget = saved
            return (try decodeFields(vector, table: table), nil)
        }
    }

    /// Key/value metadata as a dictionary (the last of repeated keys wins).
    static func dictionary(_ entries: [(key: Buffer, value: Buffer)]) -> [String: String] {
        var metadata: [String: String] = [:]
        metadata.reserveCapacity(entries.count)
        for (key, value) in entries {
            metadata[key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }] =
                value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        return metadata
    }

    private mutating func decodeMetadata(
        _ table: FlatBufferTable, slot: Int, what: String
    ) throws(ArrowIPCError) -> [String: String] {
        Self.dictionary(try decodeRawMetadata(table, slot: slot, what: what))
    }

    /// The key/value vector in `slot`: each key and value checked to be in bounds and valid
    /// UTF-8, and their sizes charged to the work budget.
    private mutating func decodeRawMetadata(
        _ table: FlatBufferTable, slot: Int, what: String
    ) throws(ArrowIPCError) -> [(key: Buffer, value: Buffer)] {
        guard let vector = try table.vector(slot, elementSize: 4, what) else { return [] }
        var metadata: [(key: Buffer, value: Buffer)] = []
        metadata.reserveCapacity(vector.count)
        for i in 0..<vector.count {
            let entry = try vector.table(i)
            let key = try entry.stringBytes(IPCFormat.KeyValue.key, "\(what)[\(i)] key") ?? .empty
            let value = try entry.stringBytes(IPCFormat.KeyValue.value, "\(what)[\(i)] value") ?? .empty
            try spend(2 + key.count + value.count, at: entry)
            metadata.append((key, value))
        }
        return metadata
    }

    private mutating func decodeField(
        _ table: FlatBufferTable, path parent: String, depth: Int
    ) throws(ArrowIPCError) -> Field {
        let name = try table.string(IPCFormat.Field.name, "field name") ?? ""
        try spend(1 + name.utf8.count, at: table)
        let path = parent.isEmpty ? name : "\(parent).\(name)"
        guard depth < IPCFormat.maximumNestingDepth else {
            throw ArrowIPCError(
                .invalidMetadata, "field '\(path)' is nested deeper than \(IPCFormat.maximumNestingDepth) levels",
                at: table.absolutePosition)
        }
        let nullable = try table.bool(IPCFormat.Field.nullable, default: false)
        if try table.fieldPosition(IPCFormat.Field.dictionary, size: 4) != nil {
            throw ArrowIPCError(
                .unsupported, "field '\(path)' is dictionary-encoded, which is not supported", at: table.absolutePosition)
        }
        var children: [Field] = []
        if let vector = try table.vector(IPCFormat.Field.children, elementSize: 4, "children of a field") {
            children.reserveCapacity(vector.count)
            for i in 0..<vector.count {
                try spend(1, at: table)
                children.append(try decodeField(vector.table(i), path: path, depth: depth + 1))
            }
        }
        let metadata = try decodeMetadata(table, slot: IPCFormat.Field.customMetadata, what: "custom_metadata of a field")
        let type = try decodeType(table, path: path, children: children)
        return Field(name, type, nullable: nullable, metadata: metadata)
    }

    private func decodeType(
        _ field: FlatBufferTable, path: String, children: [Field]
    ) throws(ArrowIPCError) -> DataType {
        let rawTag = try field.scalar(IPCFormat.Field.typeType, UInt8.self, default: 0)
        let at = field.absolutePosition
        guard let tag = IPCFormat.TypeTag(rawValue: rawTag) else {
            throw ArrowIPCError(.unsupported, "field '\(path)' has unknown type tag \(rawTag)", at: at)
        }
        func unsupported(_ detail: String = "") -> ArrowIPCError {
            ArrowIPCError(.unsupported, "field '\(path)' has type \(tag.name)\(detail), which is not supported", at: at)
        }
        func expectChildren(_ n: Int) throws(ArrowIPCError) {
            guard children.count == n else {
                throw ArrowIPCError(
                    .invalidMetadata, "field '\(path)' of type \(tag.name) has \(children.count) children, expected \(n)", at: at)
            }
        }
        // Every supported type has a (possibly empty) type table.
        let typeTable: FlatBufferTable
        switch tag {
        case .none:
            throw ArrowIPCError(.invalidMetadata, "field '\(path)' has no type", at: at)
        case .decimal, .date, .time, .interval, .map, .largeBinary, .largeUtf8, .largeList, .runEndEncoded,
            .binaryView, .utf8View, .listView, .largeListView:
            throw unsupported()
        default:
            guard let t = try field.table(IPCFormat.Field.type, "type of field '\(path)'") else {
                throw ArrowIPCError(.invalidMetadata, "field '\(path)' has type tag \(tag.name) but no type table", at: at)
            }
            typeTable = t
        }
        switch tag {
        case .null:
            try expectChildren(0)
            return .null
        case .bool:
            try expectChildren(0)
            return .boolean
        case .utf8:
            try expectChildren(0)
            return .utf8
        case .binary:
            try expectChildren(0)
            return .binary
        case .int:
            try expectChildren(0)
            let bitWidth = try typeTable.scalar(0, Int32.self, default: 0)
            let signed = try typeTable.bool(1, default: false)
            switch (bitWidth, signed) {
            case (8, true): return .int8
            case (16, true): return .int16
            case (32, true): return .int32
            case (64, true): return .int64
            case (8, false): return .uint8
            case (16, false): return .uint16
            case (32, false): return .uint32
            case (64, false): return .uint64
            default: throw unsupported(" with bit width \(bitWidth)")
            }
        case .floatingPoint:
            try expectChildren(0)
            switch try typeTable.scalar(0, Int16.self, default: 0) {
            case 0: return .float16
            case 1: return .float32
            case 2: return .float64
            case let p: throw unsupported(" with precision \(p)")
            }
        case .fixedSizeBinary:
            try expectChildren(0)
            let width = try typeTable.scalar(0, Int32.self, default: 0)
            guard width >= 0 else { throw unsupported(" with byte width \(width)") }
            return .fixedSizeBinary(byteWidth: Int(width))
        case .timestamp:
            try expectChildren(0)
            let rawUnit = try typeTable.scalar(0, Int16.self, default: 0)
            guard let unit = IPCFormat.timeUnit(rawUnit) else { throw unsupported(" with time unit \(rawUnit)") }
            let timeZone = try typeTable.string(1, "time zone of field '\(path)'")
            return .timestamp(unit, timeZone: timeZone)
        case .duration:
            try expectChildren(0)
            let rawUnit = try typeTable.scalar(0, Int16.self, default: 1)  // default MILLISECOND
            guard let unit = IPCFormat.timeUnit(rawUnit) else { throw unsupported(" with time unit \(rawUnit)") }
            return .duration(unit)
        case .list:
            try expectChildren(1)
            return .list(children[0])
        case .fixedSizeList:
            try expectChildren(1)
            let size = try typeTable.scalar(0, Int32.self, default: 0)
            guard size >= 0 else { throw unsupported(" with list size \(size)") }
            return .fixedSizeList(children[0], size: Int(size))
        case .struct_:
            return .struct(children)
        case .union:
            let mode = try typeTable.scalar(0, Int16.self, default: 0)
            guard mode == 1 else { throw unsupported(mode == 0 ? " (sparse)" : " with mode \(mode)") }
            var typeIDs: [Int8] = []
            if let vector = try typeTable.vector(1, elementSize: 4, "type ids of field '\(path)'") {
                guard vector.count == children.count else {
                    throw ArrowIPCError(
                        .invalidMetadata, "union field '\(path)' has \(vector.count) type ids for \(children.count) children", at: at)
                }
                for i in 0..<vector.count {
                    let id = vector.load(i, as: Int32.self)
                    guard let small = Int8(exactly: id), small >= 0 else {
                        throw ArrowIPCError(.invalidMetadata, "union field '\(path)' has type id \(id) outside 0...127", at: at)
                    }
                    typeIDs.append(small)
                }
            } else {
                guard children.count <= 128 else {
                    throw ArrowIPCError(.invalidMetadata, "union field '\(path)' has more than 128 children", at: at)
                }
                typeIDs = (0..<children.count).map { Int8($0) }
            }
            guard Set(typeIDs).count == typeIDs.count else {
                throw ArrowIPCError(.invalidMetadata, "union field '\(path)' has duplicate type ids \(typeIDs)", at: at)
            }
            return .denseUnion(children, typeIDs: typeIDs)
        default:
            throw unsupported()
        }
    }
}
