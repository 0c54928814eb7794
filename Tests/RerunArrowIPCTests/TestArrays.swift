import RerunArrow

/// Small hand-rolled constructors for `ArrayData` in tests (independent of RerunArrow's builders,
/// so the IPC tests exercise exactly the layouts written here).
enum TestArrays {
    /// A validity bitmap for `valid`, or `nil` when every slot is valid.
    static func bitmap(_ valid: [Bool]) -> Buffer? {
        guard valid.contains(false) else { return nil }
        return bits(valid)
    }

    /// A bit-packed buffer of `values`.
    static func bits(_ values: [Bool]) -> Buffer {
        var bytes = [UInt8](repeating: 0, count: Bitmap.byteCount(forBits: values.count))
        for (i, v) in values.enumerated() where v { bytes[i >> 3] |= 1 << UInt8(i & 7) }
        return Buffer(copying: bytes)
    }

    static func primitive<T: BitwiseCopyable & Numeric>(_ type: DataType, _ values: [T?]) -> ArrayData {
        ArrayData(
            type: type, length: values.count,
            buffers: [bitmap(values.map { $0 != nil }), Buffer(copyingValuesOf: values.map { $0 ?? 0 })])
    }

    static func bools(_ values: [Bool?]) -> ArrayData {
        ArrayData(
            type: .boolean, length: values.count,
            buffers: [bitmap(values.map { $0 != nil }), bits(values.map { $0 ?? false })])
    }

    static func float16(_ values: [Float?]) -> ArrayData {
        ArrayData(
            type: .float16, length: values.count,
            buffers: [bitmap(values.map { $0 != nil }), Buffer(copyingValuesOf: values.map { HalfFloat.bits(from: $0 ?? 0) })])
    }

    static func binary(_ type: DataType, _ values: [[UInt8]?]) -> ArrayData {
        var offsets: [Int32] = [0]
        var data: [UInt8] = []
        for v in values {
            data += v ?? []
            offsets.append(Int32(data.count))
        }
        return ArrayData(
            type: type, length: values.count,
            buffers: [bitmap(values.map { $0 != nil }), Buffer(copyingValuesOf: offsets), Buffer(copying: data)])
    }

    static func strings(_ values: [String?]) -> ArrayData {
        binary(.utf8, values.map { $0.map { Array($0.utf8) } })
    }

    static func fixedBinary(_ width: Int, _ values: [[UInt8]?]) -> ArrayData {
        ArrayData(
            type: .fixedSizeBinary(byteWidth: width), length: values.count,
            buffers: [bitmap(values.map { $0 != nil }), Buffer(copying: values.flatMap { $0 ?? [UInt8](repeating: 0, count: width) })])
    }

    /// A list array; `lengths[i] == nil` is a null list (an empty range).
    static func list(_ item: Field, _ lengths: [Int?], _ child: ArrayData) -> ArrayData {
        var offsets: [Int32] = [0]
        for l in lengths { offsets.append(offsets.last! + Int32(l ?? 0)) }
        precondition(Int(offsets.last!) <= child.length)
        return ArrayData(
            type: .list(item), length: lengths.count,
            buffers: [bitmap(lengths.map { $0 != nil }), Buffer(copyingValuesOf: offsets)], children: [child])
    }

    static func fixedList(_ item: Field, _ size: Int, _ valid: [Bool], _ child: ArrayData) -> ArrayData {
        precondition(child.length == valid.count * size)
        return ArrayData(
            type: .fixedSizeList(item, size: size), length: valid.count, buffers: [bitmap(valid)], children: [child])
    }

    static func structArray(_ fields: [Field], _ valid: [Bool], _ children: [ArrayData]) -> ArrayData {
        ArrayData(type: .struct(fields), length: valid.count, buffers: [bitmap(valid)], children: children)
    }

    static func denseUnion(
        _ fields: [Field], typeIDs: [Int8], types: [Int8], offsets: [Int32], _ children: [ArrayData]
    ) -> ArrayData {
        ArrayData(
            type: .denseUnion(fields, typeIDs: typeIDs), length: types.count,
            buffers: [Buffer(copyingValuesOf: types), Buffer(copyingValuesOf: offsets)], children: children)
    }
}
