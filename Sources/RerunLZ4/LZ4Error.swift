/// The one error type of `RerunLZ4`: a malformed LZ4 block, or a size the caller asked for that
/// the block cannot (or must not) produce.
///
/// Every error names what is wrong and the byte offset in the *compressed* input where it was
/// found. Errors are built from a few integers (no string formatting on the throwing path); the
/// human-readable text is composed lazily by ``message`` and ``description``.
public struct LZ4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The caller passed a negative uncompressed size.
        case negativeUncompressedSize
        /// The uncompressed size is larger than any block of this length can produce
        /// (LZ4's maximum ratio is about 255:1); refused before allocating.
        case uncompressedSizeTooLarge
        /// A literal or match length continues (with `255` bytes) past the end of the input.
        case truncatedLength
        /// A literal run is longer than the bytes left in the input.
        case literalsPastInputEnd
        /// A literal run would write past the end of the output.
        case literalsPastOutputEnd
        /// The input ends inside a two-byte match offset.
        case truncatedOffset
        /// A match offset of zero (invalid in the block format).
        case zeroOffset
        /// A match offset reaching before the start of the output produced so far.
        case offsetBeyondOutput
        /// A match would write past the end of the output.
        case matchPastOutputEnd
        /// The block ended before producing the expected number of bytes.
        case incompleteOutput
    }

    /// What went wrong.
    public let kind: Kind
    /// The byte offset in the compressed input where the problem was found.
    public let offset: Int
    /// The offending quantity: a length, a match offset or a size, depending on ``kind``.
    public let value: Int
    /// What ``value`` was checked against: bytes available, output produced, or a size limit.
    public let limit: Int

    /// Creates an error; `value` and `limit` give the numbers the message quotes.
    public init(_ kind: Kind, at offset: Int, value: Int = 0, limit: Int = 0) {
        self.kind = kind
        self.offset = offset
        self.value = value
        self.limit = limit
    }

    /// What is wrong, in words, without the location.
    public var message: String {
        switch kind {
        case .negativeUncompressedSize:
            "uncompressed size \(value) is negative"
        case .uncompressedSizeTooLarge:
            "uncompressed size \(value) exceeds \(limit), the most a block of this length can produce "
                + "(LZ4 expands at most about 255×); refusing to allocate"
        case .truncatedLength:
            "length continues past the end of the \(limit)-byte input"
        case .literalsPastInputEnd:
            "literal run of \(value) bytes is longer than the \(limit) input bytes left"
        case .literalsPastOutputEnd:
            "literal run of \(value) bytes overruns the output (\(limit) bytes of room left)"
        case .truncatedOffset:
            "input ends inside a match offset (\(limit) byte(s) left, 2 needed)"
        case .zeroOffset:
            "match offset is 0"
        case .offsetBeyondOutput:
            "match offset \(value) reaches before the start of the output (\(limit) bytes produced so far)"
        case .matchPastOutputEnd:
            "match of \(value) bytes overruns the output (\(limit) bytes of room left)"
        case .incompleteOutput:
            "block ended after producing \(value) of the expected \(limit) bytes"
        }
    }

    /// `LZ4 block: <message> at byte <offset> of the compressed input`.
    public var description: String {
        "LZ4 block: \(message) at byte \(offset) of the compressed input"
    }
}
