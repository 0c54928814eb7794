import RerunArrow

/// Flattens a record batch into IPC field nodes and body buffers, normalizing sliced arrays.
///
/// IPC has no array offset, so an `ArrayData` with `offset != 0` is written as if it started at
/// slot 0: bitmaps are shifted (a byte-aligned offset is a zero-copy slice, otherwise the bits are
/// copied), offsets are rebased to start at 0 (copied only when the first offset is not 0) and the
/// referenced range of child values or bytes is sliced. Value buffers are zero-copy slices until
/// they are copied into the output.
struct RecordBatchEncoder {
    /// One body buffer to write.
    enum Piece {
        /// These bytes.
        case bytes(Buffer)
        /// A validity bitmap of `bits` set bits (for arrays without nulls, arrow-rs style).
        case allValid(bits: Int)
        /// A zero-length buffer.
        case none

        var byteCount: Int {
            switch self {
            case .bytes(let b): b.count
            case .allValid(let bits): Bitmap.byteCount(forBits: bits)
            case .none: 0
            }
        }
    }

    let options: ArrowIPCWriteOptions
    private(set) var nodes: [(Int64, Int64)] = []
    /// `(offset, length)` of each buffer in the body.
    private(set) var buffers: [(Int64, Int64)] = []
    private(set) var pieces: [Piece] = []
    /// The body length (a multiple of the alignment).
    private(set) var bodyLength = 0

    init(options: ArrowIPCWriteOptions) {
        self.options = options
    }

    /// Adds every column of `batch`.
    mutating func add(_ batch: RecordBatch) throws(ArrowIPCError) {
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            try add(column, path: field.name)
        }
    }

    private mutating func node(_ length: Int, _ nullCount: Int) {
        nodes.append((Int64(length), Int64(nullCount)))
    }

    private mutating func append(_ piece: Piece) {
        let length = piece.byteCount
        buffers.append((Int64(bodyLength), Int64(length)))
        pieces.append(piece)
        let a = options.alignment
        bodyLength = (bodyLength + length + a - 1) / a * a
    }

    private static func invalid(_ path: String, _ message: String) -> ArrowIPCError {
        ArrowIPCError(.invalidArgument, "field '\(path)': \(message)")
    }

    /// Buffer `index` of `data`, checked to exist and hold at least `bytes` bytes.
    private static func buffer(_ data: ArrayData, _ index: Int, bytes: Int, _ path: String, _ what: String) throws(ArrowIPCError) -> Buffer {
        guard index < data.buffers.count, let buffer = data.buffers[index] else {
            throw invalid(path, "the \(what) buffer is missing")
        }
        guard buffer.count >= bytes else {
            throw invalid(path, "the \(what) buffer has \(buffer.count) bytes, needs \(bytes)")
        }
        return buffer
    }

    /// `count` bits of `buffer` starting at bit `offset`, as a buffer starting at bit 0.
    private static func bits(_ buffer: Buffer, offset: Int, count: Int) -> Buffer {
        let bytes = Bitmap.byteCount(forBits: count)
        if offset & 7 == 0 {
            return buffer.slice(offset: offset >> 3, count: bytes)
        }
        return Bitmap.copyBits(buffer, offset: offset, count: count)
    }

    private mutating func addValidity(_ data: ArrayData, _ path: String) throws(ArrowIPCError) {
        let length = data.length
        if data.nullCount == 0 || length == 0 {
            append(options.writeAllValidBitmaps && length > 0 ? .allValid(bits: length) : .none)
            return
        }
        guard let validity = data.buffers.first ?? nil else {
            throw Self.invalid(path, "null count \(data.nullCount) but no validity bitmap")
        }
        guard validity.count >= Bitmap.byteCount(forBits: data.offset + length) else {
            throw Self.invalid(path, "the validity bitmap has \(validity.count) bytes, too few for \(data.offset + length) slots")
        }
        append(.bytes(Self.bits(validity, offset: data.offset, count: length)))
    }

    /// Appends the offsets of slots `[offset, offset + length]`, rebased to start at 0, and
    /// returns the range of child values / bytes they cover.
    private mutating func addOffsets(_ data: ArrayData, _ path: String) throws(ArrowIPCError) -> (first: Int, last: Int) {
        let start = data.offset, length = data.length
        let offsets = try Self.buffer(data, 1, bytes: 4 * (start + length + 1), path, "offsets")
        let first = Int(offsets.load(fromByteOffset: 4 * start, as: Int32.self))
        let last = Int(offsets.load(fromByteOffset: 4 * (start + length), as: Int32.self))
        guard first >= 0, last >= first else {
            throw Self.invalid(path, "offsets \(first)...\(last) are not a valid range")
        }
        if first == 0 {
            append(.bytes(offsets.slice(offset: 4 * start, count: 4 * (length + 1))))
        } else {
            let rebased = Buffer(initializingCount: 4 * (length + 1)) { destination in
                // Safety: `offsets` holds at least `start + length + 1` Int32s (checked above) and
                // `destination` exactly `length + 1`.
                offsets.withUnsafeBytes { source in
                    for i in 0...length {
                        let v = source.loadUnaligned(fromByteOffset: 4 * (start + i), as: Int32.self)
                        destination.storeBytes(of: v &- Int32(first), toByteOffset: 4 * i, as: Int32.self)
                    }
                }
            }
            append(.bytes(rebased))
        }
        return (first, last)
    }

    private static func child(_ data: ArrayData, _ index: Int, _ path: String) throws(ArrowIPCError) -> ArrayData {
        guard index < data.children.count else { throw invalid(path, "child \(index) is missing") }
        return data.children[index]
    }

    private static func slice(
        _ data: ArrayData, _ start: Int, _ count: Int, _ path: String
    ) throws(ArrowIPCError) -> ArrayData {
        guard start >= 0, count >= 0, start <= data.length - count else {
            throw invalid(path, "needs child values \(start)..<\(start + count) but the child has \(data.length)")
        }
        if start == 0 && count == data.length { return data }
        return data.slice(start, count)
    }

    private mutating func add(_ data: ArrayData, path: String) throws(ArrowIPCError) {
        let offset = data.offset, length = data.length
        switch data.type {
        case .null:
            node(length, length)

        case .boolean:
            node(length, data.nullCount)
            try addValidity(data, path)
            let values = try Self.buffer(data, 1, bytes: Bitmap.byteCount(forBits: offset + length), path, "values")
            append(.bytes(Self.bits(values, offset: offset, count: length)))

        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .timestamp, .duration, .fixedSizeBinary:
            let width: Int
            if case .fixedSizeBinary(let w) = data.type { width = w } else { width = data.type.primitiveByteWidth! }
            node(length, data.nullCount)
            try addValidity(data, path)
            let values = try Self.buffer(data, 1, bytes: (offset + length) * width, path, "values")
            append(.bytes(values.slice(offset: offset * width, count: length * width)))

        case .utf8, .binary:
            node(length, data.nullCount)
            try addValidity(data, path)
            let (first, last) = try addOffsets(data, path)
            let bytes = try Self.buffer(data, 2, bytes: last, path, "data")
            append(.bytes(bytes.slice(offset: first, count: last - first)))

        case .list(let field):
            node(length, data.nullCount)
            try addValidity(data, path)
            let (first, last) = try addOffsets(data, path)
            let values = try Self.slice(Self.child(data, 0, path), first, last - first, path)
            try add(values, path: "\(path).\(field.name)")

        case .fixedSizeList(let field, let size):
            node(length, data.nullCount)
            try addValidity(data, path)
            let values = try Self.slice(Self.child(data, 0, path), offset * size, length * size, path)
            try add(values, path: "\(path).\(field.name)")

        case .struct(let fields):
            node(length, data.nullCount)
            try addValidity(data, path)
            for (i, field) in fields.enumerated() {
                let child = try Self.slice(Self.child(data, i, path), offset, length, path)
                try add(child, path: "\(path).\(field.name)")
            }

        case .denseUnion(let fields, _):
            node(length, 0)
            let types = try Self.buffer(data, 0, bytes: offset + length, path, "type ids")
            append(.bytes(types.slice(offset: offset, count: length)))
            let offsets = try Self.buffer(data, 1, bytes: 4 * (offset + length), path, "offsets")
            append(.bytes(offsets.slice(offset: 4 * offset, count: 4 * length)))
            for (i, field) in fields.enumerated() {
                try add(Self.child(data, i, path), path: "\(path).\(field.name)")
            }
        }
    }

    /// Appends the body (pieces at their aligned offsets, zero padding) to `out`.
    ///
    /// Bytes are appended from typed buffer pointers so that `Array.append` copies with `memcpy`
    /// (appending a raw buffer pointer would go byte by byte).
    func writeBody(to out: inout [UInt8]) {
        let start = out.count
        for (piece, location) in zip(pieces, buffers) {
            Self.appendZeros(start + Int(location.0) - out.count, to: &out)
            switch piece {
            case .bytes(let buffer):
                // Safety: the pointer is only used for the duration of the copy.
                buffer.withUnsafeBufferPointer(of: UInt8.self) { out.append(contentsOf: $0) }
            case .allValid(let bits):
                var remaining = Bitmap.byteCount(forBits: bits)
                while remaining > 0 {
                    let n = min(remaining, Self.ones.count)
                    Self.ones.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
                    remaining -= n
                }
                if bits & 7 != 0 { out[out.count - 1] = UInt8((1 << (bits & 7)) - 1) }
            case .none:
                break
            }
        }
        Self.appendZeros(start + bodyLength - out.count, to: &out)
    }

    private static let zeros = [UInt8](repeating: 0, count: 4096)
    private static let ones = [UInt8](repeating: 0xFF, count: 4096)

    /// Appends `count` zero bytes (nothing when `count <= 0`).
    static func appendZeros(_ count: Int, to out: inout [UInt8]) {
        var remaining = count
        while remaining > 0 {
            let n = min(remaining, zeros.count)
            zeros.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
            remaining -= n
        }
    }

    /// The `RecordBatch` header table for `length` rows.
    func header(length: Int) -> FlatBufferObject {
        .table([
            (IPCFormat.RecordBatch.length, .int64(Int64(length))),
            (IPCFormat.RecordBatch.nodes, .object(.int64Pairs(nodes))),
            (IPCFormat.RecordBatch.buffers, .object(.int64Pairs(buffers))),
        ])
    }
}
