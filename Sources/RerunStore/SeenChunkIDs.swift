import RerunModel

/// The ids of every chunk a store has accepted (so that inserting one again is a no-op).
///
/// Built for many inserts and O(1) copies: the newest ids sit in a small hash set (at most
/// `recentLimit`, so a copy of the store that inserts again copies at most that many ids); older
/// ids live in sorted runs that are never written in place once made (store copies share them).
/// When the set is full it becomes a sorted run, merged with the last runs while they are not
/// larger (a binary counter: about log2(n / recentLimit) runs). Chunk ids mostly increase, so a
/// look-up usually rejects each run by its first and last id without searching it.
struct SeenChunkIDs: Sendable {
    /// How many ids wait unsorted.
    static let recentLimit = 256

    private var recent = Set<ChunkID>(minimumCapacity: SeenChunkIDs.recentLimit)
    /// Sorted, distinct, pairwise disjoint; sizes mostly decreasing.
    private var runs: [[ChunkID]] = []

    /// Whether `id` was inserted (and not removed).
    func contains(_ id: ChunkID) -> Bool {
        recent.contains(id) || runContaining(id) != nil
    }

    /// Inserts `id`; returns whether it was new.
    mutating func insert(_ id: ChunkID) -> (inserted: Bool, memberAfterInsert: ChunkID) {
        guard runContaining(id) == nil, recent.insert(id).inserted else { return (false, id) }
        if recent.count >= Self.recentLimit { flush() }
        return (true, id)
    }

    /// Removes `id` if present.
    mutating func remove(_ id: ChunkID) {
        if recent.remove(id) != nil { return }
        guard let (run, position) = runContaining(id) else { return }
        runs[run].remove(at: position)
        if runs[run].isEmpty { runs.remove(at: run) }
    }

    /// The run holding `id` and its position there.
    private func runContaining(_ id: ChunkID) -> (run: Int, position: Int)? {
        for r in runs.indices {
            let run = runs[r]
            guard let first = run.first, let last = run.last, first <= id, id <= last else { continue }
            var lo = 0, hi = run.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if run[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            if lo < run.count && run[lo] == id { return (r, lo) }
        }
        return nil
    }

    /// Turns the recent ids into a sorted run, merged with the last runs while they are not larger.
    private mutating func flush() {
        var run = recent.sorted()
        recent.removeAll(keepingCapacity: true)
        while let last = runs.last, last.count <= run.count {
            runs.removeLast()
            run = Self.merge(last, run)
        }
        runs.append(run)
    }

    /// The sorted union of two sorted runs without common ids.
    private static func merge(_ a: [ChunkID], _ b: [ChunkID]) -> [ChunkID] {
        // Ids mostly increase: usually one run follows the other.
        if let lastA = a.last, let firstB = b.first, lastA < firstB { return a + b }
        if let lastB = b.last, let firstA = a.first, lastB < firstA { return b + a }
        var result: [ChunkID] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        result.append(contentsOf: a[i...])
        result.append(contentsOf: b[j...])
        return result
    }
}
