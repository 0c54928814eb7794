/// A zero-copy view of a `binary` array whose elements are `[UInt8]?`.
///
/// `withBytes(at:_:)` reads a value without copying it.
public struct BinaryArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    @usableFromInline let layout: VariableBinaryLayout

    /// Creates a view, throwing if `data` is not a `binary` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.requireType(data.type == .binary, for: "BinaryArray")
        self.layout = try VariableBinaryLayout(data)
        self.data = data
    }

    /// Creates a `binary` array holding `values`, with `nil` as null.
    public init(_ values: some Collection<[UInt8]?>) {
        var builder = BinaryBuilder(capacity: values.count)
        for value in values { builder.append(value) }
        // Safety of `try!`: the builder produces `binary` data.
        try! self.init(builder.finish())
    }

    /// The bytes in slot `index`, ignoring validity.
    @inlinable
    public func value(at index: Int) -> [UInt8] {
        layout.withBytes(data, at: index) { Array($0) }
    }

    /// Calls `body` with the bytes of slot `index` (ignoring validity), without copying.
    @inlinable
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try layout.withBytes(data, at: index, body)
    }

    /// The byte range of slot `index` in the data buffer (`data.buffers[2]`).
    @inlinable
    public func byteRange(at index: Int) -> Range<Int> { layout.byteRange(data, at: index) }
}

extension BinaryArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The bytes in slot `index`, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> [UInt8]? {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        return layout.isValid(data, index) ? value(at: index) : nil
    }
}
