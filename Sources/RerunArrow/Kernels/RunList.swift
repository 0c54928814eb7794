/// A run of consecutive slots of one source array: the unit the gather kernel copies.
struct Run {
    /// Index of the source array.
    var source: Int
    /// First slot, relative to the source's offset (logical).
    var start: Int
    /// Number of slots.
    var count: Int
}

/// Runs to gather, merging a run into the previous one when it continues it.
struct RunList {
    private(set) var runs: [Run] = []
    /// The total number of slots.
    private(set) var total = 0

    init(reservingCapacity capacity: Int = 0) {
        runs.reserveCapacity(capacity)
    }

    mutating func append(source: Int, start: Int, count: Int) {
        guard count > 0 else { return }
        total += count
        if let last = runs.last, last.source == source, last.start + last.count == start {
            runs[runs.count - 1].count += count
        } else {
            runs.append(Run(source: source, start: start, count: count))
        }
    }

    /// The same runs with each start mapped through `transform` and each count scaled by `scale`
    /// (for the children of struct and fixed-size list arrays).
    func mapped(_ transform: (Run) -> Int, scale: Int = 1) -> RunList {
        var result = RunList(reservingCapacity: runs.count)
        for run in runs { result.append(source: run.source, start: transform(run), count: run.count * scale) }
        return result
    }
}
