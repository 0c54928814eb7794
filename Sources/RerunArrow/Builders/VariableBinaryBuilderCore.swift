/// The shared state of `StringBuilder` and `BinaryBuilder`: 32-bit offsets into a byte buffer.
@usableFromInline
struct VariableBinaryBuilderCore: Sendable {
    @usableFromInline var offsets: BufferBuilder<Int32>
    @usableFromInline var bytes: BufferBuilder<UInt8>
    @usableFromInline var validity = ValidityBuilder()

    @usableFromInline
    init(capacity: Int, byteCapacity: Int) {
        self.offsets = BufferBuilder(capacity: capacity + 1)
        self.bytes = BufferBuilder(capacity: byteCapacity)
        offsets.append(0)
    }

    @inlinable
    var length: Int { offsets.count - 1 }

    /// Appends one valid slot holding `value`.
    @inlinable
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        precondition(bytes.count <= Int(Int32.max), "utf8/binary arrays hold at most 2 GiB of data (32-bit offsets)")
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        validity.appendValid()
    }

    @inlinable
    mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        validity.appendNull()
    }

    @inlinable
    mutating func appendNulls(_ count: Int) {
        offsets.append(repeating: Int32(truncatingIfNeeded: bytes.count), count: count)
        validity.appendNulls(count: count)
    }

    mutating func finish(type: DataType) -> ArrayData {
        let length = self.length
        let (bitmap, nulls) = validity.finish()
        let result = ArrayData(type: type, length: length, nullCount: nulls,
                               buffers: [bitmap, offsets.finish(), bytes.finish()])
        offsets.append(0)
        return result
    }
}
