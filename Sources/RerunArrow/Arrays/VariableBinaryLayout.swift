/// The buffers of a `utf8` or `binary` array: 32-bit offsets into a byte buffer.
@usableFromInline
struct VariableBinaryLayout: Sendable {
    @usableFromInline let offsets: Buffer
    @usableFromInline let bytes: Buffer
    @usableFromInline let validity: Buffer?

    init(_ data: ArrayData) throws(ArrowError) {
        let end = try data.checkedEnd()
        self.offsets = data.length == 0 ? Buffer.empty : try data.checkedBuffer(1, count: end + 1, width: 4, alignment: 4)
        self.bytes = data.buffer(2)
        self.validity = try data.checkedValidity()
    }

    /// The byte range of slot `index` (relative to `offset`), trapping if the offsets are not
    /// within the byte buffer.
    @inlinable
    func byteRange(_ data: ArrayData, at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        // Safety: `init` checked that `offsets` holds `offset + length + 1` aligned Int32s.
        let (start, end) = withExtendedLifetime(offsets.storage) {
            let p = offsets.base + (data.offset &+ index) &* 4
            return (Int(p.load(as: Int32.self)), Int(p.load(fromByteOffset: 4, as: Int32.self)))
        }
        precondition(0 <= start && start <= end && end <= bytes.count, "Offsets of slot \(index) out of range; validate() the data")
        return start..<end
    }

    @inlinable
    func withBytes<R>(_ data: ArrayData, at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = byteRange(data, at: index)
        return try bytes.withUnsafeBufferPointer(of: UInt8.self) { all in
            // Safety: `byteRange` checked the range lies within `bytes`.
            try body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }

    @inlinable
    func isValid(_ data: ArrayData, _ index: Int) -> Bool {
        guard let validity else { return true }
        return Bitmap.get(validity, data.offset &+ index)
    }
}
