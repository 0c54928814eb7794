/// A Swift type whose values are stored as an Arrow fixed-width primitive (little-endian, packed).
public protocol ArrowPrimitiveType: BitwiseCopyable, Sendable, Equatable {
    /// The Arrow type that stores values of this Swift type by default.
    static var arrowType: DataType { get }
    /// Whether arrays of `type` store their values as this Swift type (for example `Int64` views
    /// `int64`, `timestamp` and `duration` arrays).
    static func canView(_ type: DataType) -> Bool
}

extension ArrowPrimitiveType {
    /// Arrays of `arrowType` only.
    @inlinable
    public static func canView(_ type: DataType) -> Bool { type == arrowType }
}

extension Int8: ArrowPrimitiveType {
    /// `int8`.
    public static var arrowType: DataType { .int8 }
}

extension Int16: ArrowPrimitiveType {
    /// `int16`.
    public static var arrowType: DataType { .int16 }
}

extension Int32: ArrowPrimitiveType {
    /// `int32`.
    public static var arrowType: DataType { .int32 }
}

extension Int64: ArrowPrimitiveType {
    /// `int64`.
    public static var arrowType: DataType { .int64 }

    /// `int64`, `timestamp` (any unit) and `duration` (any unit).
    @inlinable
    public static func canView(_ type: DataType) -> Bool {
        switch type {
        case .int64, .timestamp, .duration: true
        default: false
        }
    }
}

extension UInt8: ArrowPrimitiveType {
    /// `uint8`.
    public static var arrowType: DataType { .uint8 }
}

extension UInt16: ArrowPrimitiveType {
    /// `uint16`.
    public static var arrowType: DataType { .uint16 }

    /// `uint16`, and `float16` as raw half-precision bit patterns (see `HalfFloat`).
    @inlinable
    public static func canView(_ type: DataType) -> Bool {
        switch type {
        case .uint16, .float16: true
        default: false
        }
    }
}

extension UInt32: ArrowPrimitiveType {
    /// `uint32`.
    public static var arrowType: DataType { .uint32 }
}

extension UInt64: ArrowPrimitiveType {
    /// `uint64`.
    public static var arrowType: DataType { .uint64 }
}

extension Float: ArrowPrimitiveType {
    /// `float32`.
    public static var arrowType: DataType { .float32 }
}

extension Double: ArrowPrimitiveType {
    /// `float64`.
    public static var arrowType: DataType { .float64 }
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
extension Float16: ArrowPrimitiveType {
    /// `float16`.
    public static var arrowType: DataType { .float16 }
}
#endif
