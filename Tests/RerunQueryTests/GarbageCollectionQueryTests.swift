import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

/// GC to a budget on random recordings: accounting, static data, protected rows, and query
/// answers over what is left.
@Suite struct GarbageCollectionQueryTests {
    @Test(arguments: 0..<10)
    func gcToHalfTheBudgetKeepsQueriesCorrect(seed: UInt64) throws {
        var factory = ChunkFactory(seed: 1000 + seed)
        var chunks = (0..<150).map { _ in factory.chunk(maxRows: 30, timeSpan: 60, staticChance: 0.05) }
        chunks.shuffle(using: &factory.random)
        var store = ChunkStore(config: ChunkStoreConfig(maxBytes: 4000, maxRows: 32, maxRowsIfUnsorted: 8, compactionFanout: 4))
        for chunk in chunks { _ = try store.insert(chunk) }
        let protect = Int(seed % 3)
        let before = Reference(chunks: store.allChunks)
        let budget = store.totalBytes / 2
        let events = store.gc(targetBytes: budget, protectLatest: protect)
        #expect(!events.isEmpty)

        // Accounted memory is under budget, unless only static and protected chunks are left.
        let after = Reference(chunks: store.allChunks)
        if store.totalBytes > budget {
            #expect(protect > 0, "without protection everything temporal can go")
            var stripped = store
            _ = stripped.gc(targetBytes: 0, protectLatest: protect)
            #expect(stripped.chunkCount == store.chunkCount, "over budget only when nothing droppable is left")
        }

        for entity in TestNames.entities {
            for timeline in TestNames.timelines.map(\.name) {
                for name in before.components(entity, timeline) {
                    // Static data survives.
                    if let cell = before.latestCell(entity, name, timeline, .min + 1), cell.index.isStatic {
                        #expect(after.latestCell(entity, name, timeline, .min + 1) == cell)
                    }
                    // The newest `protect` cells per (entity, timeline, component) survive.
                    if protect > 0 {
                        let all = before.range(entity, name, timeline, .min + 1, .max, includeBefore: false)
                        guard all.first?.index.isStatic != true else { continue }
                        let kept = after.range(entity, name, timeline, .min + 1, .max, includeBefore: false)
                        for cell in all.suffix(protect) {
                            #expect(kept.contains(cell), "\(entity) \(name) on \(timeline): newest \(cell) protected")
                        }
                    }
                }
            }
        }

        // Queries agree with the brute force over what is left.
        var random = factory.random
        try PropertyTests.checkLatestAt(store, after, &random, queries: 800)
        try PropertyTests.checkRange(store, after, &random, queries: 200)
    }

    @Test func ingestingTwiceTheBudgetStaysUnderIt() throws {
        var factory = ChunkFactory(seed: 77)
        var store = ChunkStore()
        let budget = 200_000
        var inserted = 0
        var staticCells: [(EntityPath, String, DataIndex)] = []
        while inserted < 2 * budget {
            let chunk = factory.chunk(maxRows: 50, timeSpan: 10_000, staticChance: 0.02)
            inserted += chunk.rowCount * 40
            _ = try store.insert(chunk)
            _ = store.gc(targetBytes: budget)
            #expect(store.totalBytes <= budget)
            if chunk.isStatic {
                for column in chunk.components {
                    if let row = store.staticCell(entity: chunk.entityPath, component: column.descriptor.component) {
                        staticCells.append((chunk.entityPath, column.descriptor.component, DataIndex(time: row.time, rowID: row.rowID)))
                    }
                }
            }
        }
        #expect(store.statistics.temporalRows > 0)
        // The newest static cell of every (entity, component) is still there.
        var newest: [String: DataIndex] = [:]
        for (entity, name, index) in staticCells {
            let key = "\(entity)|\(name)"
            if newest[key].map({ index.rowID > $0.rowID }) ?? true { newest[key] = index }
        }
        for (key, index) in newest {
            let parts = key.split(separator: "|").map(String.init)
            let row = store.staticCell(entity: EntityPath(parsingForgiving: parts[0]), component: parts[1])
            #expect(row?.rowID == index.rowID)
        }
        let reference = Reference(chunks: store.allChunks)
        var random = factory.random
        try PropertyTests.checkLatestAt(store, reference, &random, queries: 500)
    }
}
