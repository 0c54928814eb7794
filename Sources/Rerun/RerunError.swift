/// The one error type of the `Rerun` SDK: invalid log calls and sink failures.
public struct RerunError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad category of the failure.
    public enum Kind: String, Sendable, Hashable {
        /// An argument is invalid (entity path, batch lengths, time values).
        case invalidArgument
        /// The recording was already finished.
        case finished
        /// The sink could not write (file system, network).
        case sink
    }

    /// The category.
    public let kind: Kind
    /// What is wrong, naming the entity, component or sink.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
