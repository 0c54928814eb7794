extension ArrayData {
    /// `length` null slots of `type`, with properly sized (zeroed) buffers for every level.
    static func allNull(type: DataType, length: Int) -> ArrayData {
        let validity = Buffer(zeroedCount: Bitmap.byteCount(forBits: length))
        switch type {
        case .null:
            return ArrayData(type: type, length: length, nullCount: length, buffers: [])
        case .boolean:
            return ArrayData(type: type, length: length, nullCount: length,
                             buffers: [validity, Buffer(zeroedCount: Bitmap.byteCount(forBits: length))])
        case .fixedSizeBinary(let width):
            return ArrayData(type: type, length: length, nullCount: length,
                             buffers: [validity, Buffer(zeroedCount: width * length)])
        case .utf8, .binary:
            return ArrayData(type: type, length: length, nullCount: length,
                             buffers: [validity, Buffer(zeroedCount: 4 * (length + 1)), Buffer.empty])
        case .list(let child):
            return ArrayData(type: type, length: length, nullCount: length,
                             buffers: [validity, Buffer(zeroedCount: 4 * (length + 1))],
                             children: [allNull(type: child.type, length: 0)])
        case .fixedSizeList(let child, let size):
            return ArrayData(type: type, length: length, nullCount: length, buffers: [validity],
                             children: [allNull(type: child.type, length: length * size)])
        case .struct(let fields):
            return ArrayData(type: type, length: length, nullCount: length, buffers: [validity],
                             children: fields.map { allNull(type: $0.type, length: length) })
        case .denseUnion(let fields, let typeIDs):
            precondition(!fields.isEmpty || length == 0, "A dense union without children cannot hold null slots")
            let ids = Buffer(copyingValuesOf: [Int8](repeating: typeIDs.first ?? 0, count: length))
            let offsets = Buffer(copyingValuesOf: (0..<Int32(length)).map { $0 })
            let children = fields.enumerated().map { i, f in allNull(type: f.type, length: i == 0 ? length : 0) }
            return ArrayData(type: type, length: length, nullCount: 0, buffers: [ids, offsets], children: children)
        default:
            let width = type.primitiveByteWidth!
            return ArrayData(type: type, length: length, nullCount: length,
                             buffers: [validity, Buffer(zeroedCount: width * length)])
        }
    }
}
