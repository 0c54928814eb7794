public import RerunArrow
public import RerunModel

/// One timeline's times for every row of a chunk (an index column).
public struct TimeColumn: Sendable {
    /// The timeline.
    public let timeline: Timeline
    /// The values: `Int64`, `Timestamp(ns)` or `Duration(ns)`, one per row, never null.
    public let data: ArrayData
    /// Whether the times are non-decreasing.
    public let isSorted: Bool

    /// Creates a time column from raw values (`Int64.min` is not allowed: it means "static").
    public init(_ timeline: Timeline, times: [Int64]) throws(ChunkError) {
        if let bad = times.firstIndex(of: .min) {
            throw ChunkError("timeline '\(timeline.name)': row \(bad) holds Int64.min, which is reserved for static data")
        }
        let type = ChunkSchema.arrowType(of: timeline.kind)
        let data = ArrayData(type: type, length: times.count, nullCount: 0,
                             buffers: [nil, Buffer(copyingValuesOf: times)])
        self.init(unchecked: timeline, data: data)
    }

    /// Wraps a validated index column (non-null, 64-bit, no `Int64.min`).
    init(unchecked timeline: Timeline, data: ArrayData, isSorted: Bool? = nil) {
        self.timeline = timeline
        self.data = data
        self.isSorted = isSorted ?? TimeColumn.computeIsSorted(data)
    }

    /// The number of rows.
    public var count: Int { data.length }

    /// The time of row `row`.
    @inlinable
    public func time(at row: Int) -> Int64 {
        precondition(row >= 0 && row < data.length, "row \(row) out of range 0..<\(data.length)")
        // Safety: validated index columns have a values buffer of at least offset + length Int64s.
        return data.buffers[1]!.load(fromByteOffset: (data.offset + row) * 8, as: Int64.self)
    }

    /// All times, in row order.
    public var times: [Int64] {
        (0..<count).map(time(at:))
    }

    /// The smallest and largest time, or `nil` when empty.
    public var range: ClosedRange<Int64>? {
        guard count > 0 else { return nil }
        if isSorted { return time(at: 0)...time(at: count - 1) }
        var lo = Int64.max, hi = Int64.min
        for i in 0..<count {
            let t = time(at: i)
            lo = min(lo, t)
            hi = max(hi, t)
        }
        return lo...hi
    }

    /// A zero-copy view of `count` rows from `start`.
    public func slice(_ start: Int, _ count: Int) -> TimeColumn {
        TimeColumn(unchecked: timeline, data: data.slice(start, count), isSorted: isSorted ? true : nil)
    }

    static func computeIsSorted(_ data: ArrayData) -> Bool {
        guard data.length > 1, let values = data.buffers[1] else { return true }
        return values.withUnsafeBufferPointer(of: Int64.self) { all in
            var previous = all[data.offset]
            for i in (data.offset + 1)..<(data.offset + data.length) {
                let t = all[i]
                if t < previous { return false }
                previous = t
            }
            return true
        }
    }
}
