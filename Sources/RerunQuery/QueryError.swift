/// The one error type of `RerunQuery`: a query that cannot be answered as asked.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Sendable, Hashable {
        /// The timeline is not known to the store.
        case unknownTimeline
        /// A range whose start is after its end.
        case invertedRange
    }

    /// The kind of problem.
    public let kind: Kind
    /// What is wrong, naming the timeline or bounds.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
