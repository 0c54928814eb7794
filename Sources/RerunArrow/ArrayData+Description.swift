extension ArrayData {
    /// A human-readable rendering of the values, such as `[1, null, 3]`, `["a", "b"]`,
    /// `[[1.0, 2.0], null]` or `[{x: 1, y: "a"}]`, for debugging and test failure messages.
    ///
    /// At most `limit` elements are shown per level; the rest are summarized as `… N more`.
    /// The array must be valid (see `validate()`).
    public func describeValues(limit: Int = 32) -> String {
        var out = ""
        ValueRenderer(limit: max(limit, 0)).render(self, 0, length, into: &out)
        return out
    }
}

extension ArrayData: CustomStringConvertible {
    /// The type, length, null count and (the first few) values, e.g. `int32[3, nulls: 1] [1, null, 3]`.
    public var description: String {
        "\(type)[\(length)\(nullCount > 0 ? ", nulls: \(nullCount)" : "")] \(describeValues(limit: 16))"
    }
}

/// Renders slots of an `ArrayData` as text.
private struct ValueRenderer {
    let limit: Int

    func render(_ data: ArrayData, _ start: Int, _ count: Int, into out: inout String) {
        out += "["
        for k in 0..<min(count, limit) {
            if k > 0 { out += ", " }
            renderSlot(data, start + k, into: &out)
        }
        if count > limit { out += "\(limit > 0 ? ", " : "")… \(count - limit) more" }
        out += "]"
    }

    func renderSlot(_ data: ArrayData, _ slot: Int, into out: inout String) {
        guard data.isValid(slot) else {
            out += "null"
            return
        }
        let i = data.offset + slot
        let values = data.buffer(1)
        switch data.type {
        case .null: out += "null"
        case .boolean: out += Bitmap.get(values, i) ? "true" : "false"
        case .int8: out += "\(values.load(fromByteOffset: i, as: Int8.self))"
        case .int16: out += "\(values.load(fromByteOffset: i * 2, as: Int16.self))"
        case .int32: out += "\(values.load(fromByteOffset: i * 4, as: Int32.self))"
        case .int64, .timestamp, .duration: out += "\(values.load(fromByteOffset: i * 8, as: Int64.self))"
        case .uint8: out += "\(values.load(fromByteOffset: i, as: UInt8.self))"
        case .uint16: out += "\(values.load(fromByteOffset: i * 2, as: UInt16.self))"
        case .uint32: out += "\(values.load(fromByteOffset: i * 4, as: UInt32.self))"
        case .uint64: out += "\(values.load(fromByteOffset: i * 8, as: UInt64.self))"
        case .float16: out += "\(HalfFloat.float(fromBits: values.load(fromByteOffset: i * 2, as: UInt16.self)))"
        case .float32: out += "\(values.load(fromByteOffset: i * 4, as: Float.self))"
        case .float64: out += "\(values.load(fromByteOffset: i * 8, as: Double.self))"
        case .fixedSizeBinary(let width):
            out += Self.hex(values.bytes[(i * width)..<(i * width + width)])
        case .utf8, .binary:
            let lo = data.offsetValue(buffer: 1, at: i), hi = data.offsetValue(buffer: 1, at: i + 1)
            let bytes = data.buffer(2).bytes[lo..<hi]
            if case .utf8 = data.type {
                out += String(decoding: bytes, as: UTF8.self).debugDescription
            } else {
                out += Self.hex(bytes)
            }
        case .list:
            let lo = data.offsetValue(buffer: 1, at: i), hi = data.offsetValue(buffer: 1, at: i + 1)
            render(data.children[0], lo, hi - lo, into: &out)
        case .fixedSizeList(_, let size):
            render(data.children[0], i * size, size, into: &out)
        case .struct(let fields):
            out += "{"
            for (index, (field, child)) in zip(fields, data.children).enumerated() {
                if index > 0 { out += ", " }
                out += "\(field.name): "
                renderSlot(child, i, into: &out)
            }
            out += "}"
        case .denseUnion(let fields, let typeIDs):
            let id = data.buffer(0).load(fromByteOffset: i, as: Int8.self)
            let position = Int(data.buffer(1).load(fromByteOffset: i * 4, as: Int32.self))
            guard let child = typeIDs.firstIndex(of: id) else {
                out += "<invalid type id \(id)>"
                return
            }
            out += "\(fields[child].name)="
            renderSlot(data.children[child], position, into: &out)
        }
    }

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var s = "0x"
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 15)])
        }
        return s
    }
}
