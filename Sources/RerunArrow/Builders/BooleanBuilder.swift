/// Builds `boolean` arrays.
public struct BooleanBuilder: TypedArrayBuilder, Sendable {
    @usableFromInline var values: BitmapBuilder
    @usableFromInline var validity = ValidityBuilder()

    /// Creates a builder with room for `capacity` slots.
    public init(capacity: Int = 0) {
        self.values = BitmapBuilder(capacity: capacity)
    }

    /// `boolean`.
    public var type: DataType { .boolean }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { values.count }

    /// Reserves room for `count` more slots.
    public mutating func reserveCapacity(_ count: Int) { values.reserveBits(count) }

    /// Appends one valid slot.
    @inlinable
    public mutating func append(_ value: Bool) {
        values.append(value)
        validity.appendValid()
    }

    /// Appends one null slot.
    @inlinable
    public mutating func appendNull() {
        values.append(false)
        validity.appendNull()
    }

    /// Appends `count` null slots.
    public mutating func appendNulls(_ count: Int) {
        values.append(repeating: false, count: count)
        validity.appendNulls(count: count)
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let length = values.count
        let (bitmap, nulls) = validity.finish()
        return ArrayData(type: .boolean, length: length, nullCount: nulls, buffers: [bitmap, values.finish()])
    }
}
