/// The one error type of `RerunChunk`: a record batch that is not a valid Rerun 0.41 chunk, or
/// chunks that cannot be combined.
public struct ChunkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the column, row or metadata key.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
