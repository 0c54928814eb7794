import RerunChunk
import RerunModel
import RerunStore

/// Per-entity row counts in equal time buckets along one timeline, for the time panel
/// (`density` in `Docs/viewer-protocol.md` §5). Works from chunk metadata: a sorted chunk that
/// spans `k` buckets costs `k` binary searches, not a pass over its rows.
struct ViewerDensity {
    /// The first time of the first bucket.
    let from: Int64
    /// The last time of the last bucket.
    let to: Int64
    /// The number of buckets.
    let buckets: Int

    /// `to - from + 1` (0 means 2^64).
    private var span: UInt64 { UInt64(bitPattern: to &- from) &+ 1 }

    /// The bucket of `t` (which lies in `from...to`).
    func bucket(of t: Int64) -> Int {
        let product = UInt64(bitPattern: t &- from).multipliedFullWidth(by: UInt64(buckets))
        if span == 0 { return Int(product.high) }
        return Int(span.dividingFullWidth(product).quotient)
    }

    /// The first time of bucket `b` (`b` in 1..<buckets): the smallest `t` with `bucket(of: t) >= b`.
    func start(of b: Int) -> Int64 {
        // ceil(b * span / buckets), in 128-bit arithmetic.
        let n = UInt64(buckets)
        let product: (high: UInt64, low: UInt64) = span == 0 ? (UInt64(b), 0) : UInt64(b).multipliedFullWidth(by: span)
        let (low, carry) = product.low.addingReportingOverflow(n - 1)
        let offset = n.dividingFullWidth((product.high &+ (carry ? 1 : 0), low)).quotient
        return from &+ Int64(bitPattern: offset)
    }

    /// The counts per entity (entities without rows in range are left out).
    func counts(store: ChunkStore, timeline: String) -> [EntityPath: [Int]] {
        var result: [EntityPath: [Int]] = [:]
        guard buckets > 0, from <= to else { return result }
        for chunk in store.allChunks {
            guard let column = chunk.timeColumn(named: timeline), column.count > 0 else { continue }
            var counts = result[chunk.entityPath] ?? []
            let had = !counts.isEmpty
            if !had { counts = Array(repeating: 0, count: buckets) }
            let added = add(column, to: &counts)
            if added > 0 || had { result[chunk.entityPath] = counts }
        }
        return result
    }

    /// Adds one chunk's rows to `counts`; returns how many rows were in range.
    func add(_ column: TimeColumn, to counts: inout [Int]) -> Int {
        guard let range = column.range, range.upperBound >= from, range.lowerBound <= to else { return 0 }
        if range.lowerBound >= from, range.upperBound <= to, bucket(of: range.lowerBound) == bucket(of: range.upperBound) {
            counts[bucket(of: range.lowerBound)] += column.count
            return column.count
        }
        guard column.isSorted else {
            var added = 0
            for i in 0..<column.count {
                let t = column.time(at: i)
                guard t >= from, t <= to else { continue }
                counts[bucket(of: t)] += 1
                added += 1
            }
            return added
        }
        // Sorted: jump from bucket boundary to bucket boundary.
        var index = lowerBound(column, from, in: 0..<column.count)
        let end = upperBound(column, to, in: index..<column.count)
        let added = end - index
        while index < end {
            let b = bucket(of: column.time(at: index))
            let next = b + 1 < buckets ? lowerBound(column, start(of: b + 1), in: index..<end) : end
            counts[b] += next - index
            index = next
        }
        return added
    }

    /// The first row in `rows` with time `>= t`.
    private func lowerBound(_ column: TimeColumn, _ t: Int64, in rows: Range<Int>) -> Int {
        var lo = rows.lowerBound, hi = rows.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if column.time(at: mid) < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first row in `rows` with time `> t`.
    private func upperBound(_ column: TimeColumn, _ t: Int64, in rows: Range<Int>) -> Int {
        var lo = rows.lowerBound, hi = rows.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if column.time(at: mid) <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
