/// A typed, zero-copy view over `ArrayData` of one physical layout.
///
/// Creating a view checks the type and (in O(1)) that the buffers are large enough, so reads
/// never leave the buffers; offsets inside the data are trusted only as far as `validate()`
/// checked them (bad offsets trap in the accessors rather than reading out of bounds).
public protocol ArrowArray: Sendable {
    /// The array data this view reads.
    var data: ArrayData { get }
    /// Creates a view, throwing `typeMismatch` if `data` has a different layout.
    init(_ data: ArrayData) throws(ArrowError)
}

extension ArrowArray {
    /// The number of slots.
    @inlinable
    public var length: Int { data.length }
    /// The number of null slots.
    @inlinable
    public var nullCount: Int { data.nullCount }
    /// The logical type.
    @inlinable
    public var type: DataType { data.type }
    /// Whether slot `index` holds a value.
    @inlinable
    public func isValid(_ index: Int) -> Bool { data.isValid(index) }
    /// Whether slot `index` is null.
    @inlinable
    public func isNull(_ index: Int) -> Bool { !data.isValid(index) }
}

extension ArrayData {
    /// A typed view of this data, e.g. `try data.as(PrimitiveArray<Float>.self)`.
    @inlinable
    public func `as`<A: ArrowArray>(_ view: A.Type) throws(ArrowError) -> A {
        try A(self)
    }
}
