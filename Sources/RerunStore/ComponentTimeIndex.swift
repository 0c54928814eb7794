import RerunModel

/// One chunk's entry in a (entity, timeline, component) index: the time range of the rows that
/// hold a cell of the component.
struct IndexEntry: Sendable {
    var minTime: Int64
    var maxTime: Int64
    var chunkID: ChunkID
    /// `max(maxTime)` over this entry and all entries before it in the index (set by the index).
    var prefixMaxEnd: Int64 = .min
}

/// The chunks that hold one component of one entity on one timeline, sorted by the start of
/// their time ranges, with a running maximum of the range ends.
///
/// Interval lookups: the chunks that can hold data at or before `t` are the prefix with
/// `minTime <= t`; walking that prefix backwards, `entries[i].prefixMaxEnd` bounds the latest time any
/// chunk in `0...i` can contribute, so a latest-at stops as soon as that bound falls below the
/// best time found. For chunks that do not overlap this visits one or two entries.
struct ComponentTimeIndex: Sendable {
    /// Sorted by (minTime, chunkID); `entries[i].prefixMaxEnd = max(entries[0...i].maxTime)`
    /// (kept in the entries: one allocation per index, not two).
    private(set) var entries: [IndexEntry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The number of entries whose `minTime <= t`.
    func prefixCount(atOrBefore t: Int64) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entries[mid].minTime <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insert(_ entry: IndexEntry) {
        // Usually appends (data arrives in time order).
        var position = entries.count
        while position > 0 {
            let previous = entries[position - 1]
            if previous.minTime < entry.minTime || (previous.minTime == entry.minTime && previous.chunkID < entry.chunkID) {
                break
            }
            position -= 1
            if entries.count - position > 16 {
                position = binaryInsertionPoint(entry)
                break
            }
        }
        entries.insert(entry, at: position)
        recomputePrefix(from: position)
    }

    /// Replaces the entry of chunk `id` (if any) by `entry`.
    mutating func replace(_ id: ChunkID, with entry: IndexEntry) {
        guard let i = entries.lastIndex(where: { $0.chunkID == id }) else {
            insert(entry)
            return
        }
        let fitsHere = (i == 0 || Self.precedes(entries[i - 1], entry))
            && (i == entries.count - 1 || Self.precedes(entry, entries[i + 1]))
        if fitsHere {
            entries[i] = entry
            recomputePrefix(from: i)
        } else {
            entries.remove(at: i)
            recomputePrefix(from: i)
            insert(entry)
        }
    }

    /// The order of entries: by (minTime, chunkID).
    private static func precedes(_ a: IndexEntry, _ b: IndexEntry) -> Bool {
        a.minTime < b.minTime || (a.minTime == b.minTime && a.chunkID < b.chunkID)
    }

    /// Removes the entries of the given chunks; returns whether any was present.
    @discardableResult
    mutating func remove(_ ids: Set<ChunkID>) -> Bool {
        guard let first = entries.firstIndex(where: { ids.contains($0.chunkID) }) else { return false }
        entries.removeAll { ids.contains($0.chunkID) }
        recomputePrefix(from: first)
        return true
    }

    /// The overall time range, if any.
    var timeRange: ClosedRange<Int64>? {
        guard let first = entries.first, let last = entries.last else { return nil }
        return first.minTime...last.prefixMaxEnd
    }

    private func binaryInsertionPoint(_ entry: IndexEntry) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let e = entries[mid]
            if e.minTime < entry.minTime || (e.minTime == entry.minTime && e.chunkID < entry.chunkID) {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        return lo
    }

    private mutating func recomputePrefix(from start: Int) {
        guard start < entries.count else { return }
        var running = start > 0 ? entries[start - 1].prefixMaxEnd : Int64.min
        for i in start..<entries.count {
            running = max(running, entries[i].maxTime)
            entries[i].prefixMaxEnd = running
        }
    }
}
