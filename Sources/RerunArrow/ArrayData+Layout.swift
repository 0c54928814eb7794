extension ArrayData {
    /// Buffer `index` of the layout, with an absent (`nil`) or missing entry read as empty.
    @inlinable
    func buffer(_ index: Int) -> Buffer {
        index < buffers.count ? (buffers[index] ?? Buffer.empty) : Buffer.empty
    }

    /// The slot range `[offset, offset + length)` in buffer coordinates.
    @inlinable
    var slotRange: Range<Int> { offset..<(offset + length) }

    /// Reads the 32-bit offset at buffer position `position` of offsets buffer `index`
    /// (utf8, binary, list). The data must have been validated.
    @inlinable
    func offsetValue(buffer index: Int, at position: Int) -> Int {
        Int(buffer(index).load(fromByteOffset: position &* 4, as: Int32.self))
    }

    /// The child range `[start, end)` that this array's slots reference through its 32-bit
    /// offsets (utf8, binary: bytes; list: child slots). Empty when `length == 0`.
    @inlinable
    func referencedRange(offsetsBuffer index: Int) -> Range<Int> {
        guard length > 0 else { return 0..<0 }
        let start = offsetValue(buffer: index, at: offset)
        let end = offsetValue(buffer: index, at: offset + length)
        return start..<end
    }

    /// The human-readable name of buffer `index` of this array's layout, for error messages.
    func bufferName(_ index: Int) -> String {
        switch type {
        case .null: return "buffer \(index)"
        case .denseUnion: return index == 0 ? "type ids" : "offsets"
        case .struct, .fixedSizeList: return "validity bitmap"
        case .utf8, .binary: return ["validity bitmap", "offsets", "data"][min(index, 2)]
        case .list: return index == 0 ? "validity bitmap" : "offsets"
        default: return index == 0 ? "validity bitmap" : "values"
        }
    }
}
