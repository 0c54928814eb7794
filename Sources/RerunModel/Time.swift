/// A point on a timeline: a signed 64-bit integer whose meaning depends on the timeline kind
/// (a sequence number, or nanoseconds). `Int64.min` is reserved for "static" and is never a time.
public struct TimeInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw value.
    public let rawValue: Int64

    /// The reserved value meaning "static" (applies at all times).
    public static let staticTime = TimeInt(unchecked: .min)
    /// The smallest valid time.
    public static let min = TimeInt(unchecked: .min + 1)
    /// The largest valid time.
    public static let max = TimeInt(unchecked: .max)

    /// A time from a raw value; `nil` for the reserved static value `Int64.min`.
    public init?(_ rawValue: Int64) {
        guard rawValue != .min else { return nil }
        self.rawValue = rawValue
    }

    init(unchecked rawValue: Int64) { self.rawValue = rawValue }

    /// Whether this is the reserved static value.
    public var isStatic: Bool { rawValue == .min }

    public static func < (lhs: TimeInt, rhs: TimeInt) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { isStatic ? "static" : String(rawValue) }
}

/// How a timeline's values are interpreted, and its Arrow type in chunks.
public enum TimelineKind: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Frame numbers and other counters (`Int64`).
    case sequence
    /// Elapsed nanoseconds (`Duration(ns)`).
    case duration
    /// Nanoseconds since the Unix epoch (`Timestamp(ns)`).
    case timestamp

    public var description: String {
        switch self {
        case .sequence: "sequence"
        case .duration: "duration"
        case .timestamp: "timestamp"
        }
    }
}

/// A named time axis, such as `frame` (sequence) or `log_time` (timestamp).
public struct Timeline: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The timeline name (the index column's name in chunks).
    public let name: String
    /// How its values are interpreted.
    public let kind: TimelineKind

    /// Creates a timeline.
    public init(_ name: String, _ kind: TimelineKind) {
        self.name = name
        self.kind = kind
    }

    /// The `log_time` timeline the SDKs fill with the wall clock at each log call.
    public static let logTime = Timeline("log_time", .timestamp)
    /// The opt-in `log_tick` sequence timeline.
    public static let logTick = Timeline("log_tick", .sequence)

    /// Ordered by name, then kind.
    public static func < (lhs: Timeline, rhs: Timeline) -> Bool {
        (lhs.name, lhs.kind.sortKey) < (rhs.name, rhs.kind.sortKey)
    }

    public var description: String { "\(name) (\(kind))" }
}

extension TimelineKind {
    var sortKey: Int {
        switch self {
        case .sequence: 0
        case .duration: 1
        case .timestamp: 2
        }
    }
}

/// The time of one row on every timeline it was logged on. Empty means static.
public struct TimePoint: Sendable, Hashable {
    /// The row's time per timeline.
    public var times: [Timeline: TimeInt]

    /// Creates a time point.
    public init(_ times: [Timeline: TimeInt] = [:]) {
        self.times = times
    }

    /// Whether the time point is empty (static data).
    public var isStatic: Bool { times.isEmpty }

    /// The time on `timeline`, if the row was logged on it.
    public subscript(timeline: Timeline) -> TimeInt? {
        get { times[timeline] }
        set { times[timeline] = newValue }
    }

    /// The timelines, sorted by name.
    public var timelines: [Timeline] { times.keys.sorted() }
}
