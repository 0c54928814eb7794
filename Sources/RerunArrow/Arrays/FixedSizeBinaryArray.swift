/// A zero-copy view of a `fixedSizeBinary` array whose elements are `[UInt8]?` of `byteWidth` bytes.
public struct FixedSizeBinaryArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    /// The number of bytes of every value.
    public let byteWidth: Int
    @usableFromInline let bytes: Buffer
    @usableFromInline let validity: Buffer?

    /// Creates a view, throwing if `data` is not a `fixedSizeBinary` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .fixedSizeBinary(let width) = data.type, width >= 0 else {
            throw ArrowError(.typeMismatch, "FixedSizeBinaryArray cannot view an array of type \(data.type)")
        }
        self.byteWidth = width
        self.bytes = try data.checkedBuffer(1, count: try data.checkedEnd(), width: width)
        self.validity = try data.checkedValidity()
        self.data = data
    }

    /// Calls `body` with the `byteWidth` bytes of slot `index` (ignoring validity), without copying.
    @inlinable
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        let start = (data.offset &+ index) &* byteWidth
        return try bytes.withUnsafeBufferPointer(of: UInt8.self) { all in
            // Safety: `init` checked the buffer holds `(offset + length) * byteWidth` bytes.
            try body(UnsafeBufferPointer(rebasing: all[start..<(start + byteWidth)]))
        }
    }

    /// The bytes of slot `index`, ignoring validity.
    @inlinable
    public func value(at index: Int) -> [UInt8] { withBytes(at: index) { Array($0) } }
}

extension FixedSizeBinaryArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The bytes of slot `index`, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> [UInt8]? {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        if let validity, !Bitmap.get(validity, data.offset &+ index) { return nil }
        return value(at: index)
    }
}
