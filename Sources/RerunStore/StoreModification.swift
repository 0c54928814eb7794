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
        var result: [String: ClosedRange<TimeInt>] = [:]
        if let first { result[first.timeline] = first.range }
        for entry in more where result[entry.timeline] == nil { result[entry.timeline] = entry.range }
        return result
    }
    /// The first timeline's range, kept inline (most chunks have one timeline).
    let first: (timeline: String, range: ClosedRange<TimeInt>)?
    /// The other timelines' ranges.
    let more: [(timeline: String, range: ClosedRange<TimeInt>)]

    init(stamp: UInt64, isStatic: Bool, touchesClear: Bool, ranges: [(timeline: String, range: ClosedRange<TimeInt>)]) {
        self.stamp = stamp
        self.isStatic = isStatic
        self.touchesClear = touchesClear
        self.first = ranges.first
        self.more = ranges.count > 1 ? Array(ranges.dropFirst()) : []
    }

    /// Whether a query on `timeline` that depends on data in `window` may see this change.
    public func affects(timeline: String, window: ClosedRange<TimeInt>) -> Bool {
        if isStatic { return true }
        if let first, first.timeline == timeline { return first.range.overlaps(window) }
        for entry in more where entry.timeline == timeline { return entry.range.overlaps(window) }
        return false
    }

    public static func == (lhs: StoreModification, rhs: StoreModification) -> Bool {
        lhs.stamp == rhs.stamp
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(stamp) }
}

/// The last few modifications of one entity, stored compactly: every entity keeps up to
/// `capacity` records, so a record costs 16 bytes plus 24 per timeline range (timelines are an
/// index into a small table of names), with no allocation per record. (Measured on the W4l
/// recording, whose chunks have three timelines: 1.8 KB per entity with one `StoreModification`
/// per record.)
struct ModificationLog: Sendable {
    static let capacity = 64

    private struct Record: Sendable {
        var stamp: UInt64
        var rangeCount: UInt8
        var isStatic: Bool
        var touchesClear: Bool
    }

    private struct Range: Sendable {
        var lower: Int64
        var upper: Int64
        var timeline: UInt16
    }

    private var records: [Record] = []
    /// The ranges of all records, in record order (`rangeCount` each).
    private var ranges: [Range] = []
    private var timelineNames: [String] = []
    /// Whether older entries were dropped.
    private(set) var truncated = false

    var lastStamp: UInt64 { records.last?.stamp ?? 0 }

    /// An estimate of the bytes the log holds, for memory accounting: its records and ranges
    /// plus a quarter for arrays' spare capacity (measured on W4l: 1.2 KB per entity of ten
    /// records with three timelines each). Appending a record of `timelines` ranges grows it by
    /// at most `appendBytes(timelines:)`.
    var byteCount: Int {
        guard !records.isEmpty else { return 0 }
        return (ModificationLog.fixedBytes + records.count * MemoryLayout<Record>.stride
            + ranges.count * MemoryLayout<Range>.stride + timelineNames.count * MemoryLayout<String>.stride) * 5 / 4
    }

    /// An upper bound of the growth of `byteCount` when one record is appended.
    static func appendBytes(timelines: Int) -> Int {
        (fixedBytes + MemoryLayout<Record>.stride
            + timelines * (MemoryLayout<Range>.stride + MemoryLayout<String>.stride)) * 5 / 4
    }

    /// Array headers.
    private static let fixedBytes = 96

    mutating func append(_ modification: StoreModification) {
        var ranges: [(timeline: String, range: ClosedRange<TimeInt>)] = []
        if let first = modification.first { ranges.append(first) }
        ranges += modification.more
        append(stamp: modification.stamp, isStatic: modification.isStatic, touchesClear: modification.touchesClear,
               ranges: ranges)
    }

    /// Appends a record (without building a `StoreModification` first).
    mutating func append<Ranges: Sequence<(timeline: String, range: ClosedRange<TimeInt>)>>(
        stamp: UInt64, isStatic: Bool, touchesClear: Bool, ranges entries: Ranges
    ) {
        if records.count >= ModificationLog.capacity {
            let dropped = records.count - ModificationLog.capacity + 1
            let droppedRanges = records.prefix(dropped).reduce(0) { $0 + Int($1.rangeCount) }
            records.removeFirst(dropped)
            ranges.removeFirst(droppedRanges)
            truncated = true
        }
        var count = 0
        for entry in entries {
            let index = timelineNames.firstIndex(of: entry.timeline) ?? {
                timelineNames.append(entry.timeline)
                return timelineNames.count - 1
            }()
            ranges.append(Range(lower: entry.range.lowerBound.rawValue, upper: entry.range.upperBound.rawValue,
                                timeline: UInt16(truncatingIfNeeded: index)))
            count += 1
        }
        if timelineNames.count >= Int(UInt16.max) || count > Int(UInt8.max) {
            // Cannot be encoded (absurdly many timelines): forget the history instead.
            records = []
            ranges = []
            truncated = true
            return
        }
        records.append(Record(stamp: stamp, rangeCount: UInt8(count), isStatic: isStatic, touchesClear: touchesClear))
    }

    /// The modifications after `stamp`, or `nil` if this log cannot tell (the stamp is not in
    /// this store's history, or the history was truncated).
    func modifications(after stamp: UInt64) -> [StoreModification]? {
        let start: Int
        if stamp == lastStamp && (stamp != 0 || !truncated) {
            return []
        } else if stamp == 0 {
            guard !truncated else { return nil }
            start = 0
        } else {
            guard let i = records.lastIndex(where: { $0.stamp == stamp }) else { return nil }
            start = i + 1
        }
        var position = records[..<start].reduce(0) { $0 + Int($1.rangeCount) }
        return records[start...].map { record in
            var entries: [(timeline: String, range: ClosedRange<TimeInt>)] = []
            for range in ranges[position..<(position + Int(record.rangeCount))] {
                entries.append((timelineNames[Int(range.timeline)], ChunkStore.timeRange(range.lower...range.upper)))
            }
            position += Int(record.rangeCount)
            return StoreModification(stamp: record.stamp, isStatic: record.isStatic, touchesClear: record.touchesClear, ranges: entries)
        }
    }
}

/// The process-wide source of modification stamps and store identities.
enum StoreStamp {
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
