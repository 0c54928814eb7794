/// Something that builds `ArrayData` of one type slot by slot.
///
/// `finish()` returns the array (64-byte aligned buffers, no validity bitmap when there are no
/// nulls) and resets the builder so it can build another.
public protocol ArrayBuilder {
    /// The type of the arrays this builder makes.
    var type: DataType { get }
    /// The number of slots appended so far.
    var length: Int { get }
    /// Appends one null slot.
    mutating func appendNull()
    /// Appends `count` null slots.
    mutating func appendNulls(_ count: Int)
    /// Reserves room for `count` more slots.
    mutating func reserveCapacity(_ count: Int)
    /// The array built so far; resets the builder.
    mutating func finish() -> ArrayData
}

extension ArrayBuilder {
    /// Appends `count` null slots, one at a time.
    public mutating func appendNulls(_ count: Int) {
        for _ in 0..<count { appendNull() }
    }
}

/// An `ArrayBuilder` that appends Swift values of one `Element` type.
public protocol TypedArrayBuilder: ArrayBuilder {
    /// The Swift type of one slot's value.
    associatedtype Element
    /// Appends one valid slot holding `value`.
    mutating func append(_ value: Element)
    /// Appends every value of `values` as valid slots.
    mutating func append(contentsOf values: some Sequence<Element>)
}

extension TypedArrayBuilder {
    /// Appends `value`, or a null slot if it is `nil`.
    @inlinable
    public mutating func append(_ value: Element?) {
        if let value { append(value) } else { appendNull() }
    }

    /// Appends every value of `values` as valid slots.
    @inlinable
    public mutating func append(contentsOf values: some Sequence<Element>) {
        for value in values { append(value) }
    }

    /// Appends every value of `values`, with `nil` as a null slot.
    @inlinable
    public mutating func append(contentsOf values: some Sequence<Element?>) {
        for value in values { append(value) }
    }
}
