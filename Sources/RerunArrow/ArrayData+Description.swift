extension ArrayData {
    /// A human-readable rendering of the values, such as `[1, null, 3]`, `["a", "b"]`,
    /// `[[1.0, 2.0], null]` or `[{x: 1, y: "a"}]`, for debugging and test failure messages.
    ///
    /// At most `limit` elements are shown per level; the rest are summarized as `… N more`.
    /// Never traps, even on invalid data: unreadable parts render as `<invalid …>`.
    public func describeValues(limit: Int = 32) -> String {
        var out = ""
        ValueRenderer(limit: max(limit, 0)).render(self, 0, length, depth: 0, into: &out)
        return out
    }
}

extension ArrayData: CustomStringConvertible {
    /// The type, length, null count and (the first few) values, e.g. `int32[3, nulls: 1] [1, null, 3]`.
    public var description: String {
        "\(type)[\(length)\(nullCount > 0 ? ", nulls: \(nullCount)" : "")] \(describeValues(limit: 16))"
    }
}

/// Renders slots of an `ArrayData` as text, reading every byte through bounds checks.
private struct ValueRenderer {
    let limit: Int

    func render(_ data: ArrayData, _ start: Int, _ count: Int, depth: Int, into out: inout String) {
        guard depth < ArrayData.maximumNestingDepth else {
            out += "[…]"
            return
        }
        guard start >= 0, count >= 0, start <= data.length - count else {
            out += "<invalid range \(start)..<\(start + count) of \(data.length)>"
            return
        }
        out += "["
        for k in 0..<min(count, limit) {
            if k > 0 { out += ", " }
            renderSlot(data, start + k, depth: depth, into: &out)
        }
        if count > limit { out += "\(limit > 0 ? ", " : "")… \(count - limit) more" }
        out += "]"
    }

    /// Reads a `T` at byte `offset` of `buffer`, or `nil` if it is out of range.
    func load<T: BitwiseCopyable>(_ buffer: Buffer, _ offset: Int, as type: T.Type) -> T? {
        guard offset >= 0, offset <= buffer.count - MemoryLayout<T>.size else { return nil }
        return buffer.load(fromByteOffset: offset, as: T.self)
    }

    func bit(_ buffer: Buffer, _ index: Int) -> Bool? {
        load(buffer, index >> 3, as: UInt8.self).map { $0 & (1 << UInt8(index & 7)) != 0 }
    }

    func bytes(_ buffer: Buffer, _ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else { return nil }
        return buffer.bytes[range]
    }

    func renderSlot(_ data: ArrayData, _ slot: Int, depth: Int, into out: inout String) {
        if case .null = data.type {
            out += "null"
            return
        }
        let i = data.offset + slot
        if let validity = data.validity {
            guard let valid = bit(validity, i) else {
                out += "<invalid validity>"
                return
            }
            if !valid {
                out += "null"
                return
            }
        }
        let values = data.buffer(1)
        func show(_ value: (some Any)?) {
            if let value { out += "\(value)" } else { out += "<invalid>" }
        }
        switch data.type {
        case .null: out += "null"
        case .boolean: show(bit(values, i))
        case .int8: show(load(values, i, as: Int8.self))
        case .int16: show(load(values, i &* 2, as: Int16.self))
        case .int32: show(load(values, i &* 4, as: Int32.self))
        case .int64, .timestamp, .duration: show(load(values, i &* 8, as: Int64.self))
        case .uint8: show(load(values, i, as: UInt8.self))
        case .uint16: show(load(values, i &* 2, as: UInt16.self))
        case .uint32: show(load(values, i &* 4, as: UInt32.self))
        case .uint64: show(load(values, i &* 8, as: UInt64.self))
        case .float16: show(load(values, i &* 2, as: UInt16.self).map(HalfFloat.float(fromBits:)))
        case .float32: show(load(values, i &* 4, as: Float.self))
        case .float64: show(load(values, i &* 8, as: Double.self))
        case .fixedSizeBinary(let width):
            show(bytes(values, (i &* width)..<(i &* width &+ max(width, 0))).map(Self.hex))
        case .utf8, .binary:
            guard let lo = load(values, i &* 4, as: Int32.self), let hi = load(values, (i &+ 1) &* 4, as: Int32.self),
                  lo <= hi, let raw = bytes(data.buffer(2), Int(lo)..<Int(hi))
            else {
                out += "<invalid offsets>"
                return
            }
            if case .utf8 = data.type {
                out += String(decoding: raw, as: UTF8.self).debugDescription
            } else {
                out += Self.hex(raw)
            }
        case .list:
            guard let lo = load(values, i &* 4, as: Int32.self), let hi = load(values, (i &+ 1) &* 4, as: Int32.self),
                  lo <= hi, let child = data.children.first
            else {
                out += "<invalid offsets>"
                return
            }
            render(child, Int(lo), Int(hi - lo), depth: depth + 1, into: &out)
        case .fixedSizeList(_, let size):
            guard let child = data.children.first else {
                out += "<missing child>"
                return
            }
            let (start, overflow) = i.multipliedReportingOverflow(by: size)
            if overflow { out += "<invalid>" } else { render(child, start, size, depth: depth + 1, into: &out) }
        case .struct(let fields):
            out += "{"
            for (index, (field, child)) in zip(fields, data.children).enumerated() {
                if index > 0 { out += ", " }
                out += "\(field.name): "
                guard i < child.length, depth < ArrayData.maximumNestingDepth else {
                    out += "<invalid>"
                    continue
                }
                renderSlot(child, i, depth: depth + 1, into: &out)
            }
            out += "}"
        case .denseUnion(let fields, let typeIDs):
            guard let id = load(data.buffer(0), i, as: Int8.self),
                  let position = load(data.buffer(1), i &* 4, as: Int32.self),
                  let child = typeIDs.firstIndex(of: id), child < data.children.count
            else {
                out += "<invalid union slot>"
                return
            }
            out += "\(fields[child].name)="
            let target = data.children[child]
            guard position >= 0, Int(position) < target.length, depth < ArrayData.maximumNestingDepth else {
                out += "<invalid>"
                return
            }
            renderSlot(target, Int(position), depth: depth + 1, into: &out)
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
