/// A zero-copy view of a `list` array (32-bit offsets into one child array).
///
/// Slot `i` holds the child slots `valueRange(at: i)`; as a collection its elements are those
/// child slices (`nil` for null slots).
public struct ListArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    /// The child field (name, type, nullability).
    public let field: Field
    @usableFromInline let offsetBuffer: Buffer
    @usableFromInline let validity: Buffer?

    /// Creates a view, throwing if `data` is not a `list` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .list(let field) = data.type else {
            throw ArrowError(.typeMismatch, "ListArray cannot view an array of type \(data.type)")
        }
        guard data.children.count == 1 else {
            throw ArrowError(.invalidData, "a list needs 1 child, found \(data.children.count)")
        }
        let end = try data.checkedEnd()
        self.field = field
        self.offsetBuffer = data.length == 0 ? Buffer.empty : try data.checkedBuffer(1, count: end + 1, width: 4, alignment: 4)
        self.validity = try data.checkedValidity()
        self.data = data
    }

    /// The whole child array (all lists' values, including any before or after this slice).
    @inlinable
    public var values: ArrayData { data.children[0] }

    /// The child slots of list `index` (ignoring validity; null lists are usually empty).
    @inlinable
    public func valueRange(at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        // Safety: `init` checked that the offsets buffer holds `offset + length + 1` aligned Int32s.
        let (start, end) = withExtendedLifetime(offsetBuffer.storage) {
            let p = offsetBuffer.base + (data.offset &+ index) &* 4
            return (Int(p.load(as: Int32.self)), Int(p.load(fromByteOffset: 4, as: Int32.self)))
        }
        precondition(0 <= start && start <= end && end <= data.children[0].length,
                     "Offsets of list \(index) out of range; validate() the data")
        return start..<end
    }

    /// The values of list `index` as a zero-copy slice of the child (ignoring validity).
    @inlinable
    public func value(at index: Int) -> ArrayData {
        let range = valueRange(at: index)
        return data.children[0].slice(range.lowerBound, range.count)
    }

    /// The child slots referenced by all lists of this array, `valueRange(at: 0).lowerBound ..<
    /// valueRange(at: length - 1).upperBound` (empty when the array is empty).
    public var valuesRange: Range<Int> {
        guard data.length > 0 else { return 0..<0 }
        return valueRange(at: 0).lowerBound..<valueRange(at: data.length - 1).upperBound
    }

    /// Calls `body` with the `length + 1` offsets of this array's slots (none when empty), without copying.
    @inlinable
    public func withUnsafeOffsets<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        guard data.length > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try offsetBuffer.withUnsafeBufferPointer(of: Int32.self) { all in
            // Safety: `init` checked the buffer holds `offset + length + 1` values.
            try body(UnsafeBufferPointer(rebasing: all[data.offset...(data.offset + data.length)]))
        }
    }

    /// The `length + 1` offsets of this array's slots, copied (empty when the array is empty).
    public var offsets: [Int32] { withUnsafeOffsets { Array($0) } }
}

extension ListArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The values of list `index` as a child slice, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> ArrayData? {
        let v = value(at: index)
        if let validity, !Bitmap.get(validity, data.offset &+ index) { return nil }
        return v
    }
}
