/// The one error type of `RerunRRD`: a malformed, truncated or unsupported `.rrd` stream, or a
/// message that cannot be encoded.
///
/// Every decoding error names the byte offset (from the start of the input) where the problem is.
public struct RRDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad category of the failure.
    public enum Kind: String, Sendable, Hashable {
        /// Not an RRD stream, or an incompatible version or option.
        case badHeader
        /// The input ended in the middle of a header or message.
        case truncated
        /// Framing, protobuf, LZ4, Arrow or chunk contents are invalid.
        case corrupt
        /// A footer or manifest is missing or inconsistent with the stream.
        case badFooter
        /// Valid data that this implementation does not support.
        case unsupported
        /// Data that cannot be encoded (e.g. a chunk with inconsistent columns).
        case invalidInput
    }

    /// The category.
    public let kind: Kind
    /// The byte offset the problem was found at, if it concerns a position in a stream.
    public let offset: Int?
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, at offset: Int? = nil, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }
}
