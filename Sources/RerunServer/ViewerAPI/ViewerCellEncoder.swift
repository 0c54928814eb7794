import RerunArrow
import RerunChunk
import RerunModel
import RerunQuery

/// Encodes cells (one component's value at one chunk row) as the protocol's `Cell` objects,
/// numeric data as raw little-endian buffers in the payload (`Docs/viewer-protocol.md` §6).
struct ViewerCellEncoder {
    /// The keys the client already holds.
    let have: Set<String>

    /// The cache key of a cell.
    static func key(chunk: Chunk, row: Int, component: String) -> String {
        "\(chunk.id.hexString):\(row):\(component)"
    }

    /// The common fields of a cell.
    private func header(component: String, key: String, chunk: Chunk, row: Int, time: TimeInt) -> [(String, ViewerJSON)] {
        var fields: [(String, ViewerJSON)] = [
            ("component", .string(component)), ("key", .string(key)),
            ("row_id", .string(chunk.rowID(at: row).hexString)),
            ("time", time.isStatic ? .null : .int(time.rawValue)),
        ]
        if time.isStatic { fields.append(("static", .bool(true))) }
        return fields
    }

    /// A cell hidden by a `Clear`: `cleared:true`.
    func cleared(component: String, chunk: Chunk, row: Int, time: TimeInt) -> ViewerJSON {
        let key = ViewerCellEncoder.key(chunk: chunk, row: row, component: component)
        return .object(header(component: component, key: key, chunk: chunk, row: row, time: time) + [("cleared", .bool(true))])
    }

    /// The cell of column `column` at `row` of `chunk`.
    func encode(chunk: Chunk, column: Int, row: Int, time: TimeInt, payload: inout ViewerPayload) throws(ViewerError) -> ViewerJSON {
        let columnData = chunk.components[column]
        let component = columnData.descriptor.component
        let key = ViewerCellEncoder.key(chunk: chunk, row: row, component: component)
        var fields = header(component: component, key: key, chunk: chunk, row: row, time: time)
        if have.contains(key) {
            fields.append(("same", .bool(true)))
            return .object(fields)
        }
        let list = columnData.data
        guard row >= 0, row < list.length, case .list = list.type, list.isValid(row),
              let offsets = list.buffers[1], let values = list.children.first else {
            fields.append(("cleared", .bool(true)))
            return .object(fields)
        }
        let start = Int(offsets.load(fromByteOffset: (list.offset + row) * 4, as: Int32.self))
        let end = Int(offsets.load(fromByteOffset: (list.offset + row + 1) * 4, as: Int32.self))
        guard start >= 0, start <= end, end <= values.length else {
            throw ViewerError(.internal, "cell \(key) has offsets \(start)..<\(end) outside its \(values.length) values")
        }
        fields += try encodeInstances(values, start..<end, payload: &payload)
        return .object(fields)
    }

    /// The value fields for instances `range` of `values`.
    func encodeInstances(_ values: ArrayData, _ range: Range<Int>, payload: inout ViewerPayload) throws(ViewerError) -> [(String, ViewerJSON)] {
        if let numeric = try ViewerCellEncoder.numeric(values, range, payload: &payload) { return numeric }
        switch values.type {
        case .utf8:
            return [("strings", .array(range.map { values.isValid($0) ? .string(ViewerCellEncoder.string(values, $0)) : .null }))]
        case .boolean:
            return [("bools", .array(range.map { values.isValid($0) ? .bool(Bitmap.get(values.buffers[1]!, values.offset + $0)) : .null }))]
        default:
            return [("json", .array(range.map { .raw(ArrowJSON.value(values, $0)) }))]
        }
    }

    /// The UTF-8 string in slot `i` of a `utf8` array.
    static func string(_ data: ArrayData, _ i: Int) -> String {
        guard let offsets = data.buffers[1], let bytes = data.buffers[2] else { return "" }
        let s = Int(offsets.load(fromByteOffset: (data.offset + i) * 4, as: Int32.self))
        let e = Int(offsets.load(fromByteOffset: (data.offset + i + 1) * 4, as: Int32.self))
        guard s >= 0, s <= e, e <= bytes.count else { return "" }
        return bytes.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[s..<e]), as: UTF8.self) }
    }

    /// The protocol's `dtype` of a primitive type, or `nil` if it is not a number.
    static func dtype(_ type: DataType) -> String? {
        switch type {
        case .uint8: "u8"
        case .int8: "i8"
        case .uint16: "u16"
        case .int16: "i16"
        case .uint32: "u32"
        case .int32: "i32"
        case .uint64: "u64"
        case .int64, .timestamp, .duration: "i64"
        case .float16: "f16"
        case .float32: "f32"
        case .float64: "f64"
        default: nil
        }
    }

    /// Whether any of slots `range` is null.
    static func hasNulls(_ data: ArrayData, _ range: Range<Int>) -> Bool {
        guard data.nullCount != 0 else { return false }
        return range.contains { !data.isValid($0) }
    }

    /// A flat numeric array (primitive, or fixed-size lists of primitives) viewed as elements.
    private struct Flat {
        var dtype: String
        var width: Int
        var byteWidth: Int
        var elements: ArrayData
    }

    /// `data` as `width` primitive elements per slot, or `nil`; `range` is checked for nulls.
    private static func flat(_ data: ArrayData, _ range: Range<Int>) -> (Flat, Range<Int>)? {
        if let dtype = dtype(data.type), let byteWidth = data.type.primitiveByteWidth {
            guard !hasNulls(data, range) else { return nil }
            return (Flat(dtype: dtype, width: 1, byteWidth: byteWidth, elements: data), range)
        }
        if case .fixedSizeList(_, let size) = data.type, size > 0, let inner = data.children.first,
           let dtype = dtype(inner.type), let byteWidth = inner.type.primitiveByteWidth {
            let lower = (data.offset + range.lowerBound) * size, upper = (data.offset + range.upperBound) * size
            guard !hasNulls(data, range), upper <= inner.length else { return nil }
            guard !hasNulls(inner, lower..<upper) else { return nil }
            return (Flat(dtype: dtype, width: size, byteWidth: byteWidth, elements: inner), lower..<upper)
        }
        return nil
    }

    /// Copies elements `range` (slots of `flat.elements`) into the payload.
    private static func copy(_ flat: Flat, _ range: Range<Int>, payload: inout ViewerPayload) throws(ViewerError) -> Int {
        let data = flat.elements
        let a = (data.offset + range.lowerBound) * flat.byteWidth, b = (data.offset + range.upperBound) * flat.byteWidth
        guard let buffer = data.buffers[1] ?? nil else {
            if range.isEmpty { return try payload.append(values: [UInt8]()) }
            throw ViewerError(.internal, "numeric array without a value buffer")
        }
        guard a >= 0, a <= b, b <= buffer.count else {
            throw ViewerError(.internal, "numeric slots \(range) lie outside their \(buffer.count)-byte buffer")
        }
        var result: Result<Int, ViewerError> = .success(0)
        buffer.withUnsafeBytes { raw in
            // Safety: a...b was checked against the buffer's byte count just above.
            do throws(ViewerError) { result = .success(try payload.append(UnsafeRawBufferPointer(rebasing: raw[a..<b]))) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The numeric encoding of instances `range` of `values`, or `nil` if they are not numeric
    /// (or contain nulls).
    static func numeric(_ values: ArrayData, _ range: Range<Int>, payload: inout ViewerPayload) throws(ViewerError) -> [(String, ViewerJSON)]? {
        if let (flat, elements) = flat(values, range) {
            let buffer = try copy(flat, elements, payload: &payload)
            return [("dtype", .string(flat.dtype)), ("width", .int(flat.width)), ("count", .int(range.count)), ("buffer", .int(buffer))]
        }
        // Variable-length instances: List<P> or List<FixedSizeList<P, k>>.
        guard case .list = values.type, let inner = values.children.first, let offsets = values.buffers[1],
              !hasNulls(values, range) else { return nil }
        let first = Int(offsets.load(fromByteOffset: (values.offset + range.lowerBound) * 4, as: Int32.self))
        let last = Int(offsets.load(fromByteOffset: (values.offset + range.upperBound) * 4, as: Int32.self))
        guard first >= 0, first <= last, last <= inner.length, let (flat, elements) = flat(inner, first..<last) else { return nil }
        var instanceOffsets: [UInt32] = []
        instanceOffsets.reserveCapacity(range.count + 1)
        for i in range.lowerBound...range.upperBound {
            let o = Int(offsets.load(fromByteOffset: (values.offset + i) * 4, as: Int32.self))
            instanceOffsets.append(UInt32(clamping: o - first))
        }
        let buffer = try copy(flat, elements, payload: &payload)
        let offsetsBuffer = try payload.append(values: instanceOffsets)
        return [("dtype", .string(flat.dtype)), ("width", .int(flat.width)), ("count", .int(range.count)),
                ("buffer", .int(buffer)), ("offsets", .int(offsetsBuffer))]
    }
}
