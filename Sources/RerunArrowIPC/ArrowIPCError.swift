/// The one error type of `RerunArrowIPC`: malformed, truncated or unsupported IPC input, and
/// record batches the writer cannot encode.
///
/// Reading errors carry the absolute byte offset (from the start of the decoded bytes) of the
/// structure that is wrong, and a message naming what is wrong (and, for array data, the field
/// path), so they can be shown to users unchanged.
public struct ArrowIPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad category of the failure.
    public enum Kind: String, Sendable, Hashable {
        /// The input ends before a structure it announces (a message, a buffer, a flatbuffer field).
        case truncated
        /// The FlatBuffers metadata is malformed (bad offsets, vtables, vectors, strings, depth).
        case invalidMetadata
        /// The metadata is well-formed but the array data does not match it (lengths, offsets,
        /// null counts, type ids).
        case invalidData
        /// Valid Arrow IPC that uses a feature this implementation does not support (dictionary
        /// encoding, large types, sparse unions, body compression, …).
        case unsupported
        /// The writer was given a batch it cannot encode (for example buffers shorter than the
        /// array's length implies).
        case invalidArgument
    }

    /// The category of the failure.
    public var kind: Kind
    /// What went wrong, including where (field path, buffer, element index).
    public var message: String
    /// The absolute byte offset in the decoded input where the problem was found, if it applies.
    public var byteOffset: Int?

    /// Creates an error of the given kind with a message saying what and where.
    public init(_ kind: Kind, _ message: String, at byteOffset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
    }

    /// The kind, the byte offset (if any) and the message, e.g.
    /// `invalidData at byte 1344: offsets of field 'xs' are not non-decreasing …`.
    public var description: String {
        if let byteOffset {
            return "\(kind.rawValue) at byte \(byteOffset): \(message)"
        }
        return "\(kind.rawValue): \(message)"
    }
}
