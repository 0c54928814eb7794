import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import Testing

/// Slow entities merge their small chunks on arrival; small chunks are packed into store-owned
/// allocations (`Docs/store.md`, "Compaction").
@Suite struct EagerCompactionTests {
    /// W4l's shape in small: many entities, time-major, one row per chunk.
    @Test func slowEntitiesKeepOneTailChunk() throws {
        var store = ChunkStore()
        var ledger = EventLedger()
        let entities = 300, steps = 5
        for step in 0..<steps {
            for e in 0..<entities {
                ledger.apply(try store.insert(scalarChunk(EntityPath("e\(e)"), times: [Int64(step)])))
            }
        }
        #expect(store.chunkCount == entities, "each entity is idle for 300 ≥ 256 inserts: one chunk each")
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids, "events describe the store's chunks")
        #expect(store.statistics.temporalRows == entities * steps)
        for e in [0, 150, 299] {
            let path = EntityPath("e\(e)")
            #expect(store.statistics(of: path)?.temporalRows == steps)
            #expect(store.statistics(of: path)?.temporalChunks == 1)
            let row = try #require(store.latestAt(entity: path, component: "Scalars:scalars", timeline: "frame", at: TimeInt(3)!))
            #expect(row.time == TimeInt(3)!)
            // Every insert is one modification for caches; merges add none.
            #expect(store.modifications(of: path, after: 0)?.count == steps)
        }
        #expect(try store.compactPendingChunks().isEmpty, "nothing left to merge")
    }

    /// With eager merging on every arrival, out-of-order and multi-timeline chunks give the same
    /// answers as a store that never merges, and the events stay consistent.
    @Test func eagerMergesKeepAnswers() throws {
        var merging = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var plain = ChunkStore(config: .noCompaction)
        var ledger = EventLedger()
        for i in 0..<400 {
            // Scrambled but deterministic: times jump back and forth, 1–3 rows per chunk.
            let entity = EntityPath("e\(i * 7 % 4)")
            let times = (0..<(1 + i % 3)).map { Int64((i * 37 + $0 * 11) % 50) }
            let chunk = scalarChunk(entity, times: times)
            ledger.apply(try merging.insert(chunk))
            _ = try plain.insert(chunk)
        }
        #expect(Set(merging.allChunks.map(\.id)) == ledger.ids)
        #expect(merging.chunkCount < plain.chunkCount)
        #expect(merging.statistics.temporalRows == plain.statistics.temporalRows)
        for e in 0..<4 {
            let entity = EntityPath("e\(e)")
            #expect(merging.statistics(of: entity)?.components["Scalars:scalars"]?.temporalCells
                == plain.statistics(of: entity)?.components["Scalars:scalars"]?.temporalCells)
            for t in -1..<52 {
                let a = merging.latestAt(entity: entity, component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
                let b = plain.latestAt(entity: entity, component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
                #expect(a?.time == b?.time && a?.rowID == b?.rowID, "\(entity) at \(t)")
            }
        }
        // Accounting returns to the seen-ids-and-bookkeeping floor when everything is collected.
        _ = merging.gc(targetBytes: 0)
        #expect(merging.chunkCount == 0)
        #expect(merging.statistics.bufferBytes == 0)
    }

    /// A small inserted chunk is stored as a packed copy: same values, its own allocation, counted
    /// exactly; GC gives its bytes back.
    @Test func smallChunksArePacked() throws {
        var store = ChunkStore()
        let chunk = scalarChunk("e", times: [1, 2, 3], values: [1.5, nil, 3.5])
        _ = try store.insert(chunk)
        let stored = try #require(store.chunk(chunk.id))
        #expect(stored.components[0].data.isLogicallyEqual(to: chunk.components[0].data))
        #expect(stored.rowIDs.isLogicallyEqual(to: chunk.rowIDs))
        #expect(stored.timeColumns[0].times == chunk.timeColumns[0].times)
        let original = chunk.components[0].data.buffers.compactMap { $0 }
        let copy = stored.components[0].data.buffers.compactMap { $0 }
        #expect(!zip(original, copy).contains { $0.isIdentical(to: $1) }, "copied, not shared")
        let owned = try #require(store.chunks[chunk.id]).ownedBytes
        #expect(owned > 0 && store.statistics.bufferBytes == owned)
        _ = store.gc(targetBytes: 0)
        #expect(store.statistics.bufferBytes == 0)
    }
}
