/// Builds `utf8` arrays from strings.
public struct StringBuilder: TypedArrayBuilder, Sendable {
    @usableFromInline var core: VariableBinaryBuilderCore

    /// Creates a builder with room for `capacity` strings of `byteCapacity` UTF-8 bytes in total.
    public init(capacity: Int = 0, byteCapacity: Int = 0) {
        self.core = VariableBinaryBuilderCore(capacity: capacity, byteCapacity: byteCapacity)
    }

    /// `utf8`.
    public var type: DataType { .utf8 }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { core.length }

    /// Reserves room for `count` more strings.
    public mutating func reserveCapacity(_ count: Int) { core.offsets.reserve(additional: count) }

    /// Reserves room for `count` more UTF-8 bytes.
    public mutating func reserveByteCapacity(_ count: Int) { core.bytes.reserve(additional: count) }

    /// Appends one valid slot.
    @inlinable
    public mutating func append(_ value: String) {
        var value = value
        value.withUTF8 { core.append($0) }
    }

    /// Appends one valid slot from bytes that must be valid UTF-8 (checked by `validate()`).
    @inlinable
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        core.append(bytes)
    }

    /// Appends one null slot.
    @inlinable
    public mutating func appendNull() { core.appendNull() }

    /// Appends `count` null slots.
    public mutating func appendNulls(_ count: Int) { core.appendNulls(count) }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData { core.finish(type: .utf8) }
}
