import RerunArrow

/// A bounds-checked, read-only view of one FlatBuffers buffer (untrusted input).
///
/// Every access checks that the bytes it reads lie inside the buffer and throws
/// `ArrowIPCError.invalidMetadata` (with the absolute byte offset) otherwise. Offsets are resolved
/// the FlatBuffers way: a table starts with a signed offset to its vtable, sub-objects (tables,
/// vectors, strings) are reached through unsigned forward offsets.
struct FlatBuffer {
    /// The bytes of the flatbuffer.
    let bytes: Buffer
    /// The absolute offset of `bytes[0]` in the decoded input, for error messages.
    let origin: Int
    /// What the buffer holds ("message", "footer"), for error messages.
    let name: String

    var count: Int { bytes.count }

    /// Throws unless `size` bytes at `position` are inside the buffer.
    @inline(__always)
    func check(_ position: Int, _ size: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) {
        guard position >= 0, size >= 0, position <= bytes.count - size else {
            throw ArrowIPCError(
                .invalidMetadata,
                "\(name) flatbuffer: \(what()) (\(size) bytes at +\(position)) is outside the \(bytes.count)-byte buffer",
                at: origin + max(0, min(position, bytes.count)))
        }
    }

    /// Reads a little-endian integer at `position` after checking bounds.
    @inline(__always)
    func load<T: FixedWidthInteger & BitwiseCopyable>(
        _ type: T.Type, at position: Int, _ what: @autoclosure () -> String
    ) throws(ArrowIPCError) -> T {
        try check(position, MemoryLayout<T>.size, what())
        return T(littleEndian: bytes.load(fromByteOffset: position, as: T.self))
    }

    /// Follows the unsigned offset stored at `position` and returns the target position.
    func indirect(_ position: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> Int {
        let offset = Int(try load(UInt32.self, at: position, what()))
        let target = position + offset
        guard offset > 0, target < bytes.count else {
            throw ArrowIPCError(
                .invalidMetadata, "\(name) flatbuffer: \(what()) points to +\(target), outside the \(bytes.count)-byte buffer",
                at: origin + position)
        }
        return target
    }

    /// The root table (the buffer starts with an unsigned offset to it).
    func root() throws(ArrowIPCError) -> FlatBufferTable {
        try table(at: indirect(0, "root table offset"), "root table")
    }

    /// The table starting at `position`, with its vtable validated.
    func table(at position: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> FlatBufferTable {
        let soffset = Int(try load(Int32.self, at: position, "\(what()) vtable offset"))
        let vtable = position - soffset
        let vtableSize = Int(try load(UInt16.self, at: vtable, "\(what()) vtable"))
        let inlineSize = Int(try load(UInt16.self, at: vtable + 2, "\(what()) vtable"))
        guard vtableSize >= 4, vtableSize & 1 == 0 else {
            throw ArrowIPCError(
                .invalidMetadata, "\(name) flatbuffer: \(what()) has an invalid vtable size \(vtableSize)",
                at: origin + vtable)
        }
        try check(vtable, vtableSize, "\(what()) vtable")
        guard inlineSize >= 4 else {
            throw ArrowIPCError(
                .invalidMetadata, "\(name) flatbuffer: \(what()) has an invalid inline size \(inlineSize)",
                at: origin + vtable)
        }
        try check(position, inlineSize, "\(what()) fields")
        return FlatBufferTable(
            buffer: self, position: position, vtable: vtable, vtableSize: vtableSize, inlineSize: inlineSize,
            name: what())
    }

    /// Decodes `length` bytes at `position` as UTF-8, throwing on invalid UTF-8.
    func string(at position: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> String {
        try stringBytes(at: position, what()).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of the string at `position` (a zero-copy slice), checked to be inside the buffer
    /// and well-formed UTF-8.
    func stringBytes(at position: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> Buffer {
        let length = Int(try load(UInt32.self, at: position, "\(what()) length"))
        try check(position + 4, length, what())
        // Safety: `position + 4 + length <= bytes.count` was checked above.
        let slice = bytes.slice(offset: position + 4, count: length)
        guard slice.withUnsafeBytes({ UTF8Check.firstInvalidIndex($0) }) == nil else {
            throw ArrowIPCError(.invalidMetadata, "\(name) flatbuffer: \(what()) is not valid UTF-8", at: origin + position)
        }
        return slice
    }
}

/// One table of a `FlatBuffer`: fields are looked up by slot number through the vtable.
struct FlatBufferTable {
    let buffer: FlatBuffer
    /// Position of the table (its vtable offset) in the buffer.
    let position: Int
    let vtable: Int
    let vtableSize: Int
    let inlineSize: Int
    /// What the table is, for error messages.
    let name: String

    /// The absolute position of this table in the decoded input.
    var absolutePosition: Int { buffer.origin + position }

    /// The position of field `slot` (of `size` inline bytes), or `nil` when the field is absent.
    func fieldPosition(_ slot: Int, size: Int) throws(ArrowIPCError) -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(UInt16.self, at: vtable + entry, "\(name) vtable entry \(slot)"))
        guard offset != 0 else { return nil }
        guard offset + size <= inlineSize else {
            throw ArrowIPCError(
                .invalidMetadata,
                "\(buffer.name) flatbuffer: \(name) field \(slot) (+\(offset), \(size) bytes) exceeds the table's \(inlineSize) inline bytes",
                at: buffer.origin + position)
        }
        return position + offset
    }

    /// The integer in field `slot`, or `defaultValue` when absent.
    func scalar<T: FixedWidthInteger & BitwiseCopyable>(
        _ slot: Int, _ type: T.Type, default defaultValue: T
    ) throws(ArrowIPCError) -> T {
        guard let p = try fieldPosition(slot, size: MemoryLayout<T>.size) else { return defaultValue }
        return try buffer.load(T.self, at: p, "\(name) field \(slot)")
    }

    /// The boolean in field `slot`, or `defaultValue` when absent.
    func bool(_ slot: Int, default defaultValue: Bool) throws(ArrowIPCError) -> Bool {
        try scalar(slot, UInt8.self, default: defaultValue ? 1 : 0) != 0
    }

    /// The sub-table in field `slot`, if present.
    func table(_ slot: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> FlatBufferTable? {
        guard let p = try fieldPosition(slot, size: 4) else { return nil }
        return try buffer.table(at: buffer.indirect(p, what()), what())
    }

    /// The string in field `slot`, if present.
    func string(_ slot: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> String? {
        guard let p = try fieldPosition(slot, size: 4) else { return nil }
        return try buffer.string(at: buffer.indirect(p, what()), what())
    }

    /// The bytes of the string in field `slot` (validated UTF-8, zero-copy), if present.
    func stringBytes(_ slot: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) -> Buffer? {
        guard let p = try fieldPosition(slot, size: 4) else { return nil }
        return try buffer.stringBytes(at: buffer.indirect(p, what()), what())
    }

    /// The vector in field `slot` (elements of `elementSize` bytes), if present.
    func vector(_ slot: Int, elementSize: Int, _ what: String) throws(ArrowIPCError) -> FlatBufferVector? {
        guard let p = try fieldPosition(slot, size: 4) else { return nil }
        let start = try buffer.indirect(p, what)
        let count = Int(try buffer.load(UInt32.self, at: start, "\(what) length"))
        // `count * elementSize` cannot overflow: count < 2^32 and elementSize is small.
        try buffer.check(start + 4, count * elementSize, "\(what) (\(count) elements)")
        return FlatBufferVector(buffer: buffer, elements: start + 4, count: count, elementSize: elementSize, name: what)
    }
}

/// A vector of a `FlatBuffer` whose whole extent was bounds-checked when it was looked up.
struct FlatBufferVector {
    let buffer: FlatBuffer
    /// Position of the first element.
    let elements: Int
    let count: Int
    let elementSize: Int
    let name: String

    /// The position of element `index` (inside the checked extent).
    func position(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "flatbuffer vector index out of range")
        return elements + index * elementSize
    }

    /// Element `index` of a vector of tables.
    func table(_ index: Int) throws(ArrowIPCError) -> FlatBufferTable {
        return try buffer.table(at: buffer.indirect(position(index), "\(name)[\(index)]"), name)
    }

    /// Element `index` of a vector of strings.
    func string(_ index: Int) throws(ArrowIPCError) -> String {
        return try buffer.string(at: buffer.indirect(position(index), "\(name)[\(index)]"), "\(name)[\(index)]")
    }

    /// A scalar `T` at `byteOffset` inside element `index` (a struct or a scalar element).
    func load<T: FixedWidthInteger & BitwiseCopyable>(_ index: Int, byteOffset: Int = 0, as type: T.Type) -> T {
        precondition(byteOffset >= 0 && byteOffset + MemoryLayout<T>.size <= elementSize, "struct field out of range")
        // The vector's extent was checked when it was created.
        return T(littleEndian: buffer.bytes.load(fromByteOffset: position(index) + byteOffset, as: T.self))
    }
}
