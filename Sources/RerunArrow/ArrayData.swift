/// The type-erased physical representation of an Arrow array: a type, a length, an offset into
/// the buffers, the buffers of its layout, and child arrays.
///
/// This is the currency between layers (IPC, kernels, typed arrays). `offset` makes slicing
/// zero-copy: a slice shares buffers and children and only changes `offset` and `length`.
///
/// Buffers, by type (Arrow columnar format):
/// - `null`: none
/// - `boolean`: `[validity?, bit-packed values]`
/// - fixed-width primitives, `timestamp`, `duration`, `fixedSizeBinary`: `[validity?, values]`
/// - `utf8`, `binary`: `[validity?, int32 offsets (length + 1), bytes]`
/// - `list`: `[validity?, int32 offsets (length + 1)]`, one child
/// - `fixedSizeList`, `struct`: `[validity?]`, children
/// - `denseUnion`: `[int8 type ids, int32 offsets]`, one child per type id
///
/// A `nil` validity buffer means "all valid". For `null` arrays every slot is null.
public struct ArrayData: Sendable {
    /// The logical type.
    public let type: DataType
    /// The number of slots.
    public let length: Int
    /// The slot offset into the buffers (and, for struct/fixed-size-list, into the children).
    public let offset: Int
    /// The number of null slots in `[offset, offset + length)`.
    public let nullCount: Int
    /// The buffers of the layout described above (a `nil` entry is an absent validity bitmap).
    public let buffers: [Buffer?]
    /// Child arrays of nested types.
    public let children: [ArrayData]

    /// Creates array data. `nullCount` is computed from the validity bitmap when `nil`.
    ///
    /// This initializer does not validate the buffers; call `validate()` on data that came from
    /// outside the process before reading it.
    public init(
        type: DataType, length: Int, offset: Int = 0, nullCount: Int? = nil,
        buffers: [Buffer?], children: [ArrayData] = []
    ) {
        precondition(length >= 0 && offset >= 0, "ArrayData length and offset must not be negative")
        self.type = type
        self.length = length
        self.offset = offset
        self.buffers = buffers
        self.children = children
        if let nullCount {
            self.nullCount = nullCount
        } else if case .null = type {
            self.nullCount = length
        } else if type.hasValidityBitmap, let validity = buffers.first ?? nil {
            self.nullCount = length - Bitmap.countSetBits(validity, offset: offset, count: length)
        } else {
            self.nullCount = 0
        }
    }

    /// The validity bitmap, if the type has one and it is present.
    @inlinable
    public var validity: Buffer? {
        type.hasValidityBitmap ? (buffers.first ?? nil) : nil
    }

    /// Whether slot `index` (relative to this array's offset) holds a value.
    ///
    /// For dense unions validity is carried by the children; this returns `true`.
    @inlinable
    public func isValid(_ index: Int) -> Bool {
        precondition(index >= 0 && index < length, "Array index \(index) out of range 0..<\(length)")
        if case .null = type { return false }
        guard let validity else { return true }
        return Bitmap.get(validity, index + offset)
    }

    /// Whether slot `index` is null.
    @inlinable
    public func isNull(_ index: Int) -> Bool { !isValid(index) }

    /// A zero-copy view of `count` slots starting at `start`.
    public func slice(_ start: Int, _ count: Int) -> ArrayData {
        precondition(start >= 0 && count >= 0 && start <= length - count,
                     "Slice \(start)..<\(start + count) out of range 0..<\(length)")
        let nulls: Int
        if nullCount == 0 {
            nulls = 0
        } else if nullCount == length, count > 0, start == 0, count == length {
            nulls = nullCount
        } else if case .null = type {
            nulls = count
        } else if let validity {
            nulls = count - Bitmap.countSetBits(validity, offset: offset + start, count: count)
        } else {
            nulls = 0
        }
        return ArrayData(
            type: type, length: count, offset: offset + start, nullCount: nulls,
            buffers: buffers, children: children)
    }

    /// Array data of `length` nulls of `type` (valid for every type, including nested ones).
    public static func nulls(of type: DataType, length: Int) -> ArrayData {
        ArrayData.allNull(type: type, length: length)
    }
}
