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

extension ArrayData {
    /// `offset + length`, or an error if it overflows (only possible for hand-made data).
    func checkedEnd() throws(ArrowError) -> Int {
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow else { throw ArrowError(.invalidData, "offset \(offset) + length \(length) overflows") }
        return end
    }

    /// Throws a type mismatch unless `matches`, naming the view that was requested.
    func requireType(_ matches: Bool, for view: String) throws(ArrowError) {
        guard matches else { throw ArrowError(.typeMismatch, "\(view) cannot view an array of type \(type)") }
    }

    /// Buffer `index`, checked to hold at least `count * width` bytes and to be aligned to
    /// `alignment` (O(1); typed views call this so that their reads stay in bounds).
    func checkedBuffer(_ index: Int, count: Int, width: Int, alignment: Int = 1) throws(ArrowError) -> Buffer {
        guard buffers.count == type.bufferCount else {
            throw ArrowError(.invalidData, "\(type) needs \(type.bufferCount) buffers, found \(buffers.count)")
        }
        let buffer = self.buffer(index)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, buffer.count >= bytes else {
            throw ArrowError(.invalidData, "\(bufferName(index)) has \(buffer.count) bytes, needs \(count) × \(width)")
        }
        guard alignment <= 1 || buffer.isAligned(to: alignment) else {
            throw ArrowError(.invalidData, "\(bufferName(index)) is not aligned to \(alignment) bytes")
        }
        return buffer
    }

    /// The validity bitmap, checked to cover `[0, offset + length)` bits; `nil` if absent.
    func checkedValidity() throws(ArrowError) -> Buffer? {
        guard let validity else { return nil }
        let end = try checkedEnd()
        guard validity.count >= Bitmap.byteCount(forBits: end) else {
            throw ArrowError(.invalidData, "validity bitmap has \(validity.count) bytes, needs \(Bitmap.byteCount(forBits: end))")
        }
        return validity
    }
}
