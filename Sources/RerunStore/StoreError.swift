/// The one error type of `RerunStore`: a chunk the store cannot accept, or a bad argument.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the chunk, entity, timeline or component.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
