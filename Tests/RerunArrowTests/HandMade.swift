@testable import RerunArrow

/// Hand-built ArrayData for tests (independent of the builders, so malformed data can be made).
enum HandMade {
    static func bitmap(_ bits: [Bool]) -> Buffer {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, b) in bits.enumerated() where b { bytes[i / 8] |= 1 << UInt8(i % 8) }
        return Buffer(copying: bytes)
    }

    static func int32(_ values: [Int32?]) -> ArrayData {
        let hasNulls = values.contains(nil)
        return ArrayData(
            type: .int32, length: values.count,
            buffers: [hasNulls ? bitmap(values.map { $0 != nil }) : nil,
                      Buffer(copyingValuesOf: values.map { $0 ?? 0 })])
    }

    static func float64(_ values: [Double?]) -> ArrayData {
        let hasNulls = values.contains(nil)
        return ArrayData(
            type: .float64, length: values.count,
            buffers: [hasNulls ? bitmap(values.map { $0 != nil }) : nil,
                      Buffer(copyingValuesOf: values.map { $0 ?? 0 })])
    }

    static func offsets(_ lengths: [Int]) -> Buffer {
        var o: [Int32] = [0]
        for l in lengths { o.append(o.last! + Int32(l)) }
        return Buffer(copyingValuesOf: o)
    }

    static func utf8(_ values: [String?]) -> ArrayData {
        let hasNulls = values.contains(nil)
        let bytes = values.flatMap { Array(($0 ?? "").utf8) }
        return ArrayData(
            type: .utf8, length: values.count,
            buffers: [hasNulls ? bitmap(values.map { $0 != nil }) : nil,
                      offsets(values.map { ($0 ?? "").utf8.count }), Buffer(copying: bytes)])
    }

    static func list(_ child: ArrayData, lengths: [Int?], field: String = "item") -> ArrayData {
        let hasNulls = lengths.contains(nil)
        return ArrayData(
            type: .list(Field(field, child.type)), length: lengths.count,
            buffers: [hasNulls ? bitmap(lengths.map { $0 != nil }) : nil, offsets(lengths.map { $0 ?? 0 })],
            children: [child])
    }
}
