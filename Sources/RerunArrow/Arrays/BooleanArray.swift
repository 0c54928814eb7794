/// A zero-copy view of a `boolean` array (bit-packed values) whose elements are `Bool?`.
public struct BooleanArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    @usableFromInline let valueBits: Buffer
    @usableFromInline let validity: Buffer?

    /// Creates a view, throwing if `data` is not a `boolean` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.requireType(data.type == .boolean, for: "BooleanArray")
        let end = try data.checkedEnd()
        self.valueBits = try data.checkedBuffer(1, count: Bitmap.byteCount(forBits: end), width: 1)
        self.validity = try data.checkedValidity()
        self.data = data
    }

    /// Creates a `boolean` array holding `values`, with `nil` as null.
    public init(_ values: some Collection<Bool?>) {
        var builder = BooleanBuilder(capacity: values.count)
        for value in values { builder.append(value) }
        // Safety of `try!`: the builder produces `boolean` data.
        try! self.init(builder.finish())
    }

    /// The value bit of slot `index`, ignoring validity.
    @inlinable
    public func value(at index: Int) -> Bool {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        return Bitmap.get(valueBits, data.offset &+ index)
    }

    /// The number of valid slots whose value is `true`.
    public var trueCount: Int {
        guard let validity else { return Bitmap.countSetBits(valueBits, offset: data.offset, count: data.length) }
        var count = 0
        for i in 0..<data.length where Bitmap.get(validity, data.offset + i) && Bitmap.get(valueBits, data.offset + i) {
            count += 1
        }
        return count
    }
}

extension BooleanArray: RandomAccessCollection {
    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }
    /// The length of the array.
    @inlinable
    public var endIndex: Int { data.length }

    /// The value in slot `index`, or `nil` if the slot is null.
    @inlinable
    public subscript(index: Int) -> Bool? {
        let v = value(at: index)
        if let validity, !Bitmap.get(validity, data.offset &+ index) { return nil }
        return v
    }
}
