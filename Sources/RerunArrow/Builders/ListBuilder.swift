/// Builds `list` arrays: append a list's values to `values`, then call `endList()`.
///
/// ```swift
/// var builder = ListBuilder(values: PrimitiveBuilder<Float>())
/// builder.append([1, 2, 3])        // one list
/// builder.values.append(4); builder.endList()
/// builder.appendNull()
/// let data = builder.finish()      // List<float32>: [[1, 2, 3], [4], null]
/// ```
public struct ListBuilder<Values: ArrayBuilder>: ArrayBuilder {
    /// The builder of the child array (all lists' values, back to back).
    public var values: Values
    /// The child field's name, nullability and metadata (its type is `values.type`).
    public let field: Field
    @usableFromInline var offsets: BufferBuilder<Int32>
    @usableFromInline var validity = ValidityBuilder()

    /// Creates a builder whose child is built by `values`; `field` names the child (default
    /// `item`, nullable).
    public init(values: Values, field: Field? = nil, capacity: Int = 0) {
        self.values = values
        self.field = field ?? Field("item", values.type)
        self.offsets = BufferBuilder(capacity: capacity + 1)
        offsets.append(Int32(truncatingIfNeeded: values.length))
        precondition(values.length <= Int(Int32.max), "List child too long for 32-bit offsets")
    }

    /// `list` of the child field.
    public var type: DataType {
        .list(Field(field.name, values.type, nullable: field.isNullable, metadata: field.metadata))
    }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { offsets.count - 1 }

    /// Reserves room for `count` more lists.
    public mutating func reserveCapacity(_ count: Int) { offsets.reserve(additional: count) }

    /// Ends a valid list holding every value appended to `values` since the previous slot.
    @inlinable
    public mutating func endList() {
        precondition(values.length <= Int(Int32.max), "List child too long for 32-bit offsets")
        offsets.append(Int32(truncatingIfNeeded: values.length))
        validity.appendValid()
    }

    /// Appends a null list (holding any values appended since the previous slot, usually none).
    @inlinable
    public mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: values.length))
        validity.appendNull()
    }

    /// Appends `count` null lists.
    public mutating func appendNulls(_ count: Int) {
        offsets.append(repeating: Int32(truncatingIfNeeded: values.length), count: count)
        validity.appendNulls(count: count)
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let type = self.type
        let length = self.length
        let (bitmap, nulls) = validity.finish()
        let offsetBuffer = offsets.finish()
        let child = values.finish()
        offsets.append(0)
        return ArrayData(type: type, length: length, nullCount: nulls, buffers: [bitmap, offsetBuffer], children: [child])
    }
}

extension ListBuilder: TypedArrayBuilder where Values: TypedArrayBuilder {
    /// One list: the values of its elements.
    public typealias Element = [Values.Element]

    /// Appends one valid list holding `value`'s elements.
    @inlinable
    public mutating func append(_ value: [Values.Element]) {
        values.append(contentsOf: value)
        endList()
    }
}

extension ListBuilder: Sendable where Values: Sendable {}
