/// Builds `fixedSizeBinary` arrays whose values all have `byteWidth` bytes.
public struct FixedSizeBinaryBuilder: TypedArrayBuilder, Sendable {
    /// The number of bytes of every value.
    public let byteWidth: Int
    @usableFromInline var bytes: BufferBuilder<UInt8>
    @usableFromInline var validity = ValidityBuilder()
    @usableFromInline var count = 0

    /// Creates a builder of `byteWidth`-byte values with room for `capacity` slots.
    public init(byteWidth: Int, capacity: Int = 0) {
        precondition(byteWidth >= 0, "Byte width must not be negative")
        self.byteWidth = byteWidth
        self.bytes = BufferBuilder(capacity: capacity * byteWidth)
    }

    /// `fixedSizeBinary(byteWidth:)`.
    public var type: DataType { .fixedSizeBinary(byteWidth: byteWidth) }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { count }

    /// Reserves room for `count` more slots.
    public mutating func reserveCapacity(_ count: Int) { bytes.reserve(additional: count * byteWidth) }

    /// Appends one valid slot; `value` must hold exactly `byteWidth` bytes.
    @inlinable
    public mutating func append(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { append(bytes: $0) }
    }

    /// Appends one valid slot holding a copy of `bytes` (exactly `byteWidth` of them).
    @inlinable
    public mutating func append(bytes value: UnsafeBufferPointer<UInt8>) {
        precondition(value.count == byteWidth, "Value has \(value.count) bytes, expected \(byteWidth)")
        bytes.append(contentsOf: value)
        validity.appendValid()
        count += 1
    }

    /// Appends one null slot (zero bytes).
    @inlinable
    public mutating func appendNull() { appendNulls(1) }

    /// Appends `count` null slots.
    @inlinable
    public mutating func appendNulls(_ n: Int) {
        bytes.appendZeros(n * byteWidth)
        validity.appendNulls(count: n)
        count += n
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let (bitmap, nulls) = validity.finish()
        let result = ArrayData(type: type, length: count, nullCount: nulls, buffers: [bitmap, bytes.finish()])
        count = 0
        return result
    }
}
