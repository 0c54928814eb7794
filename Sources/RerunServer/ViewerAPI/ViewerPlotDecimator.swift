import RerunArrow
import RerunChunk
import RerunQuery
import RerunStore

/// M4 decimation of store runs for `plot`, with the same output as `RerunQuery.M4` (first,
/// minimum, maximum and last sample of each bucket, ties to the earliest input sample), but
/// reading block summaries (`ViewerPlotSummaries`) for the interior of each bucket: a plot of
/// 10 M samples touches ~160 k summaries plus the bucket edges.
///
/// Used when every run is time-sorted and holds exactly one non-null `Float64` per row
/// (series 0 of a plain `Scalars` column); anything else goes through `M4`.
struct ViewerPlotDecimator {
    private struct Sample {
        var time: Int64
        var value: Double
        var order: Int
    }

    private struct Bucket {
        var first: Sample?
        var last: Sample?
        var min: Sample?
        var max: Sample?
    }

    /// The bucket arithmetic (the same as M4's: `floor((t - from) × width / span)`).
    private let grid: ViewerDensity
    private let range: ClosedRange<Int64>
    private var buckets: [Bucket]
    /// Samples added (inside the range).
    private(set) var samples = 0

    init(range: ClosedRange<Int64>, width: Int) {
        grid = ViewerDensity(from: range.lowerBound, to: range.upperBound, buckets: width)
        self.range = range
        buckets = Array(repeating: Bucket(), count: width)
    }

    /// Decimates `runs` (as `ChunkStore.range` returns them); `nil` if a run needs the general path.
    static func decimate(runs: [StoreRun], range: ClosedRange<Int64>, width: Int, summaries: ViewerPlotSummaries) -> M4.Points? {
        guard let segments = ViewerPlotSegment.segments(of: runs, summaries: summaries) else { return nil }
        return decimate(segments: segments, range: range, width: width).points
    }

    /// Decimates the part of `segments` (in sample order) inside `range`.
    /// Also returns the number of samples in `range`.
    static func decimate(segments: [ViewerPlotSegment], range: ClosedRange<Int64>, width: Int) -> (points: M4.Points, samples: Int) {
        var decimator = ViewerPlotDecimator(range: range, width: width)
        for segment in segments where segment.lastTime >= range.lowerBound && segment.firstTime <= range.upperBound {
            decimator.add(segment)
        }
        return (decimator.finish(), decimator.samples)
    }

    private mutating func add(_ segment: ViewerPlotSegment) {
        segment.times.withUnsafeBufferPointer(of: Int64.self) { allTimes in
            segment.values.withUnsafeBufferPointer(of: Double.self) { allValues in
                // Safety: `ViewerPlotSegment.segments` checked that both buffers hold one value per
                // chunk row from their base offsets.
                let times = UnsafeBufferPointer(rebasing: allTimes[segment.timesBase..<(segment.timesBase + segment.chunkRows)])
                let v = UnsafeBufferPointer(rebasing: allValues[segment.valuesBase..<(segment.valuesBase + segment.chunkRows)])
                addSorted(times: times, values: v, segment: segment)
            }
        }
    }

    /// Folds chunk rows `rows` (sorted by time) into the buckets.
    private mutating func addSorted(times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>, segment: ViewerPlotSegment) {
        let rows = segment.rows, order0 = segment.order0, summary = segment.summary
        guard !rows.isEmpty else { return }
        // Binary searches over cold times are cache misses: skip them when the ends tell.
        var lo = segment.firstTime >= range.lowerBound ? rows.lowerBound
            : ViewerPlotDecimator.lowerBound(times, range.lowerBound, rows.lowerBound, rows.upperBound)
        let inside = segment.lastTime <= range.upperBound
        let end = inside ? rows.upperBound
            : ViewerPlotDecimator.lowerBound(times, range.upperBound + 1, lo, rows.upperBound)
        guard lo < end else { return }
        samples += end - lo
        let lastBucket = grid.bucket(of: inside ? segment.lastTime : times[end - 1])
        while lo < end {
            let b = grid.bucket(of: times[lo])
            let next = b + 1 >= buckets.count || lastBucket == b ? end
                : min(end, ViewerPlotDecimator.interpolatedLowerBound(times, grid.start(of: b + 1), lo, end))
            var bucket = buckets[b]
            offer(&bucket, Sample(time: times[lo], value: values[lo], order: order0 + lo), first: true)
            offer(&bucket, Sample(time: times[next - 1], value: values[next - 1], order: order0 + next - 1), first: false)
            // Extremes: raw values at the edges, block summaries in between.
            let size = ViewerPlotSummaries.blockSize
            let firstBlock = (lo + size - 1) / size, lastBlock = next / size
            if firstBlock >= lastBlock {
                extremes(&bucket, times, values, lo, next, order0)
            } else {
                extremes(&bucket, times, values, lo, firstBlock * size, order0)
                // The first block holding the smallest (largest) value: blocks are in row order,
                // so a strict comparison keeps the earliest of equal extremes.
                let (minBlock, maxBlock) = ViewerPlotDecimator.bestBlocks(summary, firstBlock, lastBlock)
                if minBlock >= 0 {
                    let row = Int(summary.minRows[minBlock])
                    extreme(&bucket, Sample(time: times[row], value: values[row], order: order0 + row))
                }
                if maxBlock >= 0 {
                    let row = Int(summary.maxRows[maxBlock])
                    extreme(&bucket, Sample(time: times[row], value: values[row], order: order0 + row))
                }
                extremes(&bucket, times, values, lastBlock * size, next, order0)
            }
            buckets[b] = bucket
            lo = next
        }
    }

    private func extremes(_ bucket: inout Bucket, _ times: UnsafeBufferPointer<Int64>, _ values: UnsafeBufferPointer<Double>,
                          _ lo: Int, _ hi: Int, _ order0: Int) {
        guard lo < hi else { return }
        let (low, high) = ViewerPlotDecimator.extremes(values, lo, hi)
        if low >= 0 { extreme(&bucket, Sample(time: times[low], value: values[low], order: order0 + low)) }
        if high >= 0 { extreme(&bucket, Sample(time: times[high], value: values[high], order: order0 + high)) }
    }

    private static func earlier(_ a: Sample, _ b: Sample) -> Bool { (a.time, a.order) < (b.time, b.order) }

    private func offer(_ bucket: inout Bucket, _ s: Sample, first: Bool) {
        if first {
            if bucket.first.map({ ViewerPlotDecimator.earlier(s, $0) }) ?? true { bucket.first = s }
            if bucket.last == nil { bucket.last = s }
        } else {
            if bucket.last.map({ ViewerPlotDecimator.earlier($0, s) }) ?? true { bucket.last = s }
        }
    }

    /// Offers a candidate minimum and maximum (NaN never wins; ties to the earlier sample).
    private func extreme(_ bucket: inout Bucket, _ s: Sample) {
        guard !s.value.isNaN else { return }
        if let m = bucket.min {
            if s.value < m.value || (s.value == m.value && ViewerPlotDecimator.earlier(s, m)) { bucket.min = s }
        } else {
            bucket.min = s
        }
        if let m = bucket.max {
            if s.value > m.value || (s.value == m.value && ViewerPlotDecimator.earlier(s, m)) { bucket.max = s }
        } else {
            bucket.max = s
        }
    }

    /// The kept samples, like `M4.finish()`.
    func finish() -> M4.Points {
        var times: [Int64] = [], values: [Double] = []
        times.reserveCapacity(buckets.count * 4)
        values.reserveCapacity(buckets.count * 4)
        for bucket in buckets {
            guard let first = bucket.first, let last = bucket.last else { continue }
            var kept = [first]
            if let m = bucket.min { kept.append(m) }
            if let m = bucket.max { kept.append(m) }
            kept.append(last)
            kept.sort { ViewerPlotDecimator.earlier($0, $1) }
            var previous = -1
            for s in kept where s.order != previous {
                times.append(s.time)
                values.append(s.value)
                previous = s.order
            }
        }
        return M4.Points(times: times, values: values)
    }

    /// The blocks in `lo..<hi` with the first smallest minimum and first largest maximum (−1
    /// when every block is all NaN).
    static func bestBlocks(_ summary: ViewerPlotSummaries.Summary, _ lo: Int, _ hi: Int) -> (Int, Int) {
        var minBlock = -1, maxBlock = -1
        var minimum = Double.infinity, maximum = -Double.infinity
        summary.minValues.withUnsafeBufferPointer { mins in
            summary.maxValues.withUnsafeBufferPointer { maxs in
                for k in lo..<hi {
                    let a = mins[k], b = maxs[k]
                    if a < minimum || (minBlock < 0 && a == minimum) { minimum = a; minBlock = k }
                    if b > maximum || (maxBlock < 0 && b == maximum) { maximum = b; maxBlock = k }
                }
            }
        }
        return (minBlock, maxBlock)
    }

    /// `lowerBound` that guesses the position from the end times (times are usually evenly
    /// spaced) and gallops from there: a few cache misses instead of a dozen on cold memory.
    static func interpolatedLowerBound(_ times: UnsafeBufferPointer<Int64>, _ t: Int64, _ lo: Int, _ hi: Int) -> Int {
        guard hi - lo > 16 else { return lowerBound(times, t, lo, hi) }
        let a = times[lo], b = times[hi - 1]
        if t <= a { return lo }
        if t > b { return hi }
        let fraction = Double(UInt64(bitPattern: t &- a)) / Double(UInt64(bitPattern: b &- a))
        let guess = min(hi - 1, max(lo, lo + Int(fraction * Double(hi - 1 - lo))))
        if times[guess] < t {
            // Gallop up: the answer is in (guess, hi).
            var low = guess + 1, step = 1
            while low + step - 1 < hi, times[low + step - 1] < t {
                low += step
                step <<= 1
            }
            return lowerBound(times, t, low, min(hi, low + step))
        }
        // Gallop down: the answer is in [lo, guess].
        var high = guess, step = 1
        while high - step >= lo, times[high - step] >= t {
            high -= step
            step <<= 1
        }
        return lowerBound(times, t, max(lo, high - step), high)
    }

    /// The first index in `lo..<hi` with time `>= t`.
    static func lowerBound(_ times: UnsafeBufferPointer<Int64>, _ t: Int64, _ lo: Int, _ hi: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The positions of the first minimum and first maximum of `values[lo..<hi]`, NaN ignored
    /// (−1 when all are NaN).
    static func extremes(_ values: UnsafeBufferPointer<Double>, _ lo: Int, _ hi: Int) -> (Int, Int) {
        var low = -1, high = -1
        var minimum = Double.infinity, maximum = -Double.infinity
        for i in lo..<hi {
            let v = values[i]
            if v < minimum || (low < 0 && v == minimum) { minimum = v; low = i }
            if v > maximum || (high < 0 && v == maximum) { maximum = v; high = i }
        }
        return (low, high)
    }
}
