/// A zero-copy view of a `fixedSizeList` array: slot `i` holds child slots
/// `(offset + i) * size ..< (offset + i + 1) * size`.
public struct FixedSizeListArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    /// The child field (name, type, nullability).
    public let field: Field
    /// The number of values in every list.
    public let size: Int
    @usableFromInline let validity: Buffer?

    /// Creates a view, throwing if `data` is not a `fixedSizeList` array or its child is too short.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .fixedSizeList(let field, let size) = data.type, size >= 0 else {
            throw ArrowError(.typeMismatch, "FixedSizeListArray cannot view an array of type \(data.type)")
        }
        guard data.children.count == 1 else {
            throw ArrowError(.invalidData, "a fixed-size list needs 1 child, found \(data.children.count)")
        }
        let (needed, overflow) = try data.checkedEnd().multipliedReportingOverflow(by: size)
        guard !overflow, data.children[0].length >= needed else {
            throw ArrowError(.invalidData, "fixed-size list child has \(data.children[0].length) values, needs \(needed)")
        }
        self.field = field
        self.size = size
        self.validity = try data.checkedValidity()
        self.data = data
    }

    /// The whole child array (all lists' values, including any outside this slice).
    @inlinable
    public var values: ArrayData { data.children[0] }

    /// The child slots of list `index`.
    @inlinable
    public func valueRange(at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        let start = (data.offset &+ index) &* size
        return start..<(start &+ size)
    }

    /// The values of list `index` as a zero-copy slice of the child (ignoring validity).
    @inlinable
    public func value(at index: Int) -> ArrayData {
        data.children[0].slice((data.offset &+ index) &* size, size)
    }

    /// The child values of this array's slots as one zero-copy slice (`length * size` values).
    public var flattenedValues: ArrayData {
        data.children[0].slice(data.offset * size, data.length * size)
    }
}

extension FixedSizeListArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The values of list `index` as a child slice, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> ArrayData? {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        if let validity, !Bitmap.get(validity, data.offset &+ index) { return nil }
        return value(at: index)
    }
}
