import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

@Suite struct QueryCacheTests {
    var factory = ChunkFactory(seed: 5)
    let frame = TestNames.timelines[0]

    mutating func data(_ entity: EntityPath, at time: Int64, _ value: Int64) -> Chunk {
        makeChunk(entity: entity, rowIDs: [factory.rowID()], timelines: [frame], times: [[time]],
                  components: ["Thing:x"], cells: [[[value]]])
    }

    mutating func clear(_ entity: EntityPath, at time: Int64) -> Chunk {
        makeChunk(entity: entity, rowIDs: [factory.rowID()], timelines: [frame], times: [[time]],
                  components: [TestNames.clear], cells: [[[1]]])
    }

    func x(_ result: LatestAtResult) -> [Int64]? { result["Thing:x"].map { values(of: $0.values) } }

    @Test mutating func repeatedQueriesHitAndNewDataInvalidatesPrecisely() throws {
        let cache = QueryCache()
        var store = ChunkStore()
        _ = try store.insert(data("a/b", at: 5, 1))
        let query = LatestAtQuery(timeline: "frame", at: TimeInt(10)!)
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == [1])
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == [1])
        #expect(cache.statistics.hits == 1)

        _ = try store.insert(data("a/b", at: 20, 2))  // after the query time: still valid
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == [1])
        #expect(cache.statistics.hits == 2)

        _ = try store.insert(data("other", at: 1, 9))  // another entity
        _ = try store.insert(data("a", at: 1, 9))  // the parent, but not a clear
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == [1])
        #expect(cache.statistics.hits == 3)

        _ = try store.insert(data("a/b", at: 7, 3))  // at or before the query time
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == [3])
        #expect(cache.statistics.hits == 3)

        _ = try store.insert(clear("a", at: 8))  // recursive clear on the parent
        #expect(x(try cache.latestAt(query, entity: "a/b", in: store)) == nil)
        #expect(cache.statistics.hits == 3)
    }

    @Test mutating func rangesInvalidateOnOverlappingData() throws {
        let cache = QueryCache()
        var store = ChunkStore()
        _ = try store.insert(data("a", at: 5, 1))
        let query = RangeQuery(timeline: "frame", range: TimeInt(4)!...TimeInt(10)!)
        #expect(try cache.range(query, entity: "a", in: store)["Thing:x"]?.rowCount == 1)
        _ = try store.insert(data("a", at: 11, 2))
        #expect(try cache.range(query, entity: "a", in: store)["Thing:x"]?.rowCount == 1)
        #expect(cache.statistics.hits == 1)
        _ = try store.insert(data("a", at: 10, 3))
        #expect(try cache.range(query, entity: "a", in: store)["Thing:x"]?.rowCount == 2)
        #expect(cache.statistics.hits == 1)
        let before = RangeQuery(timeline: "frame", range: TimeInt(6)!...TimeInt(10)!, includeLatestAtBefore: true)
        #expect(try cache.range(before, entity: "a", in: store)["Thing:x"]?.rowCount == 2)
        _ = try store.insert(data("a", at: 2, 4))  // before the window: changes nothing visible, but may
        #expect(try cache.range(before, entity: "a", in: store)["Thing:x"]?.rowCount == 2)
    }

    @Test mutating func snapshotsGetTheirOwnAnswers() throws {
        let cache = QueryCache()
        var store = ChunkStore()
        _ = try store.insert(data("a", at: 5, 1))
        let old = store
        _ = try store.insert(data("a", at: 6, 2))
        let query = LatestAtQuery(timeline: "frame", at: TimeInt(10)!)
        #expect(x(try cache.latestAt(query, entity: "a", in: store)) == [2])
        #expect(x(try cache.latestAt(query, entity: "a", in: old)) == [1])
        #expect(x(try cache.latestAt(query, entity: "a", in: store)) == [2])
        var branch = old
        _ = try branch.insert(data("a", at: 7, 3))
        #expect(x(try cache.latestAt(query, entity: "a", in: branch)) == [3])
        #expect(x(try cache.latestAt(query, entity: "a", in: store)) == [2])
    }

    /// Interleaved inserts, GC and cached queries agree with the brute force at every step.
    @Test(arguments: 0..<6)
    func cachedAnswersMatchBruteForceWhileDataArrives(seed: UInt64) throws {
        var factory = ChunkFactory(seed: 500 + seed)
        let cache = QueryCache(capacity: 64)
        var store = ChunkStore(config: ChunkStoreConfig(maxBytes: 2000, maxRows: 16, maxRowsIfUnsorted: 4, compactionFanout: 3))
        var reference = Reference(chunks: [])
        var random = factory.random
        for step in 0..<300 {
            let chunk = factory.chunk(maxRows: 6, timeSpan: 30)
            _ = try store.insert(chunk)
            reference.add(chunk)
            if step % 97 == 96 {
                _ = store.gc(targetBytes: store.totalBytes * 3 / 4)
                reference = Reference(chunks: store.allChunks)
            }
            for _ in 0..<20 {
                let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
                let timeline = TestNames.timelines[random.int(0...2)].name
                let t = Int64(random.int(0...8)) * 4
                guard store.timeline(named: timeline) != nil else { continue }
                if random.chance(0.7) {
                    let got = try cache.latestAt(LatestAtQuery(timeline: timeline, at: TimeInt(t)!), entity: entity, in: store).cells
                    let expected = reference.latestAt(entity, timeline, t, components: nil)
                    #expect(got == expected, "step \(step): latest-at \(entity) @\(timeline)=\(t)")
                    if got != expected { return }
                } else {
                    let query = RangeQuery(timeline: timeline, range: TimeInt(t)!...TimeInt(t + 8)!, includeLatestAtBefore: random.chance(0.5))
                    let result = try cache.range(query, entity: entity, in: store)
                    for name in reference.components(entity, timeline) {
                        let expected = reference.range(entity, name, timeline, t, t + 8, includeBefore: query.includeLatestAtBefore)
                        #expect((result[name]?.cells ?? []) == expected, "step \(step): range \(entity) \(name)")
                    }
                }
            }
        }
        #expect(cache.statistics.hits > 0)
    }
}
