public import RerunModel

/// "What does the entity look like at `at` on `timeline`?"
public struct LatestAtQuery: Sendable, Hashable, CustomStringConvertible {
    /// The timeline's name.
    public let timeline: String
    /// The query time (`TimeInt.staticTime` sees static data only).
    public let at: TimeInt

    /// Creates a query.
    public init(timeline: String, at: TimeInt) {
        self.timeline = timeline
        self.at = at
    }

    /// Creates a query on `timeline`.
    public init(timeline: Timeline, at: TimeInt) {
        self.init(timeline: timeline.name, at: at)
    }

    public var description: String { "latest-at \(at) on '\(timeline)'" }
}

/// "Every cell with a time in `range` on `timeline`."
public struct RangeQuery: Sendable, Hashable, CustomStringConvertible {
    /// The timeline's name.
    public let timeline: String
    /// The inclusive time window.
    public let range: ClosedRange<TimeInt>
    /// Whether each component also gets its latest cell before `range.lowerBound` (so a plot's
    /// line can start at the window's edge).
    public let includeLatestAtBefore: Bool

    /// Creates a query.
    public init(timeline: String, range: ClosedRange<TimeInt>, includeLatestAtBefore: Bool = false) {
        self.timeline = timeline
        self.range = range
        self.includeLatestAtBefore = includeLatestAtBefore
    }

    /// Creates a query from two bounds given separately (e.g. user input); throws
    /// `QueryError.Kind.invertedRange` if `from > to`.
    public init(timeline: String, from: TimeInt, to: TimeInt, includeLatestAtBefore: Bool = false) throws(QueryError) {
        guard from <= to else {
            throw QueryError(.invertedRange, "range on '\(timeline)' is inverted: start \(from) is after end \(to)")
        }
        self.init(timeline: timeline, range: from...to, includeLatestAtBefore: includeLatestAtBefore)
    }

    public var description: String {
        "range [\(range.lowerBound), \(range.upperBound)] on '\(timeline)'" + (includeLatestAtBefore ? " with latest-at before" : "")
    }
}
