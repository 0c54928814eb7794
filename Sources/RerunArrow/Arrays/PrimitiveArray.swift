/// A zero-copy view of a fixed-width primitive array (integers, floats, timestamps, durations)
/// whose elements are `T?` (`nil` for null slots).
///
/// Use `withUnsafeBufferPointer(_:)` for bulk access to the values without copying.
public struct PrimitiveArray<T: ArrowPrimitiveType>: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    @usableFromInline let valueBuffer: Buffer
    @usableFromInline let validity: Buffer?

    /// Creates a view, throwing if `data` is not of a type that stores `T`.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.requireType(T.canView(data.type) && data.type.primitiveByteWidth == MemoryLayout<T>.stride,
                             for: "PrimitiveArray<\(T.self)>")
        let end = try data.checkedEnd()
        self.valueBuffer = try data.checkedBuffer(1, count: end, width: MemoryLayout<T>.stride,
                                             alignment: MemoryLayout<T>.alignment)
        self.validity = try data.checkedValidity()
        self.data = data
    }

    /// Creates an array of `T.arrowType` holding `values` (no nulls).
    public init(_ values: some Collection<T>) {
        // Safety of `try!`: the data is built for `T.arrowType`, which `T` can view.
        try! self.init(ArrayData(type: T.arrowType, length: values.count,
                                 buffers: [nil, Buffer(copyingValuesOf: values)]))
    }

    /// Creates an array of `T.arrowType` holding `values`, with `nil` as null.
    public init(_ values: some Collection<T?>) {
        var builder = PrimitiveBuilder<T>(capacity: values.count)
        for value in values { builder.append(value) }
        // Safety of `try!`: the builder produces data of `T.arrowType`.
        try! self.init(builder.finish())
    }

    /// The value in slot `index`, ignoring validity (null slots hold unspecified values).
    @inlinable
    public func value(at index: Int) -> T {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        // Safety: `init` checked that `valueBuffer` holds `offset + length` aligned values of `T`.
        return withExtendedLifetime(valueBuffer.storage) {
            valueBuffer.base.load(fromByteOffset: (data.offset &+ index) &* MemoryLayout<T>.stride, as: T.self)
        }
    }

    /// Calls `body` with the values of this array's slots (`length` values, starting at the
    /// array's offset), without copying. Null slots hold unspecified values.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        try valueBuffer.withUnsafeBufferPointer(of: T.self) { all in
            // Safety: `init` checked that `valueBuffer` holds `offset + length` values.
            try body(UnsafeBufferPointer(rebasing: all[data.offset..<(data.offset + data.length)]))
        }
    }

    /// The values of all slots copied into an array (null slots hold unspecified values).
    public var values: [T] {
        withUnsafeBufferPointer { Array($0) }
    }
}

extension PrimitiveArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The value in slot `index`, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> T? {
        let v = value(at: index)
        if let validity, !Bitmap.get(validity, data.offset &+ index) { return nil }
        return v
    }
}

/// A view of a `timestamp` array's raw 64-bit values (in the type's unit since the epoch).
public typealias TimestampArray = PrimitiveArray<Int64>
/// A view of a `duration` array's raw 64-bit values (in the type's unit).
public typealias DurationArray = PrimitiveArray<Int64>
