/// Builds `binary` arrays from byte sequences.
public struct BinaryBuilder: TypedArrayBuilder, Sendable {
    @usableFromInline var core: VariableBinaryBuilderCore

    /// Creates a builder with room for `capacity` values of `byteCapacity` bytes in total.
    public init(capacity: Int = 0, byteCapacity: Int = 0) {
        self.core = VariableBinaryBuilderCore(capacity: capacity, byteCapacity: byteCapacity)
    }

    /// `binary`.
    public var type: DataType { .binary }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { core.length }

    /// Reserves room for `count` more values.
    public mutating func reserveCapacity(_ count: Int) { core.offsets.reserve(additional: count) }

    /// Reserves room for `count` more bytes.
    public mutating func reserveByteCapacity(_ count: Int) { core.bytes.reserve(additional: count) }

    /// Appends one valid slot.
    @inlinable
    public mutating func append(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { core.append($0) }
    }

    /// Appends one valid slot holding a copy of `bytes`.
    @inlinable
    public mutating func append(bytes: UnsafeBufferPointer<UInt8>) { core.append(bytes) }

    /// Appends one null slot.
    @inlinable
    public mutating func appendNull() { core.appendNull() }

    /// Appends `count` null slots.
    public mutating func appendNulls(_ count: Int) { core.appendNulls(count) }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData { core.finish(type: .binary) }
}
