/// Builds `null` arrays (only a length).
public struct NullBuilder: ArrayBuilder, Sendable {
    /// The number of slots appended so far.
    public private(set) var length = 0

    /// Creates an empty builder.
    public init() {}

    /// `null`.
    public var type: DataType { .null }

    /// Does nothing: null arrays have no buffers.
    public func reserveCapacity(_ count: Int) {}

    /// Appends one slot.
    public mutating func appendNull() { length += 1 }

    /// Appends `count` slots.
    public mutating func appendNulls(_ count: Int) { length += count }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        defer { length = 0 }
        return ArrayData(type: .null, length: length, nullCount: length, buffers: [])
    }
}
