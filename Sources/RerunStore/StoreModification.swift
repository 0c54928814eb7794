public import RerunModel
import Synchronization

/// One change to an entity's data (a chunk added or removed), as recorded for cache validation.
///
/// Every modification carries a process-wide unique, increasing stamp, so caches can tell
/// whether a store (or a snapshot of it) still has the state a cached answer was computed on.
public struct StoreModification: Sendable, Hashable {
    /// The unique stamp of this change.
    public let stamp: UInt64
    /// Whether a static chunk changed (affects queries on every timeline).
    public let isStatic: Bool
    /// Whether the chunk holds `Clear:is_recursive` cells (affects queries on descendants).
    public let touchesClear: Bool
    /// The changed rows' time range per timeline name (empty when static).
    public var timeRanges: [String: ClosedRange<TimeInt>] {
        Dictionary(ranges.map { ($0.timeline, $0.range) }, uniquingKeysWith: { a, _ in a })
    }
    let ranges: [(timeline: String, range: ClosedRange<TimeInt>)]

    init(stamp: UInt64, isStatic: Bool, touchesClear: Bool, ranges: [(timeline: String, range: ClosedRange<TimeInt>)]) {
        self.stamp = stamp
        self.isStatic = isStatic
        self.touchesClear = touchesClear
        self.ranges = ranges
    }

    /// Whether a query on `timeline` that depends on data in `window` may see this change.
    public func affects(timeline: String, window: ClosedRange<TimeInt>) -> Bool {
        if isStatic { return true }
        for entry in ranges where entry.timeline == timeline { return entry.range.overlaps(window) }
        return false
    }

    public static func == (lhs: StoreModification, rhs: StoreModification) -> Bool {
        lhs.stamp == rhs.stamp
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(stamp) }
}

/// The last few modifications of one entity.
struct ModificationLog: Sendable {
    static let capacity = 64

    private(set) var entries: [StoreModification] = []
    /// Whether older entries were dropped.
    private(set) var truncated = false

    var lastStamp: UInt64 { entries.last?.stamp ?? 0 }

    mutating func append(_ modification: StoreModification) {
        if entries.count >= ModificationLog.capacity {
            entries.removeFirst(entries.count - ModificationLog.capacity + 1)
            truncated = true
        }
        entries.append(modification)
    }

    /// The modifications after `stamp`, or `nil` if this log cannot tell (the stamp is not in
    /// this store's history, or the history was truncated).
    func modifications(after stamp: UInt64) -> ArraySlice<StoreModification>? {
        if stamp == lastStamp { return entries[entries.endIndex...] }
        if stamp == 0 { return truncated ? nil : entries[...] }
        guard let i = entries.lastIndex(where: { $0.stamp == stamp }) else { return nil }
        return entries[(i + 1)...]
    }
}

/// The process-wide source of modification stamps and store identities.
enum StoreStamp {
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
