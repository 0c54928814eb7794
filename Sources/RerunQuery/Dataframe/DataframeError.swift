/// A dataframe query that cannot be answered as asked: an unknown timeline or column, a
/// malformed entity path expression, an inverted range, duplicate resampling values, or input
/// chunks that disagree with each other.
///
/// `QueryError` (latest-at and range) has no kinds for these yet; once it does, this type can be
/// folded into it.
public struct DataframeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Sendable, Hashable {
        /// The index timeline is not in any of the recordings.
        case unknownTimeline
        /// An entity path expression (`/world/**`, `-/world/debug`) could not be parsed.
        case invalidPathExpression
        /// A selected column does not exist in the query's view, or its name cannot be parsed.
        case unknownColumn
        /// A time range whose start is after its end.
        case invertedRange
        /// Resampling index values that repeat, or a value that is reserved (`Int64.min`).
        case invalidIndexValues
        /// The recordings disagree (e.g. a timeline with two kinds) or a chunk is malformed.
        case invalidData
    }

    /// The kind of problem.
    public let kind: Kind
    /// What is wrong, naming the timeline, expression, column or bounds.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
