/// Builds `fixedSizeList` arrays: append exactly `size` values to `values`, then call `endList()`.
public struct FixedSizeListBuilder<Values: ArrayBuilder>: ArrayBuilder {
    /// The builder of the child array (`size` values per slot, back to back).
    public var values: Values
    /// The number of values in every list.
    public let size: Int
    /// The child field's name, nullability and metadata (its type is `values.type`).
    public let field: Field
    @usableFromInline var validity = ValidityBuilder()

    /// Creates a builder of lists of `size` values built by `values` (which must be empty);
    /// `field` names the child (default `item`, nullable).
    public init(values: Values, size: Int, field: Field? = nil) {
        precondition(size >= 0, "Fixed-size list size must not be negative")
        precondition(values.length == 0, "The values builder must start empty")
        self.values = values
        self.size = size
        self.field = field ?? Field("item", values.type)
    }

    /// `fixedSizeList` of the child field.
    public var type: DataType {
        .fixedSizeList(Field(field.name, values.type, nullable: field.isNullable, metadata: field.metadata), size: size)
    }

    /// The number of slots appended so far.
    @inlinable
    public var length: Int { validity.length }

    /// Reserves room for `count` more lists.
    public mutating func reserveCapacity(_ count: Int) { values.reserveCapacity(count * size) }

    /// Ends a valid list: exactly `size` values must have been appended to `values` since the
    /// previous slot.
    @inlinable
    public mutating func endList() {
        precondition(values.length == (length + 1) * size,
                     "A fixed-size list slot needs exactly \(size) values; the child has \(values.length), expected \((length + 1) * size)")
        validity.appendValid()
    }

    /// Appends a null list (its `size` child slots are null too).
    public mutating func appendNull() {
        values.appendNulls(size)
        validity.appendNull()
    }

    /// Appends `count` null lists.
    public mutating func appendNulls(_ count: Int) {
        values.appendNulls(count * size)
        validity.appendNulls(count: count)
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let type = self.type
        let length = self.length
        let (bitmap, nulls) = validity.finish()
        return ArrayData(type: type, length: length, nullCount: nulls, buffers: [bitmap], children: [values.finish()])
    }
}

extension FixedSizeListBuilder: TypedArrayBuilder where Values: TypedArrayBuilder {
    /// One list: exactly `size` element values.
    public typealias Element = [Values.Element]

    /// Appends one valid list; `value` must have exactly `size` elements.
    @inlinable
    public mutating func append(_ value: [Values.Element]) {
        precondition(value.count == size, "A fixed-size list slot needs exactly \(size) values, got \(value.count)")
        values.append(contentsOf: value)
        validity.appendValid()
    }
}

extension FixedSizeListBuilder: Sendable where Values: Sendable {}
