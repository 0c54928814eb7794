/// Reads protobuf wire format from raw bytes (varints, fixed64, length-delimited fields), for the
/// hot message types decoded by hand instead of through SwiftProtobuf (which copies `bytes` fields).
///
/// Every read is bounds-checked and throws an `RRDError` naming `what` and the absolute offset.
struct ProtoWireReader {
    /// Protobuf wire types.
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: UnsafeRawBufferPointer
    /// Absolute offset of `bytes[0]` in the input, for errors (`nil` when unknown).
    private let origin: Int?
    /// The message type being read, for errors.
    private let what: String
    /// Read position in `bytes`.
    private(set) var position = 0

    /// A reader over `bytes` (valid for the reader's lifetime) of a message called `what`.
    init(_ bytes: UnsafeRawBufferPointer, origin: Int?, what: String) {
        self.bytes = bytes
        self.origin = origin
        self.what = what
    }

    var isAtEnd: Bool { position >= bytes.count }

    private func error(_ message: String, at p: Int) -> RRDError {
        RRDError(.corrupt, at: origin.map { $0 + p }, "\(what) protobuf is invalid: \(message)")
    }

    /// The next field's number and wire type.
    mutating func nextTag() throws(RRDError) -> (field: Int, wireType: WireType) {
        let start = position
        let key = try varint()
        let field = key >> 3
        guard field > 0, field <= 0x1FFF_FFFF else { throw error("field number \(field) out of range", at: start) }
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw error("field \(field) has unknown wire type \(key & 7)", at: start)
        }
        return (Int(field), type)
    }

    /// A base-128 varint (at most 10 bytes).
    mutating func varint() throws(RRDError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw error("truncated varint", at: start) }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw error("varint longer than 10 bytes", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A little-endian fixed64.
    mutating func fixed64() throws(RRDError) -> UInt64 {
        guard bytes.count - position >= 8 else { throw error("truncated fixed64", at: position) }
        // Safety: 8 bytes at `position` are inside `bytes` (checked above).
        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        return value
    }

    /// The range (in `bytes`) of a length-delimited field's contents.
    mutating func lengthDelimited() throws(RRDError) -> Range<Int> {
        let start = position
        let length = try varint()
        guard length <= UInt64(bytes.count - position) else {
            throw error("length-delimited field of \(length) bytes overruns the \(bytes.count)-byte message", at: start)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// Skips a field's value of `wireType` (groups are rejected: proto3 has none).
    mutating func skip(_ wireType: WireType, field: Int) throws(RRDError) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32:
            guard bytes.count - position >= 4 else { throw error("truncated fixed32", at: position) }
            position += 4
        case .startGroup, .endGroup:
            throw error("field \(field) uses groups, which proto3 messages never contain", at: position)
        }
    }

    /// Throws unless field `field` has wire type `expected`.
    func expect(_ wireType: WireType, _ expected: WireType, field: Int) throws(RRDError) {
        guard wireType == expected else {
            throw error("field \(field) has wire type \(wireType.rawValue), expected \(expected.rawValue)", at: position)
        }
    }
}
