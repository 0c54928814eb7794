/// Builds fixed-width primitive arrays (integers, floats, timestamps, durations) from `T` values.
///
/// Appending a contiguous collection (such as `[Float]`) is one memory copy.
public struct PrimitiveBuilder<T: ArrowPrimitiveType>: TypedArrayBuilder, Sendable {
    /// The type of the arrays this builder makes.
    public let type: DataType
    @usableFromInline var values: BufferBuilder<T>
    @usableFromInline var validity = ValidityBuilder()

    /// Creates a builder for arrays of `type` (which must store `T`), with room for `capacity` slots.
    public init(type: DataType = T.arrowType, capacity: Int = 0) {
        precondition(T.canView(type) && type.primitiveByteWidth == MemoryLayout<T>.stride,
                     "PrimitiveBuilder<\(T.self)> cannot build \(type)")
        self.type = type
        self.values = BufferBuilder(capacity: capacity)
    }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { values.count }

    /// Reserves room for `count` more slots.
    @inlinable
    public mutating func reserveCapacity(_ count: Int) { values.reserve(additional: count) }

    /// Appends one valid slot.
    @inlinable
    public mutating func append(_ value: T) {
        values.append(value)
        validity.appendValid()
    }

    /// Appends one null slot (its value bytes are zero).
    @inlinable
    public mutating func appendNull() {
        values.appendZeros(1)
        validity.appendNull()
    }

    /// Appends `count` null slots.
    @inlinable
    public mutating func appendNulls(_ count: Int) {
        values.appendZeros(count)
        validity.appendNulls(count: count)
    }

    /// Appends every value of `values`; contiguous collections are copied in one go.
    @inlinable
    public mutating func append(contentsOf newValues: some Sequence<T>) {
        let copied: Int? = newValues.withContiguousStorageIfAvailable { buffer in
            values.append(contentsOf: buffer)
            return buffer.count
        }
        if let copied {
            validity.appendValid(count: copied)
        } else {
            values.reserve(additional: newValues.underestimatedCount)
            for value in newValues { append(value) }
        }
    }

    /// Appends the values of `buffer`, copied in one go.
    @inlinable
    public mutating func append(contentsOf buffer: UnsafeBufferPointer<T>) {
        values.append(contentsOf: buffer)
        validity.appendValid(count: buffer.count)
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let length = values.count
        let (bitmap, nulls) = validity.finish()
        return ArrayData(type: type, length: length, nullCount: nulls, buffers: [bitmap, values.finish()])
    }
}
