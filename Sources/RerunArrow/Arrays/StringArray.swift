/// A zero-copy view of a `utf8` array whose elements are `String?`.
///
/// `withUTF8(at:_:)` reads a value's bytes without creating a `String`.
public struct StringArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    @usableFromInline let layout: VariableBinaryLayout

    /// Creates a view, throwing if `data` is not a `utf8` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.requireType(data.type == .utf8, for: "StringArray")
        self.layout = try VariableBinaryLayout(data)
        self.data = data
    }

    /// Creates a `utf8` array holding `values`, with `nil` as null.
    public init(_ values: some Collection<String?>) {
        var builder = StringBuilder(capacity: values.count)
        for value in values { builder.append(value) }
        // Safety of `try!`: the builder produces `utf8` data.
        try! self.init(builder.finish())
    }

    /// The string in slot `index`, ignoring validity (null slots usually hold `""`).
    @inlinable
    public func value(at index: Int) -> String {
        layout.withBytes(data, at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of slot `index` (ignoring validity), without copying.
    @inlinable
    public func withUTF8<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try layout.withBytes(data, at: index, body)
    }

    /// The byte range of slot `index` in the data buffer (`data.buffers[2]`).
    @inlinable
    public func byteRange(at index: Int) -> Range<Int> { layout.byteRange(data, at: index) }
}

extension StringArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The string in slot `index`, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> String? {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        return layout.isValid(data, index) ? value(at: index) : nil
    }
}
