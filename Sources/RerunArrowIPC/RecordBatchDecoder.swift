import RerunArrow

/// Turns a `RecordBatch` message (field nodes, buffer locations, body) into `ArrayData`, checking
/// everything against the schema once, so that readers can then trust the data without checks.
///
/// Buffers are zero-copy slices of the input, except that a buffer whose start is not aligned
/// for its element type (possible with foreign writers or unaligned input memory) is copied once
/// into an aligned allocation.
///
/// Checks: every node and buffer exists; buffers lie inside the body; lengths are non-negative
/// and below 2^31; null counts are in range and match the validity bitmap; value buffers are long
/// enough; offsets start at or after 0, never decrease and end inside the data or child; fixed-size
/// list and struct children are long enough; utf8 values are well-formed UTF-8; union type ids are declared and union offsets point
/// inside their child; top-level columns have the batch's length.
struct RecordBatchDecoder {
    private let input: Buffer
    private let bodyStart: Int
    private let bodyLength: Int
    private let nodes: FlatBufferVector
    private let buffers: FlatBufferVector
    private let headerPosition: Int
    private var nodeIndex = 0
    private var bufferIndex = 0

    /// The longest array we accept (lengths are 32-bit in offsets anyway).
    static let maximumLength = Int(Int32.max)

    /// Decodes `message` (which must be a RecordBatch) against `schema`.
    static func decode(_ message: IPCMessage, schema: Schema, input: Buffer) throws(ArrowIPCError) -> RecordBatch {
        let (columns, length) = try decodeColumns(message, fields: schema.fields, input: input)
        do {
            return try RecordBatch(schema: schema, columns: columns, rowCount: length)
        } catch {
            throw ArrowIPCError(.invalidData, error.message, at: message.header.absolutePosition)
        }
    }

    /// Decodes `message` (which must be a RecordBatch) into one column per field, each of the
    /// field's type and of the returned length (what `RecordBatch.init` checks holds by construction).
    static func decodeColumns(
        _ message: IPCMessage, fields: [Field], input: Buffer
    ) throws(ArrowIPCError) -> (columns: [ArrayData], length: Int) {
        try message.expect(.recordBatch)
        let header = message.header
        if try header.fieldPosition(IPCFormat.RecordBatch.compression, size: 4) != nil {
            throw ArrowIPCError(
                .unsupported, "record batch uses IPC body compression (BodyCompression), which is not supported",
                at: header.absolutePosition)
        }
        let rawLength = try header.scalar(IPCFormat.RecordBatch.length, Int64.self, default: 0)
        guard rawLength >= 0, rawLength <= Int64(maximumLength) else {
            throw ArrowIPCError(.invalidData, "record batch length \(rawLength) is out of range", at: header.absolutePosition)
        }
        let length = Int(rawLength)
        let empty = FlatBufferVector(buffer: header.buffer, elements: 0, count: 0, elementSize: 16, name: "")
        let nodes = try header.vector(IPCFormat.RecordBatch.nodes, elementSize: 16, "record batch nodes") ?? empty
        let buffers = try header.vector(IPCFormat.RecordBatch.buffers, elementSize: 16, "record batch buffers") ?? empty
        if message.version < IPCFormat.metadataV5, fields.contains(where: { containsUnion($0.type) }) {
            throw ArrowIPCError(.unsupported, "unions in metadata V4 messages are not supported", at: message.start)
        }
        var decoder = RecordBatchDecoder(
            input: input, bodyStart: message.bodyStart, bodyLength: message.bodyLength, nodes: nodes, buffers: buffers,
            headerPosition: header.absolutePosition)
        var columns: [ArrayData] = []
        columns.reserveCapacity(fields.count)
        for field in fields {
            let name = field.name  // the path closure captures the name alone, not the whole field
            let column = try decoder.readArray(field.type, path: { name }, depth: 0)
            guard column.length == length else {
                throw ArrowIPCError(
                    .invalidData, "column '\(field.name)' has \(column.length) rows but the record batch has \(length)",
                    at: header.absolutePosition)
            }
            columns.append(column)
        }
        return (columns, length)
    }

    private static func containsUnion(_ type: DataType) -> Bool {
        if case .denseUnion = type { return true }
        return type.children.contains { containsUnion($0.type) }
    }

    // MARK: - Nodes and buffers

    private mutating func nextNode(_ path: () -> String) throws(ArrowIPCError) -> (length: Int, nullCount: Int) {
        guard nodeIndex < nodes.count else {
            throw ArrowIPCError(
                .invalidMetadata, "record batch has \(nodes.count) field nodes, too few for the schema (at field '\(path())')",
                at: headerPosition)
        }
        let i = nodeIndex
        nodeIndex += 1
        let length = nodes.load(i, byteOffset: 0, as: Int64.self)
        let nullCount = nodes.load(i, byteOffset: 8, as: Int64.self)
        let at = nodes.buffer.origin + nodes.position(i)
        guard length >= 0, length <= Int64(Self.maximumLength) else {
            throw ArrowIPCError(.invalidData, "field '\(path())' has length \(length), outside 0..<2^31", at: at)
        }
        guard nullCount >= 0, nullCount <= length else {
            throw ArrowIPCError(.invalidData, "field '\(path())' has null count \(nullCount) for length \(length)", at: at)
        }
        return (Int(length), Int(nullCount))
    }

    /// A buffer of the body: a zero-copy slice of the input, and its absolute offset.
    private struct BodyBuffer {
        let bytes: Buffer
        let at: Int
    }

    private mutating func nextBuffer(_ path: () -> String, _ what: String) throws(ArrowIPCError) -> BodyBuffer {
        guard bufferIndex < buffers.count else {
            throw ArrowIPCError(
                .invalidMetadata,
                "record batch has \(buffers.count) buffers, too few for the schema (at the \(what) of field '\(path())')",
                at: headerPosition)
        }
        let i = bufferIndex
        bufferIndex += 1
        let offset = buffers.load(i, byteOffset: 0, as: Int64.self)
        let length = buffers.load(i, byteOffset: 8, as: Int64.self)
        let at = buffers.buffer.origin + buffers.position(i)
        guard offset >= 0, length >= 0, offset <= Int64(bodyLength), length <= Int64(bodyLength) - offset else {
            throw ArrowIPCError(
                .invalidData,
                "\(what) of field '\(path())' (\(length) bytes at body offset \(offset)) lies outside the \(bodyLength)-byte body",
                at: at)
        }
        return BodyBuffer(bytes: input.slice(offset: bodyStart + Int(offset), count: Int(length)), at: bodyStart + Int(offset))
    }

    /// The next buffer read as a validity bitmap (see `validity`). Reading the buffer and
    /// checking it are separate statements so that `self` is not copied around the mutation.
    private mutating func nextValidity(length: Int, nullCount: Int, _ path: () -> String) throws(ArrowIPCError) -> Buffer? {
        let buffer = try nextBuffer(path, "validity bitmap")
        return try validity(buffer, length: length, nullCount: nullCount, path)
    }

    /// The next buffer, trimmed to `count` bytes after checking it is long enough (see `prefix`).
    private mutating func nextPrefix(
        _ path: () -> String, _ what: String, count: Int, alignment: Int = 1
    ) throws(ArrowIPCError) -> Buffer {
        let buffer = try nextBuffer(path, what)
        return try prefix(buffer, count, path, what, alignment: alignment)
    }

    // MARK: - Buffer checks

    /// `buffer` trimmed to `count` bytes, after checking it is long enough.
    private func prefix(
        _ buffer: BodyBuffer, _ count: Int, _ path: () -> String, _ what: String, alignment: Int = 1
    ) throws(ArrowIPCError) -> Buffer {
        guard buffer.bytes.count >= count else {
            throw ArrowIPCError(
                .invalidData, "\(what) of field '\(path())' has \(buffer.bytes.count) bytes, needs \(count)", at: buffer.at)
        }
        return Self.aligned(buffer.bytes.slice(offset: 0, count: count), alignment)
    }

    /// `buffer` itself if its start is aligned to `alignment`, else an aligned copy.
    static func aligned(_ buffer: Buffer, _ alignment: Int) -> Buffer {
        if alignment <= 1 || buffer.isAligned(to: alignment) { return buffer }
        return Buffer(initializingCount: buffer.count) { destination in
            // Safety: `destination` has exactly `buffer.count` bytes.
            buffer.withUnsafeBytes { destination.copyMemory(from: $0) }
        }
    }

    /// The validity bitmap: `nil` when there are no nulls (even if a bitmap was written, as arrow-rs
    /// does), else the bitmap, checked to hold exactly `length - nullCount` set bits.
    private func validity(
        _ buffer: BodyBuffer, length: Int, nullCount: Int, _ path: () -> String
    ) throws(ArrowIPCError) -> Buffer? {
        guard nullCount > 0 else { return nil }
        let bitmap = try prefix(buffer, Bitmap.byteCount(forBits: length), path, "validity bitmap")
        let valid = Bitmap.countSetBits(bitmap, offset: 0, count: length)
        guard valid == length - nullCount else {
            throw ArrowIPCError(
                .invalidData,
                "validity bitmap of field '\(path())' has \(length - valid) nulls but the field node says \(nullCount)",
                at: buffer.at)
        }
        return bitmap
    }

    /// The offsets buffer of a variable-length type (`length + 1` Int32s), checked to start at or
    /// after 0, never decrease and end at or before `limit` (which the caller checks when it is
    /// not yet known). Returns the buffer and the last offset.
    private func offsets(
        _ buffer: BodyBuffer, length: Int, _ path: () -> String
    ) throws(ArrowIPCError) -> (Buffer, first: Int, last: Int) {
        if length == 0 && buffer.bytes.count < 4 {
            // Writers may omit the single offset of an empty array.
            return (Buffer(copyingValuesOf: [Int32(0)]), 0, 0)
        }
        let offsets = try prefix(buffer, 4 * (length + 1), path, "offsets buffer", alignment: 4)
        // Safety: `offsets` holds `length + 1` Int32s (checked by `prefix`) and is 4-byte aligned.
        let problem: (index: Int, value: Int32)? = offsets.withUnsafeBufferPointer(of: Int32.self) { o in
            if o[0] < 0 { return (0, o[0]) }
            var previous = o[0]
            for i in 1..<(length + 1) {
                let v = o[i]
                if v < previous { return (i, v) }
                previous = v
            }
            return nil
        }
        if let problem {
            throw ArrowIPCError(
                .invalidData,
                "offsets of field '\(path())' are not non-decreasing from 0: offset[\(problem.index)] = \(problem.value)",
                at: buffer.at + 4 * problem.index)
        }
        let first = Int(offsets.load(fromByteOffset: 0, as: Int32.self))
        let last = Int(offsets.load(fromByteOffset: 4 * length, as: Int32.self))
        return (offsets, first, last)
    }

    // MARK: - Arrays

    private mutating func readArray(_ type: DataType, path: () -> String, depth: Int) throws(ArrowIPCError) -> ArrayData {
        guard depth < IPCFormat.maximumNestingDepth else {
            throw ArrowIPCError(.invalidMetadata, "field '\(path())' is nested too deeply", at: headerPosition)
        }
        let nodeAt = nodes.buffer.origin + (nodeIndex < nodes.count ? nodes.position(nodeIndex) : 0)
        let (length, nullCount) = try nextNode(path)
        switch type {
        case .null:
            return ArrayData(type: type, length: length, nullCount: length, buffers: [])

        case .boolean:
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            let values = try nextPrefix(path, "values buffer", count: Bitmap.byteCount(forBits: length))
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity, values])

        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .timestamp, .duration, .fixedSizeBinary:
            let width: Int
            let alignment: Int
            if case .fixedSizeBinary(let w) = type {
                width = w
                alignment = 1
            } else {
                width = type.primitiveByteWidth!
                alignment = width
            }
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            let values = try nextPrefix(path, "values buffer", count: length * width, alignment: alignment)
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity, values])

        case .utf8, .binary:
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            let offsetsBuffer = try nextBuffer(path, "offsets buffer")
            let (offsets, first, last) = try self.offsets(offsetsBuffer, length: length, path)
            let dataBuffer = try nextBuffer(path, "data buffer")
            let data = try prefix(dataBuffer, last, path, "data buffer")
            if case .utf8 = type {
                try Self.checkUTF8(data, offsets: offsets, first: first, length: length, path: path, at: dataBuffer.at)
            }
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity, offsets, data])

        case .list(let child):
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            let offsetsBuffer = try nextBuffer(path, "offsets buffer")
            let (offsets, _, last) = try self.offsets(offsetsBuffer, length: length, path)
            let childName = child.name
            let values = try readArray(child.type, path: { "\(path()).\(childName)" }, depth: depth + 1)
            guard last <= values.length else {
                throw ArrowIPCError(
                    .invalidData, "offsets of list field '\(path())' end at \(last), past its child's \(values.length) values",
                    at: offsetsBuffer.at + 4 * length)
            }
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity, offsets], children: [values])

        case .fixedSizeList(let child, let size):
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            let childName = child.name
            let values = try readArray(child.type, path: { "\(path()).\(childName)" }, depth: depth + 1)
            let (needed, overflow) = length.multipliedReportingOverflow(by: size)
            guard !overflow, values.length >= needed else {
                throw ArrowIPCError(
                    .invalidData,
                    "fixed-size list field '\(path())' needs \(length) × \(size) child values, its child has \(values.length)",
                    at: nodeAt)
            }
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity], children: [values])

        case .struct(let fields):
            let validity = try nextValidity(length: length, nullCount: nullCount, path)
            var children: [ArrayData] = []
            children.reserveCapacity(fields.count)
            for field in fields {
                let childName = field.name
                let child = try readArray(field.type, path: { "\(path()).\(childName)" }, depth: depth + 1)
                guard child.length >= length else {
                    throw ArrowIPCError(
                        .invalidData, "struct field '\(path()).\(field.name)' has \(child.length) values, the struct has \(length)",
                        at: nodeAt)
                }
                children.append(child)
            }
            return ArrayData(type: type, length: length, nullCount: nullCount, buffers: [validity], children: children)

        case .denseUnion(let fields, let typeIDs):
            let typesBuffer = try nextBuffer(path, "type ids buffer")
            let types = try prefix(typesBuffer, length, path, "type ids buffer")
            let offsetsBuffer = try nextBuffer(path, "offsets buffer")
            let offsets = try prefix(offsetsBuffer, 4 * length, path, "offsets buffer", alignment: 4)
            var children: [ArrayData] = []
            children.reserveCapacity(fields.count)
            for field in fields {
                let childName = field.name
                children.append(try readArray(field.type, path: { "\(path()).\(childName)" }, depth: depth + 1))
            }
            try Self.checkUnion(
                types: types, offsets: offsets, length: length, typeIDs: typeIDs, childLengths: children.map(\.length),
                path: path, typesAt: typesBuffer.at, offsetsAt: offsetsBuffer.at)
            return ArrayData(type: type, length: length, nullCount: 0, buffers: [types, offsets], children: children)
        }
    }

    /// Checks that the string bytes `[first, last)` are well-formed UTF-8 and that every offset
    /// falls on a character boundary, so that every value is well-formed on its own.
    private static func checkUTF8(
        _ data: Buffer, offsets: Buffer, first: Int, length: Int, path: () -> String, at: Int
    ) throws(ArrowIPCError) {
        // Safety: `0 <= first <= data.count` (offsets were checked against the data length);
        // `offsets` holds `length + 1` aligned Int32s, each read byte index is checked `< raw.count`.
        let problem: Int? = data.withUnsafeBytes { raw in
            if let bad = UTF8Check.firstInvalidIndex(UnsafeRawBufferPointer(rebasing: raw[first...])) {
                return first + bad
            }
            return offsets.withUnsafeBufferPointer(of: Int32.self) { o in
                for i in 0...length {
                    let p = Int(o[i])
                    if p < raw.count && raw[p] & 0xC0 == 0x80 { return p }
                }
                return nil
            }
        }
        if let problem {
            throw ArrowIPCError(.invalidData, "utf8 field '\(path())' is not valid UTF-8 at data byte \(problem)", at: at + problem)
        }
    }

    /// Checks that every slot's type id is declared and its offset points inside that child.
    private static func checkUnion(
        types: Buffer, offsets: Buffer, length: Int, typeIDs: [Int8], childLengths: [Int], path: () -> String,
        typesAt: Int, offsetsAt: Int
    ) throws(ArrowIPCError) {
        guard length > 0 else { return }
        var childForID = [Int](repeating: -1, count: 256)
        for (child, id) in typeIDs.enumerated() { childForID[Int(UInt8(bitPattern: id))] = child }
        enum Problem { case typeID(Int, Int8), offset(Int, Int32, Int) }
        // Safety: `types` holds `length` bytes and `offsets` `length` aligned Int32s (checked by
        // `prefix`); `childForID` has 256 entries and `child` indexes `childLengths` when >= 0.
        let problem: Problem? = types.withUnsafeBufferPointer(of: Int8.self) { ids in
            offsets.withUnsafeBufferPointer(of: Int32.self) { offs in
                for i in 0..<length {
                    let child = childForID[Int(UInt8(bitPattern: ids[i]))]
                    if child < 0 { return .typeID(i, ids[i]) }
                    let offset = offs[i]
                    if offset < 0 || Int(offset) >= childLengths[child] { return .offset(i, offset, childLengths[child]) }
                }
                return nil
            }
        }
        switch problem {
        case nil:
            return
        case .typeID(let i, let id)?:
            throw ArrowIPCError(
                .invalidData, "union field '\(path())' slot \(i) has undeclared type id \(id) (declared: \(typeIDs))",
                at: typesAt + i)
        case .offset(let i, let offset, let childLength)?:
            throw ArrowIPCError(
                .invalidData, "union field '\(path())' slot \(i) has offset \(offset) outside its child's \(childLength) values",
                at: offsetsAt + 4 * i)
        }
    }
}
