/// A view of a `null` array: `length` slots, all null, no buffers.
public struct NullArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData

    /// Creates a view, throwing if `data` is not a `null` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.requireType(data.type == .null, for: "NullArray")
        self.data = data
    }

    /// A `null` array of `length` slots.
    public init(length: Int) {
        self.data = ArrayData(type: .null, length: length, buffers: [])
    }
}
