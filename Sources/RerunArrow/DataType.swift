/// The logical type of an Arrow array, covering what Rerun 0.41 uses.
///
/// Nested types carry their child `Field`s, so a `DataType` describes a whole tree of columns.
public indirect enum DataType: Sendable, Hashable {
    /// All values null; no buffers.
    case null
    /// Bit-packed booleans.
    case boolean
    /// Signed little-endian integers of 8, 16, 32 and 64 bits.
    case int8, int16, int32, int64
    /// Unsigned little-endian integers of 8, 16, 32 and 64 bits.
    case uint8, uint16, uint32, uint64
    /// IEEE 754 half precision.
    case float16
    /// IEEE 754 single and double precision.
    case float32, float64
    /// UTF-8 strings with 32-bit offsets.
    case utf8
    /// Variable-length bytes with 32-bit offsets.
    case binary
    /// Bytes of a fixed width per value.
    case fixedSizeBinary(byteWidth: Int)
    /// Variable-length lists with 32-bit offsets.
    case list(Field)
    /// Lists of exactly `size` values each.
    case fixedSizeList(Field, size: Int)
    /// A struct of named child columns with one shared validity bitmap.
    case `struct`([Field])
    /// A dense union: per-slot type ids and offsets into one child per type id.
    case denseUnion([Field], typeIDs: [Int8])
    /// Signed 64-bit time since the Unix epoch, with an optional time zone.
    case timestamp(TimeUnit, timeZone: String?)
    /// Signed 64-bit elapsed time.
    case duration(TimeUnit)

    /// The unit of a `timestamp` or `duration`.
    public enum TimeUnit: Sendable, Hashable, CaseIterable {
        /// Seconds, milliseconds, microseconds or nanoseconds.
        case second, millisecond, microsecond, nanosecond
    }

    /// Nanosecond timestamps without a time zone, as Rerun's timestamp timelines use.
    public static let timestampNanoseconds = DataType.timestamp(.nanosecond, timeZone: nil)
    /// Nanosecond durations, as Rerun's duration timelines use.
    public static let durationNanoseconds = DataType.duration(.nanosecond)

    /// The width in bytes of one value for fixed-width primitive types, `nil` otherwise.
    public var primitiveByteWidth: Int? {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64, .timestamp, .duration: 8
        default: nil
        }
    }

    /// The child fields of nested types (empty for flat types).
    public var children: [Field] {
        switch self {
        case .list(let f), .fixedSizeList(let f, _): [f]
        case .struct(let fs), .denseUnion(let fs, _): fs
        default: []
        }
    }

    /// Whether the type's physical layout starts with a validity bitmap buffer.
    public var hasValidityBitmap: Bool {
        switch self {
        case .null, .denseUnion: false
        default: true
        }
    }

    /// The number of buffers in this type's physical layout (validity included where present).
    public var bufferCount: Int {
        switch self {
        case .null: 0
        case .struct, .fixedSizeList: 1
        case .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64,
            .float16, .float32, .float64, .fixedSizeBinary, .timestamp, .duration, .list:
            2
        case .utf8, .binary: 3
        case .denseUnion: 2
        }
    }
}

extension DataType: CustomStringConvertible {
    /// A compact, Arrow-style rendering such as `List<FixedSizeList<float32!, 3>>`.
    public var description: String {
        switch self {
        case .null: "null"
        case .boolean: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        case .utf8: "utf8"
        case .binary: "binary"
        case .fixedSizeBinary(let w): "FixedSizeBinary(\(w))"
        case .list(let f): "List<\(f.typeDescription)>"
        case .fixedSizeList(let f, let n): "FixedSizeList<\(f.typeDescription), \(n)>"
        case .struct(let fs): "Struct{\(fs.map { "\($0.name): \($0.typeDescription)" }.joined(separator: ", "))}"
        case .denseUnion(let fs, let ids):
            "DenseUnion{\(zip(ids, fs).map { "\($0) \($1.name): \($1.typeDescription)" }.joined(separator: ", "))}"
        case .timestamp(let u, let tz): "Timestamp(\(u)\(tz.map { ", \($0)" } ?? ""))"
        case .duration(let u): "Duration(\(u))"
        }
    }
}
