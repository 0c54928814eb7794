/// The one error type of `RerunArrow`: invalid arrays, mismatched types, out-of-range requests.
///
/// Errors carry a human-readable description of *what* is wrong and *where* (field path,
/// buffer, index), so they can be shown to users unchanged.
public struct ArrowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad category of the failure.
    public enum Kind: String, Sendable, Hashable {
        /// The array's buffers or children do not match its declared type and length.
        case invalidData
        /// Two arrays or schemas that must agree on their type do not.
        case typeMismatch
        /// An index, offset or length is outside the valid range.
        case outOfRange
        /// The operation is not supported for this data type.
        case unsupported
    }

    /// The category of the failure.
    public var kind: Kind
    /// What went wrong, including where (field path, buffer index, element index).
    public var message: String

    /// Creates an error of the given kind with a message saying what and where.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}
