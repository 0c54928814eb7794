import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

/// Latest-at and range answers against the brute-force reference, on random recordings.
@Suite struct PropertyTests {
    /// Configurations that exercise compaction and splitting on small random chunks.
    static func config(_ random: inout SeededRandom) -> ChunkStoreConfig {
        switch random.int(0...3) {
        case 0: return .default
        case 1: return .noCompaction
        default:
            return ChunkStoreConfig(maxBytes: random.int(400...6000), maxRows: random.int(8...48),
                                    maxRowsIfUnsorted: random.int(1...8), compactionFanout: random.int(2...6))
        }
    }

    /// Fills a store with random chunks (some inserted twice); returns the store and the chunks.
    static func randomStore(seed: UInt64, chunkCount: Int) throws -> (ChunkStore, [Chunk], SeededRandom) {
        var factory = ChunkFactory(seed: seed)
        var chunks = (0..<chunkCount).map { _ in factory.chunk() }
        chunks.shuffle(using: &factory.random)
        var store = ChunkStore(config: config(&factory.random))
        for chunk in chunks {
            _ = try store.insert(chunk)
            if factory.random.chance(0.05) {
                #expect(try store.insert(chunk).isEmpty, "a duplicate chunk id must be ignored")
            }
        }
        if factory.random.chance(0.5) { _ = try store.compactPendingChunks() }
        return (store, chunks, factory.random)
    }

    static func randomQueryComponents(_ random: inout SeededRandom) -> [String]? {
        if random.chance(0.5) { return nil }
        let all = TestNames.dataComponents + [TestNames.clear, "Unknown:thing"]
        return all.filter { _ in random.chance(0.5) }
    }

    static func checkLatestAt(_ store: ChunkStore, _ reference: Reference, _ random: inout SeededRandom, queries: Int) throws {
        let entities = TestNames.entities + ["a/b/c/deep", "nowhere"]
        for _ in 0..<queries {
            let entity = entities[random.int(0...(entities.count - 1))]
            let timeline = TestNames.timelines[random.int(0...2)].name
            let t = Int64(random.int(-3...50))
            let components = randomQueryComponents(&random)
            let result = try store.latestAt(LatestAtQuery(timeline: timeline, at: TimeInt(t)!), entity: entity, components: components)
            let expected = reference.latestAt(entity, timeline, t, components: components)
            let got = result.cells
            if got != expected {
                Issue.record("latest-at \(entity) @\(timeline)=\(t) components \(components ?? ["*"]): got \(got), expected \(expected)")
                return
            }
        }
    }

    static func checkRange(_ store: ChunkStore, _ reference: Reference, _ random: inout SeededRandom, queries: Int) throws {
        for _ in 0..<queries {
            let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
            let timeline = TestNames.timelines[random.int(0...2)].name
            let a = Int64(random.int(-3...50))
            let b = a + Int64(random.int(0...30))
            let includeBefore = random.chance(0.5)
            let query = try RangeQuery(timeline: timeline, from: TimeInt(a)!, to: TimeInt(b)!, includeLatestAtBefore: includeBefore)
            let result = try store.range(query, entity: entity)
            for name in reference.components(entity, timeline) {
                let expected = reference.range(entity, name, timeline, a, b, includeBefore: includeBefore)
                let got = result[name]?.cells ?? []
                if got != expected {
                    Issue.record("range \(entity) \(name) [\(a), \(b)] on \(timeline) before=\(includeBefore): got \(got), expected \(expected)")
                    return
                }
            }
            for name in result.components.keys where !reference.components(entity, timeline).contains(name) {
                Issue.record("range \(entity) returned unexpected component \(name)")
                return
            }
        }
    }

    @Test(arguments: 0..<24)
    func latestAtAndRangeMatchBruteForce(seed: UInt64) throws {
        var (store, chunks, random) = try PropertyTests.randomStore(seed: seed, chunkCount: 20 + Int(seed % 7) * 25)
        let reference = Reference(chunks: chunks)
        try PropertyTests.checkLatestAt(store, reference, &random, queries: 2500)
        try PropertyTests.checkRange(store, reference, &random, queries: 800)
        // The store's own chunks describe the same data.
        let fromStore = Reference(chunks: store.allChunks)
        try PropertyTests.checkLatestAt(store, fromStore, &random, queries: 300)
        _ = store.gc(targetBytes: Int.max)
    }

    @Test(arguments: 100..<106)
    func largerRecordingsWithBigChunks(seed: UInt64) throws {
        var factory = ChunkFactory(seed: seed)
        var chunks = (0..<40).map { _ in factory.chunk(maxRows: 300, timeSpan: 400) }
        chunks.shuffle(using: &factory.random)
        var store = ChunkStore(config: ChunkStoreConfig(maxBytes: 4000, maxRows: 64, maxRowsIfUnsorted: 16, compactionFanout: 3))
        for chunk in chunks { _ = try store.insert(chunk) }
        let reference = Reference(chunks: chunks)
        var random = factory.random
        for _ in 0..<1500 {
            let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
            let timeline = TestNames.timelines[random.int(0...2)].name
            let t = Int64(random.int(-3...420))
            let got = try store.latestAt(LatestAtQuery(timeline: timeline, at: TimeInt(t)!), entity: entity).cells
            let expected = reference.latestAt(entity, timeline, t, components: nil)
            #expect(got == expected, "latest-at \(entity) @\(timeline)=\(t)")
            if got != expected { return }
        }
        for _ in 0..<200 {
            let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
            let timeline = TestNames.timelines[random.int(0...2)].name
            let a = Int64(random.int(-3...420)), b = a + Int64(random.int(0...200))
            let result = try store.range(RangeQuery(timeline: timeline, range: TimeInt(a)!...TimeInt(b)!, includeLatestAtBefore: true), entity: entity)
            for name in reference.components(entity, timeline) {
                let expected = reference.range(entity, name, timeline, a, b, includeBefore: true)
                #expect((result[name]?.cells ?? []) == expected, "range \(entity) \(name) [\(a), \(b)] on \(timeline)")
            }
        }
    }
}
