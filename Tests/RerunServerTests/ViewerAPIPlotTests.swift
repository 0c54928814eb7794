import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing
@testable import RerunServer

/// The plot fast path (block summaries) gives exactly `M4`'s answer: NaNs, ties, overlapping
/// chunks, partial blocks and random windows.
@Suite struct ViewerAPIPlotTests {
    static func chunk(times: [Int64], values: [Double]) throws -> Chunk {
        let list = try ArrayData.list(values: ArrayData.from(values), offsets: (0...values.count).map { Int32($0) })
        return try Chunk(
            id: TUID.next(), entityPath: EntityPath("s"), rowIDs: times.map { _ in TUID.next() },
            timeColumns: [try TimeColumn(Timeline("t", .sequence), times: times)],
            components: [try ComponentColumn(descriptor: ComponentDescriptor(component: "Scalars:scalars"), data: list)])
    }

    @Test func summariesMatchM4OnRandomStores() throws {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<20 {
            var store = ChunkStore()
            var start: Int64 = 0
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let n = Int.random(in: 1...700, using: &rng)
                // Sorted times with duplicates; chunks may overlap the previous one.
                start = max(0, start - Int64.random(in: 0...50, using: &rng))
                var t = start
                var times: [Int64] = [], values: [Double] = []
                for _ in 0..<n {
                    t += Int64.random(in: 0...3, using: &rng)
                    times.append(t)
                    let r = Int.random(in: 0..<20, using: &rng)
                    values.append(r == 0 ? .nan : Double(Int.random(in: -5...5, using: &rng)))
                }
                start = t
                _ = try store.insert(try Self.chunk(times: times, values: values))
            }
            for _ in 0..<10 {
                let a = Int64.random(in: -10...start, using: &rng), b = Int64.random(in: a...(start + 10), using: &rng)
                let width = Int.random(in: 1...300, using: &rng)
                let runs = store.range(entity: EntityPath("s"), component: "Scalars:scalars", timeline: "t",
                                       in: TimeInt(a)!...TimeInt(b)!)
                var m4 = M4(range: a...b, width: width)
                m4.add(runs: runs)
                let expected = m4.finish()
                let summaries = ViewerPlotSummaries(budget: 1 << 20)
                let got = try #require(ViewerPlotDecimator.decimate(runs: runs, range: a...b, width: width, summaries: summaries))
                #expect(got.times == expected.times, "trial \(trial) \(a)...\(b) width \(width)")
                #expect(got.values.map(\.bitPattern) == expected.values.map(\.bitPattern), "trial \(trial) \(a)...\(b) width \(width)")
            }
        }
    }

    /// The cached series follows the store: new data shows up in the next plot, and the
    /// original snapshot still answers from its own state.
    @Test func seriesCacheFollowsStoreChanges() throws {
        var store = ChunkStore()
        _ = try store.insert(try Self.chunk(times: Array(0..<100), values: (0..<100).map(Double.init)))
        let ask = #"{"type":"plot","id":1,"timeline":"t","from":0,"to":1000,"width":10,"series":[{"entity":"/s"}]}"#
        let first = try viewerAsk(store, ask)
        #expect((first["series"] as? [[String: Any]])?.first?["samples"] as? Int == 100)
        let snapshot = store
        _ = try store.insert(try Self.chunk(times: Array(100..<300), values: (100..<300).map(Double.init)))
        let second = try viewerAsk(store, ask)
        let series = try #require((second["series"] as? [[String: Any]])?.first)
        #expect(series["samples"] as? Int == 300)
        #expect(second.values(series["values"] as! Int, as: Double.self).max() == 299)
        #expect((try viewerAsk(snapshot, ask)["series"] as? [[String: Any]])?.first?["samples"] as? Int == 100)
    }

    @Test func interpolatedSearchAgreesWithBinarySearch() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var t = Int64.random(in: -1000...1000, using: &rng)
            let times: [Int64] = (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                t += Int64.random(in: 0...(Bool.random(using: &rng) ? 2 : 500), using: &rng)
                return t
            }
            times.withUnsafeBufferPointer { p in
                for _ in 0..<50 {
                    let lo = Int.random(in: 0...times.count, using: &rng), hi = Int.random(in: lo...times.count, using: &rng)
                    let probe = Int64.random(in: -1100...(t + 100), using: &rng)
                    #expect(ViewerPlotDecimator.interpolatedLowerBound(p, probe, lo, hi) == ViewerPlotDecimator.lowerBound(p, probe, lo, hi))
                }
            }
        }
    }

    @Test func nonScalarRunsUseTheGeneralPath() throws {
        var store = ChunkStore()
        let values = ArrayData.from([1.0, 2.0, 3.0, 4.0])
        let list = try ArrayData.list(values: values, offsets: [0, 2, 4])  // two instances per row
        _ = try store.insert(try Chunk(
            id: TUID.next(), entityPath: EntityPath("s"), rowIDs: [TUID.next(), TUID.next()],
            timeColumns: [try TimeColumn(Timeline("t", .sequence), times: [0, 1])],
            components: [try ComponentColumn(descriptor: ComponentDescriptor(component: "Scalars:scalars"), data: list)]))
        let runs = store.range(entity: EntityPath("s"), component: "Scalars:scalars", timeline: "t", in: TimeInt(0)!...TimeInt(1)!)
        #expect(ViewerPlotDecimator.decimate(runs: runs, range: 0...1, width: 2, summaries: ViewerPlotSummaries(budget: 1 << 20)) == nil)
        let reply = try viewerAsk(store, #"{"type":"plot","id":1,"timeline":"t","from":0,"to":1,"width":2,"series":[{"entity":"/s"}]}"#)
        let series = try #require(reply["series"] as? [[String: Any]])
        #expect(series.map { $0["instance"] as? Int } == [0, 1])
        #expect(reply.values(series[1]["values"] as! Int, as: Double.self) == [2, 4])
    }
}
