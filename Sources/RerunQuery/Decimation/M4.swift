/// M4 decimation of a time series for a plot: the samples in a time range are split into
/// `width` equal time buckets (one per pixel column), and each non-empty bucket keeps at most
/// four samples: its first, last, minimum and maximum. Drawing lines through the kept samples
/// gives the same pixels as drawing all of them (Jugel et al., "M4", VLDB 2014).
///
/// The work is one pass over the values (eight lanes at a time, no allocation per sample) plus
/// a binary search per bucket over the times, so 10 million samples reduce in milliseconds.
///
/// ```swift
/// var m4 = M4(range: 0...1_000_000, width: 2000)
/// m4.add(times: times, values: values)        // sorted by time; call again for more runs
/// let points = m4.finish()                    // ≤ 4 × 2000 samples, in time order
/// ```
public struct M4: Sendable {
    /// The decimated series: samples in time order (ties in input order).
    public struct Points: Sendable, Equatable {
        /// The times of the kept samples.
        public var times: [Int64]
        /// The values of the kept samples.
        public var values: [Double]

        /// Creates a series.
        public init(times: [Int64], values: [Double]) {
            self.times = times
            self.values = values
        }
    }

    /// One bucket's four extreme samples, as positions in the input.
    struct Bucket {
        var firstTime: Int64 = 0, firstValue = 0.0, firstOrder = 0
        var lastTime: Int64 = 0, lastValue = 0.0, lastOrder = 0
        var minTime: Int64 = 0, minValue = Double.nan, minOrder = -1
        var maxTime: Int64 = 0, maxValue = Double.nan, maxOrder = -1
        var count = 0
    }

    /// The time range covered by the buckets.
    public let range: ClosedRange<Int64>
    /// The number of buckets.
    public let width: Int
    private var buckets: [Bucket]
    /// Running sample number across calls (orders ties between samples).
    private var samplesSeen = 0

    /// Prepares `width` buckets over `range` (samples outside it are ignored).
    public init(range: ClosedRange<Int64>, width: Int) {
        precondition(width > 0, "M4 needs at least one bucket")
        self.range = range
        self.width = width
        buckets = Array(repeating: Bucket(), count: width)
    }

    /// The bucket of time `t` within `range`.
    @inlinable
    func bucket(of t: Int64) -> Int {
        // floor((t - lower) * width / span), in 128-bit arithmetic (spans can be 2^64).
        let offset = UInt64(bitPattern: t &- range.lowerBound)
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 {  // the full Int64 range: 2^64
            return Int(offset.multipliedFullWidth(by: UInt64(width)).high)
        }
        let product = offset.multipliedFullWidth(by: UInt64(width))
        return Int(span.dividingFullWidth(product).quotient)
    }

    /// The first time of bucket `b` (`b == width` gives one past the range).
    func bucketStart(_ b: Int) -> Int64 {
        if b == 0 { return range.lowerBound }
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        // ceil(b * span / width)
        let product: (high: UInt64, low: UInt64)
        if span == 0 {
            product = (UInt64(b), 0)
        } else {
            product = UInt64(b).multipliedFullWidth(by: span)
        }
        let (q, r) = UInt64(width).dividingFullWidth(product)
        let offset = q &+ (r > 0 ? 1 : 0)
        return range.lowerBound &+ Int64(bitPattern: offset)
    }

    /// Adds samples whose times are non-decreasing (separate calls may overlap in time, as
    /// runs of overlapping chunks do). For unsorted samples use `add(unsortedTimes:values:)`.
    public mutating func add(times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>) {
        precondition(times.count == values.count, "M4: \(times.count) times for \(values.count) values")
        let n = times.count
        guard n > 0 else { return }
        let order0 = samplesSeen
        samplesSeen += n
        // Samples within the range.
        var lo = M4.lowerBound(times, range.lowerBound, 0, n)
        let end = range.upperBound == .max ? n : M4.lowerBound(times, range.upperBound + 1, lo, n)
        while lo < end {
            let b = bucket(of: times[lo])
            let next = b + 1 >= width ? end : min(end, M4.lowerBound(times, bucketStart(b + 1), lo, end))
            merge(b, times: times, values: values, lo, next, order0: order0)
            lo = next
        }
    }

    /// Adds samples in any time order (one bucket computation per sample).
    public mutating func add(unsortedTimes times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>) {
        precondition(times.count == values.count, "M4: \(times.count) times for \(values.count) values")
        let order0 = samplesSeen
        samplesSeen += times.count
        for i in 0..<times.count where range.contains(times[i]) {
            let b = bucket(of: times[i])
            let t = times[i], v = values[i], order = order0 + i
            var bucket = buckets[b]
            if bucket.count == 0 || (t, order) < (bucket.firstTime, bucket.firstOrder) {
                (bucket.firstTime, bucket.firstValue, bucket.firstOrder) = (t, v, order)
            }
            if bucket.count == 0 || (t, order) > (bucket.lastTime, bucket.lastOrder) {
                (bucket.lastTime, bucket.lastValue, bucket.lastOrder) = (t, v, order)
            }
            if !v.isNaN {
                if bucket.minOrder < 0 || v < bucket.minValue || (v == bucket.minValue && (t, order) < (bucket.minTime, bucket.minOrder)) {
                    (bucket.minTime, bucket.minValue, bucket.minOrder) = (t, v, order)
                }
                if bucket.maxOrder < 0 || v > bucket.maxValue || (v == bucket.maxValue && (t, order) < (bucket.maxTime, bucket.maxOrder)) {
                    (bucket.maxTime, bucket.maxValue, bucket.maxOrder) = (t, v, order)
                }
            }
            bucket.count += 1
            buckets[b] = bucket
        }
    }

    /// Adds arrays of samples sorted by time.
    public mutating func add(times: [Int64], values: [Double]) {
        times.withUnsafeBufferPointer { t in values.withUnsafeBufferPointer { v in add(times: t, values: v) } }
    }

    /// Adds arrays of samples in any time order.
    public mutating func add(unsortedTimes times: [Int64], values: [Double]) {
        times.withUnsafeBufferPointer { t in values.withUnsafeBufferPointer { v in add(unsortedTimes: t, values: v) } }
    }

    /// Folds samples `lo..<hi` (all in bucket `b`, sorted by time) into the bucket. Earlier
    /// calls may have added later samples (overlapping runs), so every extreme is compared by
    /// (time, input order).
    private mutating func merge(_ b: Int, times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>,
                                _ lo: Int, _ hi: Int, order0: Int) {
        var bucket = buckets[b]
        let firstOrder = order0 + lo, lastOrder = order0 + hi - 1
        if bucket.count == 0 || (times[lo], firstOrder) < (bucket.firstTime, bucket.firstOrder) {
            (bucket.firstTime, bucket.firstValue, bucket.firstOrder) = (times[lo], values[lo], firstOrder)
        }
        if bucket.count == 0 || (times[hi - 1], lastOrder) > (bucket.lastTime, bucket.lastOrder) {
            (bucket.lastTime, bucket.lastValue, bucket.lastOrder) = (times[hi - 1], values[hi - 1], lastOrder)
        }
        let (minIndex, maxIndex) = M4.extremes(values, lo, hi)
        if minIndex >= 0 {
            let (t, v, order) = (times[minIndex], values[minIndex], order0 + minIndex)
            if bucket.minOrder < 0 || v < bucket.minValue || (v == bucket.minValue && (t, order) < (bucket.minTime, bucket.minOrder)) {
                (bucket.minTime, bucket.minValue, bucket.minOrder) = (t, v, order)
            }
        }
        if maxIndex >= 0 {
            let (t, v, order) = (times[maxIndex], values[maxIndex], order0 + maxIndex)
            if bucket.maxOrder < 0 || v > bucket.maxValue || (v == bucket.maxValue && (t, order) < (bucket.maxTime, bucket.maxOrder)) {
                (bucket.maxTime, bucket.maxValue, bucket.maxOrder) = (t, v, order)
            }
        }
        bucket.count += hi - lo
        buckets[b] = bucket
    }

    /// The positions of the first minimum and first maximum of `values[lo..<hi]`, ignoring NaN
    /// (`-1` when all are NaN).
    ///
    /// Two vectorized passes: the extreme values (NaN never compares, so it is skipped), then
    /// the first position of each (an early-exit search, usually a fraction of the bucket).
    /// Tracking positions in the first pass would need twice the registers and is slower.
    static func extremes(_ values: UnsafeBufferPointer<Double>, _ lo: Int, _ hi: Int) -> (Int, Int) {
        guard hi > lo, let base = values.baseAddress else { return (-1, -1) }
        let raw = UnsafeRawPointer(base)
        var low = SIMD8<Double>(repeating: .infinity)
        var high = SIMD8<Double>(repeating: -.infinity)
        var i = lo
        while i &+ 8 <= hi {
            // Safety: `i + 8 <= hi <= values.count`; the load is unaligned-safe.
            let v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
            low.replace(with: v, where: v .< low)
            high.replace(with: v, where: v .> high)
            i &+= 8
        }
        var minimum = low.min()
        var maximum = high.max()
        while i < hi {
            let v = values[i]
            if v < minimum { minimum = v }
            if v > maximum { maximum = v }
            i += 1
        }
        // The first occurrences (±∞ included: if the minimum is +∞, it is found only if present).
        var minIndex = -1, maxIndex = -1
        i = lo
        let lowTarget = SIMD8<Double>(repeating: minimum), highTarget = SIMD8<Double>(repeating: maximum)
        while i &+ 8 <= hi && (minIndex < 0 || maxIndex < 0) {
            // Safety: as above.
            let v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
            let hit = (v .== lowTarget) .| (v .== highTarget)
            if any(hit) {
                for lane in 0..<8 {
                    if minIndex < 0 && v[lane] == minimum { minIndex = i + lane }
                    if maxIndex < 0 && v[lane] == maximum { maxIndex = i + lane }
                }
            }
            i &+= 8
        }
        while i < hi && (minIndex < 0 || maxIndex < 0) {
            if minIndex < 0 && values[i] == minimum { minIndex = i }
            if maxIndex < 0 && values[i] == maximum { maxIndex = i }
            i += 1
        }
        return (minIndex, maxIndex)
    }

    /// The first position in `times[lo..<hi]` whose time is `>= t` (`hi` if none).
    static func lowerBound(_ times: UnsafeBufferPointer<Int64>, _ t: Int64, _ lo: Int, _ hi: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The kept samples: per non-empty bucket its first, minimum, maximum and last sample, in
    /// input order, each once.
    public func finish() -> Points {
        var times: [Int64] = []
        var values: [Double] = []
        times.reserveCapacity(width * 4)
        values.reserveCapacity(width * 4)
        for bucket in buckets where bucket.count > 0 {
            var kept: [(order: Int, time: Int64, value: Double)] = [(bucket.firstOrder, bucket.firstTime, bucket.firstValue)]
            if bucket.minOrder >= 0 { kept.append((bucket.minOrder, bucket.minTime, bucket.minValue)) }
            if bucket.maxOrder >= 0 { kept.append((bucket.maxOrder, bucket.maxTime, bucket.maxValue)) }
            kept.append((bucket.lastOrder, bucket.lastTime, bucket.lastValue))
            kept.sort { ($0.time, $0.order) < ($1.time, $1.order) }
            var previous = -1
            for sample in kept where sample.order != previous {
                times.append(sample.time)
                values.append(sample.value)
                previous = sample.order
            }
        }
        return Points(times: times, values: values)
    }

    /// Decimates sorted samples in one call.
    public static func decimate(times: [Int64], values: [Double], range: ClosedRange<Int64>, width: Int) -> Points {
        var m4 = M4(range: range, width: width)
        m4.add(times: times, values: values)
        return m4.finish()
    }
}
