import Foundation
import RerunArrow
import RerunQuery
import Testing

/// M4 against a brute-force reference.
@Suite("Decimation: M4")
struct DecimationTests {
    /// The obvious M4: per bucket, the earliest, latest, first minimum and first maximum sample.
    static func reference(times: [Int64], values: [Double], range: ClosedRange<Int64>, width: Int) -> M4.Points {
        let span = Int(range.upperBound - range.lowerBound) + 1
        var buckets: [[Int]] = Array(repeating: [], count: width)
        for i in times.indices where range.contains(times[i]) {
            buckets[Int(times[i] - range.lowerBound) * width / span].append(i)
        }
        var times_: [Int64] = [], values_: [Double] = []
        for members in buckets where !members.isEmpty {
            let byTime = members.sorted { (times[$0], $0) < (times[$1], $1) }
            var kept = [byTime.first!, byTime.last!]
            let finite = byTime.filter { !values[$0].isNaN }
            if let low = finite.min(by: { values[$0] < values[$1] || (values[$0] == values[$1] && (times[$0], $0) < (times[$1], $1)) }) { kept.append(low) }
            if let high = finite.min(by: { values[$0] > values[$1] || (values[$0] == values[$1] && (times[$0], $0) < (times[$1], $1)) }) { kept.append(high) }
            for i in Set(kept).sorted(by: { (times[$0], $0) < (times[$1], $1) }) {
                times_.append(times[i])
                values_.append(values[i])
            }
        }
        return M4.Points(times: times_, values: values_)
    }

    static func same(_ a: M4.Points, _ b: M4.Points) -> Bool {
        a.times == b.times && a.values.count == b.values.count
            && zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("random sorted series, many seeds", arguments: 0..<40)
    func randomSorted(seed: Int) {
        var random = DataframeRandom(seed: UInt64(seed) + 77)
        let n = random.int(0...3000)
        var t: Int64 = Int64(random.int(-50...50))
        var times: [Int64] = [], values: [Double] = []
        for _ in 0..<n {
            t += Int64(random.int(0...3))  // duplicates included
            times.append(t)
            let r = random.int(0...20)
            values.append(r == 0 ? .nan : r == 1 ? .infinity : r == 2 ? -.infinity : Double(random.int(-100...100)) / 4)
        }
        let lower = Int64(random.int(-60...40))
        let range = lower...(lower + Int64(random.int(0...4000)))
        let width = random.int(1...300)
        let reference = DecimationTests.reference(times: times, values: values, range: range, width: width)
        // One call, several calls (runs), and the unsorted path must all agree with it.
        #expect(DecimationTests.same(M4.decimate(times: times, values: values, range: range, width: width), reference))
        var split = M4(range: range, width: width)
        var start = 0
        while start < n {
            let end = min(n, start + random.int(1...500))
            split.add(times: Array(times[start..<end]), values: Array(values[start..<end]))
            start = end
        }
        #expect(DecimationTests.same(split.finish(), reference))
        var unsorted = M4(range: range, width: width)
        var order = Array(times.indices)
        for i in order.indices.reversed() where i > 0 { order.swapAt(i, random.int(0...i)) }
        // Shuffling changes which of equal-time samples is "first"; compare on distinct times.
        if Set(times).count == times.count {
            let shuffledTimes = order.map { times[$0] }, shuffledValues = order.map { values[$0] }
            shuffledTimes.withUnsafeBufferPointer { st in
                shuffledValues.withUnsafeBufferPointer { sv in unsorted.add(unsortedTimes: st, values: sv) }
            }
            let result = unsorted.finish()
            #expect(result.times == reference.times)
        }
    }

    @Test("scalar list columns: in place, gathered, series, nulls, overlapping runs", arguments: 0..<10)
    func scalarColumns(seed: Int) throws {
        var random = DataframeRandom(seed: UInt64(seed) + 991)
        let range: ClosedRange<Int64> = 0...999
        let width = random.int(1...50)
        var reference = M4(range: range, width: width)
        var viaColumns = M4(range: range, width: width)
        var allTimes: [Int64] = [], allValues: [Double] = []
        for _ in 0..<random.int(1...5) {
            // One run: sorted times, cells of 1–2 values (series 1 where present), some nulls.
            let rows = random.int(0...200)
            var t = Int64(random.int(0...900))
            var times: [Int64] = [], offsets: [Int32] = [0], flat: [Double] = [], valid: [Bool] = []
            let single = random.chance(0.5)
            var series0Times: [Int64] = [], series0Values: [Double] = []
            for _ in 0..<rows {
                t += Int64(random.int(0...3))
                times.append(t)
                let isNull = !single && random.chance(0.1)
                valid.append(!isNull)
                if !isNull {
                    let count = single ? 1 : random.int(1...2)
                    for _ in 0..<count { flat.append(Double(random.int(-50...50))) }
                    series0Times.append(t)
                    series0Values.append(flat[Int(offsets.last!)])
                }
                offsets.append(Int32(flat.count))
            }
            let list = try ArrayData.list(values: ArrayData.from(flat), offsets: offsets, validity: valid)
            viaColumns.add(times: ArrayData.from(times), scalars: list, series: 0, sorted: true)
            reference.add(unsortedTimes: series0Times, values: series0Values)
            allTimes += series0Times
            allValues += series0Values
        }
        // Runs may overlap in time: compare with the order-free reference on distinct times.
        if Set(allTimes).count == allTimes.count {
            #expect(viaColumns.finish().times == reference.finish().times)
        }
        #expect(viaColumns.finish().times.count <= 4 * width)
    }

    @Test("bucket edges, extreme ranges and small inputs")
    func edges() {
        // Every bucket one sample: all kept.
        let times = Array(Int64(0)..<100)
        let values = times.map { Double($0 % 7) }
        #expect(M4.decimate(times: times, values: values, range: 0...99, width: 100).times == times)
        // One bucket: first, min, max, last.
        let one = M4.decimate(times: times, values: values, range: 0...99, width: 1)
        #expect(one.times == [0, 6, 99])
        #expect(one.values == [0, 6, 1])
        // Samples outside the range are ignored.
        #expect(M4.decimate(times: times, values: values, range: 200...300, width: 10).times.isEmpty)
        // The whole Int64 range does not overflow.
        let wide = M4.decimate(times: [.min + 1, -1, 0, .max], values: [1, 2, 3, 4], range: (Int64.min + 1)...Int64.max, width: 2)
        #expect(wide.times == [.min + 1, 0, .max])  // -1 and 0 share bucket 0 with the first sample
        let full = M4.decimate(times: [.min, 0, .max], values: [1, 2, 3], range: Int64.min...Int64.max, width: 4)
        #expect(full.times == [.min, 0, .max])
        // All-NaN bucket keeps first and last.
        #expect(M4.decimate(times: [1, 2, 3], values: [.nan, .nan, .nan], range: 0...10, width: 1).times == [1, 3])
    }

    @Test("10 million samples reduce to about 4 × width points")
    func large() {
        let n = 10_000_000
        let times = (0..<n).map { Int64($0) * 3 }
        let values = (0..<n).map { sin(Double($0) * 0.001) }
        let points = M4.decimate(times: times, values: values, range: 0...Int64(3 * n), width: 2000)
        #expect(points.times.count <= 4 * 2000)
        #expect(points.times.count >= 2 * 2000)
        #expect(points.times == points.times.sorted())
    }
}
