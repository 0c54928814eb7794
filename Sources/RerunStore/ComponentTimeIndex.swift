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

/// An entity's temporal indexes: one `ComponentTimeIndex` per (timeline, component) that has
/// data, kept as a small array searched linearly (entities have a few timelines and components;
/// measured on W4l, nested dictionaries cost ~600 B per entity and two string hashes per lookup).
struct TemporalIndexes: Sendable {
    struct Entry: Sendable {
        let timeline: String
        let component: String
        var index: ComponentTimeIndex
    }

    /// Every non-empty index.
    private(set) var entries: [Entry] = []

    /// Where the index of (`timeline`, `component`) is, looking at `hint` first: callers that
    /// visit a chunk's (component, timeline) pairs in order pass the position after the previous
    /// one, which is where it is when the entity's chunks keep their columns (the usual case).
    private func position(_ timeline: String, _ component: String, hint: Int = 0) -> Int? {
        if hint < entries.count && entries[hint].component == component && entries[hint].timeline == timeline { return hint }
        for i in entries.indices where entries[i].component == component && entries[i].timeline == timeline { return i }
        return nil
    }

    /// The index of `component` on `timeline`, if it has entries.
    subscript(timeline: String, component: String) -> ComponentTimeIndex? {
        position(timeline, component).map { entries[$0].index }
    }

    /// The components with an index on `timeline`, and their indexes.
    func indexes(on timeline: String) -> [(component: String, index: ComponentTimeIndex)] {
        entries.compactMap { $0.timeline == timeline ? ($0.component, $0.index) : nil }
    }

    /// Adds `entry` to the index of `component` on `timeline`; returns the index's position
    /// (pass it + 1 as the next call's `hint`).
    @discardableResult
    mutating func insert(_ entry: IndexEntry, timeline: String, component: String, hint: Int = 0) -> Int {
        if let i = position(timeline, component, hint: hint) {
            entries[i].index.insert(entry)
            return i
        }
        var index = ComponentTimeIndex()
        index.insert(entry)
        entries.append(Entry(timeline: timeline, component: component, index: index))
        return entries.count - 1
    }

    /// Replaces chunk `id`'s entry in the index of `component` on `timeline` by `entry`; returns
    /// the index's position (see `insert`).
    @discardableResult
    mutating func replace(_ id: ChunkID, with entry: IndexEntry, timeline: String, component: String, hint: Int = 0) -> Int {
        if let i = position(timeline, component, hint: hint) {
            entries[i].index.replace(id, with: entry)
            return i
        }
        return insert(entry, timeline: timeline, component: component)
    }

    /// Removes the entries of chunks `ids` from the indexes of `components` on `timelines`.
    mutating func remove(_ ids: Set<ChunkID>, timelines: Set<String>, components: Set<String>) {
        var i = 0
        while i < entries.count {
            if timelines.contains(entries[i].timeline) && components.contains(entries[i].component) {
                entries[i].index.remove(ids)
                if entries[i].index.isEmpty {
                    entries.remove(at: i)
                    continue
                }
            }
            i += 1
        }
    }
}
