/// A re-implementation of the algorithm of Rust's `slice::sort_by` (driftsort, with its stable
/// quicksort and small-sorts, for an 8-byte element type), so that an inconsistent comparator
/// orders elements exactly as Rust does.
///
/// Rerun 0.41 sorts its dataframe schema with a comparator that calls any index column "less"
/// than any other index column; the resulting order of the index columns is an artifact of the
/// sort algorithm, and we need the same artifact. Written from the algorithm's description in
/// the Rust standard library (`core::slice::sort::stable`); only used for small arrays.
enum RustStableSort {
    /// Sorts `values` the way `slice::sort_by` would with `isLess` (`compare(a, b) == Less`).
    /// Returns `false` where Rust would panic ("comparison does not implement a total order"),
    /// leaving `values` in an unspecified order.
    @discardableResult
    static func sort<T>(_ values: inout [T], by isLess: @escaping (T, T) -> Bool) -> Bool {
        let count = values.count
        guard count >= 2 else { return true }
        if count <= 20 {
            var sorter = Sorter(values: values, scratchCount: 0, isLess: isLess)
            sorter.insertionSort(0, count, offset: 1)
            values = sorter.v
            return true
        }
        // Scratch: max(n - n/2, min(n, 8 MB / 8 bytes), 48) elements, or 4 KiB of stack (512).
        let allocation = max(max(count - count / 2, min(count, 1_000_000)), 48)
        var sorter = Sorter(values: values, scratchCount: allocation <= 512 ? 512 : allocation, isLess: isLess)
        sorter.driftSort(0, count, eager: count <= 64)
        values = sorter.v
        return !sorter.violated
    }

    /// The state of one sort: the array, the scratch space and the comparator.
    struct Sorter<T> {
        var v: [T]
        var scratch: [T]
        let isLess: (T, T) -> Bool
        var violated = false

        init(values: [T], scratchCount: Int, isLess: @escaping (T, T) -> Bool) {
            v = values
            scratch = Array(repeating: values[0], count: scratchCount)
            self.isLess = isLess
        }

        static var smallSortThreshold: Int { 32 }

        // MARK: Insertion sort

        /// Sorts `array[begin..<end]` assuming `array[begin..<begin + offset]` is sorted.
        mutating func insertionSort(_ begin: Int, _ end: Int, offset: Int) {
            var tail = begin + offset
            while tail < end {
                RustStableSort.insertTail(&v, begin, tail, isLess)
                tail += 1
            }
        }

        // MARK: Drift sort

        mutating func driftSort(_ lo: Int, _ len: Int, eager: Bool) {
            guard len >= 2 else { return }
            let scale = ((UInt64(1) << 62) + UInt64(len) - 1) / UInt64(len)
            let minGoodRun = len <= 64 * 64 ? min(len - len / 2, 64) : RustStableSort.sqrtApprox(len)
            var runs: [Run] = []
            var depths: [Int] = []
            var scan = 0
            var previous = Run(length: 0, sorted: true)
            while true {
                let next: Run
                let depth: Int
                if scan < len {
                    next = createRun(lo + scan, len - scan, minGoodRun: minGoodRun, eager: eager)
                    depth = RustStableSort.mergeTreeDepth(scan - previous.length, scan, scan + next.length, scale)
                } else {
                    next = Run(length: 0, sorted: true)
                    depth = 0
                }
                while runs.count > 1 && depths[runs.count - 1] >= depth {
                    let left = runs.removeLast()
                    depths.removeLast()
                    let merged = left.length + previous.length
                    previous = logicalMerge(lo + scan - merged, merged, left, previous)
                }
                runs.append(previous)
                depths.append(depth)
                if scan >= len { break }
                scan += next.length
                previous = next
            }
            if !previous.sorted { stableQuicksort(lo, len) }
        }

        struct Run {
            var length: Int
            var sorted: Bool
        }

        mutating func createRun(_ lo: Int, _ len: Int, minGoodRun: Int, eager: Bool) -> Run {
            if len >= minGoodRun {
                let (runLength, reversed) = findExistingRun(lo, len)
                if runLength >= minGoodRun {
                    if reversed { v[lo..<(lo + runLength)].reverse() }
                    return Run(length: runLength, sorted: true)
                }
            }
            if eager {
                let length = min(Sorter.smallSortThreshold, len)
                quicksort(lo, length, limit: 0, ancestorPivot: nil)
                return Run(length: length, sorted: true)
            }
            return Run(length: min(minGoodRun, len), sorted: false)
        }

        func findExistingRun(_ lo: Int, _ len: Int) -> (Int, Bool) {
            guard len >= 2 else { return (len, false) }
            var run = 2
            let descending = isLess(v[lo + 1], v[lo])
            if descending {
                while run < len && isLess(v[lo + run], v[lo + run - 1]) { run += 1 }
            } else {
                while run < len && !isLess(v[lo + run], v[lo + run - 1]) { run += 1 }
            }
            return (run, descending)
        }

        mutating func logicalMerge(_ lo: Int, _ len: Int, _ left: Run, _ right: Run) -> Run {
            let fits = len <= scratch.count
            if !fits || left.sorted || right.sorted {
                if !left.sorted { stableQuicksort(lo, left.length) }
                if !right.sorted { stableQuicksort(lo + left.length, len - left.length) }
                merge(lo, len, mid: left.length)
                return Run(length: len, sorted: true)
            }
            return Run(length: len, sorted: false)
        }

        mutating func stableQuicksort(_ lo: Int, _ len: Int) {
            let limit = 2 * (Int.bitWidth - 1 - (len | 1).leadingZeroBitCount)
            quicksort(lo, len, limit: limit, ancestorPivot: nil)
        }

        // MARK: Merge

        /// Merges the sorted runs `v[lo..<lo+mid]` and `v[lo+mid..<lo+len]`.
        mutating func merge(_ lo: Int, _ len: Int, mid: Int) {
            guard mid > 0, mid < len, scratch.count >= min(mid, len - mid) else { return }
            if mid <= len - mid {
                let buffer = Array(v[lo..<(lo + mid)])
                var start = 0
                var out = lo
                var right = lo + mid
                let rightEnd = lo + len
                while start != buffer.count && right != rightEnd {
                    let takeLeft = !isLess(v[right], buffer[start])
                    v[out] = takeLeft ? buffer[start] : v[right]
                    if takeLeft { start += 1 } else { right += 1 }
                    out += 1
                }
                for k in start..<buffer.count {
                    v[out] = buffer[k]
                    out += 1
                }
            } else {
                let buffer = Array(v[(lo + mid)..<(lo + len)])
                var end = buffer.count
                var destination = lo + mid
                var out = lo + len
                while true {
                    let left = destination - 1
                    let right = end - 1
                    out -= 1
                    let takeLeft = isLess(buffer[right], v[left])
                    v[out] = takeLeft ? v[left] : buffer[right]
                    if takeLeft { destination = left } else { end = right }
                    if destination == lo || end == 0 { break }
                }
                for k in 0..<end { v[destination + k] = buffer[k] }
            }
        }

        // MARK: Quicksort

        mutating func quicksort(_ start: Int, _ length: Int, limit initialLimit: Int, ancestorPivot: T?) {
            var lo = start
            var len = length
            var limit = initialLimit
            var ancestor = ancestorPivot
            while true {
                if len <= Sorter.smallSortThreshold {
                    smallSort(lo, len)
                    return
                }
                if limit == 0 {
                    driftSort(lo, len, eager: true)
                    return
                }
                limit -= 1
                let pivotPosition = choosePivot(lo, len)
                let pivot = v[lo + pivotPosition]
                var equalPartition = false
                if let ancestor { equalPartition = !isLess(ancestor, v[lo + pivotPosition]) }
                var leftLength = 0
                if !equalPartition {
                    leftLength = stablePartition(lo, len, pivotPosition, pivotGoesLeft: false, isLess)
                    equalPartition = leftLength == 0
                }
                if equalPartition {
                    let less = isLess
                    let middle = stablePartition(lo, len, pivotPosition, pivotGoesLeft: true) { a, b in !less(b, a) }
                    lo += middle
                    len -= middle
                    ancestor = nil
                    continue
                }
                quicksort(lo + leftLength, len - leftLength, limit: limit, ancestorPivot: pivot)
                len = leftLength
            }
        }

        /// Partitions `v[lo..<lo+len]` around the element at `pivotPosition`, keeping the order
        /// within each side; returns the number of elements on the left.
        mutating func stablePartition(_ lo: Int, _ len: Int, _ pivotPosition: Int, pivotGoesLeft: Bool,
                                      _ goesLeft: (T, T) -> Bool) -> Int {
            if scratch.count < len { scratch += Array(repeating: v[lo], count: len - scratch.count) }
            let pivot = v[lo + pivotPosition]
            var left = 0
            var reverse = len
            for i in 0..<len {
                let towardsLeft = i == pivotPosition ? pivotGoesLeft : goesLeft(v[lo + i], pivot)
                reverse -= 1
                let destination = (towardsLeft ? 0 : reverse) + left
                scratch[destination] = v[lo + i]
                if towardsLeft { left += 1 }
            }
            for i in 0..<left { v[lo + i] = scratch[i] }
            for i in 0..<(len - left) { v[lo + left + i] = scratch[len - 1 - i] }
            return left
        }

        func choosePivot(_ lo: Int, _ len: Int) -> Int {
            let eighth = len / 8
            let a = lo, b = lo + eighth * 4, c = lo + eighth * 7
            let chosen = len < 64 ? median3(a, b, c) : median3Recursive(a, b, c, eighth)
            return chosen - lo
        }

        func median3Recursive(_ a: Int, _ b: Int, _ c: Int, _ n: Int) -> Int {
            var a = a, b = b, c = c
            if n * 8 >= 64 {
                let n8 = n / 8
                a = median3Recursive(a, a + n8 * 4, a + n8 * 7, n8)
                b = median3Recursive(b, b + n8 * 4, b + n8 * 7, n8)
                c = median3Recursive(c, c + n8 * 4, c + n8 * 7, n8)
            }
            return median3(a, b, c)
        }

        func median3(_ a: Int, _ b: Int, _ c: Int) -> Int {
            let x = isLess(v[a], v[b])
            let y = isLess(v[a], v[c])
            if x == y {
                let z = isLess(v[b], v[c])
                return z != x ? c : b
            }
            return a
        }

        // MARK: Small sort

        /// Rust's general small-sort for `Freeze` types up to 32 elements: two halves presorted
        /// with 8- or 4-element sorts into scratch, extended by insertion, then merged from both
        /// ends at once.
        mutating func smallSort(_ lo: Int, _ len: Int) {
            guard len >= 2 else { return }
            if scratch.count < len + 16 { scratch += Array(repeating: v[lo], count: len + 16 - scratch.count) }
            let half = len / 2
            let presorted: Int
            if len >= 16 {
                sort8(from: lo, to: 0, temporary: len)
                sort8(from: lo + half, to: half, temporary: len + 8)
                presorted = 8
            } else if len >= 8 {
                RustStableSort.sort4(v, lo, &scratch, 0, isLess)
                RustStableSort.sort4(v, lo + half, &scratch, half, isLess)
                presorted = 4
            } else {
                scratch[0] = v[lo]
                scratch[half] = v[lo + half]
                presorted = 1
            }
            for offset in [0, half] {
                let desired = offset == 0 ? half : len - half
                var i = presorted
                while i < desired {
                    scratch[offset + i] = v[lo + offset + i]
                    RustStableSort.insertTail(&scratch, offset, offset + i, isLess)
                    i += 1
                }
            }
            let source = Array(scratch[0..<len])
            if !RustStableSort.bidirectionalMerge(source, into: &v, at: lo, isLess) { violated = true }
        }

        /// Sorts `v[from..<from+8]` into `scratch[to..<to+8]`, using `scratch[temporary...]`.
        mutating func sort8(from: Int, to: Int, temporary: Int) {
            RustStableSort.sort4(v, from, &scratch, temporary, isLess)
            RustStableSort.sort4(v, from + 4, &scratch, temporary + 4, isLess)
            let source = Array(scratch[temporary..<(temporary + 8)])
            if !RustStableSort.bidirectionalMerge(source, into: &scratch, at: to, isLess) { violated = true }
        }
    }

    /// Moves `array[tail]` left into the sorted `array[begin..<tail]`.
    static func insertTail<T>(_ array: inout [T], _ begin: Int, _ tail: Int, _ isLess: (T, T) -> Bool) {
        var sift = tail - 1
        guard isLess(array[tail], array[sift]) else { return }
        let moving = array[tail]
        var gap = tail
        while true {
            array[gap] = array[sift]
            gap = sift
            if sift == begin { break }
            sift -= 1
            if !isLess(moving, array[sift]) { break }
        }
        array[gap] = moving
    }

    /// Rust's branch-free stable 4-element sort, from `source[from...]` into `destination[to...]`.
    static func sort4<T>(_ source: [T], _ from: Int, _ destination: inout [T], _ to: Int, _ isLess: (T, T) -> Bool) {
        let c1 = isLess(source[from + 1], source[from])
        let c2 = isLess(source[from + 3], source[from + 2])
        let a = from + (c1 ? 1 : 0)
        let b = from + (c1 ? 0 : 1)
        let c = from + 2 + (c2 ? 1 : 0)
        let d = from + 2 + (c2 ? 0 : 1)
        let c3 = isLess(source[c], source[a])
        let c4 = isLess(source[d], source[b])
        let minimum = c3 ? c : a
        let maximum = c4 ? b : d
        let unknownLeft = c3 ? a : (c4 ? c : b)
        let unknownRight = c4 ? d : (c3 ? b : c)
        let c5 = isLess(source[unknownRight], source[unknownLeft])
        let low = c5 ? unknownRight : unknownLeft
        let high = c5 ? unknownLeft : unknownRight
        destination[to] = source[minimum]
        destination[to + 1] = source[low]
        destination[to + 2] = source[high]
        destination[to + 3] = source[maximum]
    }

    /// Merges the sorted halves of `source` into `destination[at...]` from both ends; returns
    /// `false` where Rust panics (the comparator is not a total order and the ends do not meet).
    static func bidirectionalMerge<T>(_ source: [T], into destination: inout [T], at base: Int, _ isLess: (T, T) -> Bool) -> Bool {
        let len = source.count
        let half = len / 2
        var left = 0, right = half, out = base
        var leftReverse = half - 1, rightReverse = len - 1, outReverse = base + len - 1
        for _ in 0..<half {
            guard left < len, right < len, leftReverse >= 0, rightReverse >= 0 else { return false }
            let takeLeft = !isLess(source[right], source[left])
            destination[out] = takeLeft ? source[left] : source[right]
            if takeLeft { left += 1 } else { right += 1 }
            out += 1
            guard leftReverse >= 0, rightReverse >= 0, leftReverse < len, rightReverse < len else { return false }
            let takeRight = !isLess(source[rightReverse], source[leftReverse])
            destination[outReverse] = takeRight ? source[rightReverse] : source[leftReverse]
            if takeRight { rightReverse -= 1 } else { leftReverse -= 1 }
            outReverse -= 1
        }
        let leftEnd = leftReverse + 1
        let rightEnd = rightReverse + 1
        if len % 2 != 0 {
            let leftNonEmpty = left < leftEnd
            guard (leftNonEmpty ? left : right) < len else { return false }
            destination[out] = leftNonEmpty ? source[left] : source[right]
            if leftNonEmpty { left += 1 } else { right += 1 }
        }
        return left == leftEnd && right == rightEnd
    }

    static func mergeTreeDepth(_ left: Int, _ mid: Int, _ right: Int, _ scale: UInt64) -> Int {
        let x = UInt64(left) &+ UInt64(mid)
        let y = UInt64(mid) &+ UInt64(right)
        return ((scale &* x) ^ (scale &* y)).leadingZeroBitCount
    }

    static func sqrtApprox(_ n: Int) -> Int {
        let log = Int.bitWidth - 1 - (n | 1).leadingZeroBitCount
        let shift = (1 + log) / 2
        return ((1 << shift) + (n >> shift)) / 2
    }
}
