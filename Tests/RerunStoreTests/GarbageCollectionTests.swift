import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import Testing

@Suite struct GarbageCollectionTests {
    /// 40 temporal chunks of 8 KiB of values (inserted out of row-id order) and one static one.
    func filledStore() throws -> (ChunkStore, [Chunk], Chunk) {
        var store = ChunkStore(config: .noCompaction)
        var chunks: [Chunk] = []
        for i in 0..<40 {
            let times = (0..<1024).map { Int64(i * 1024 + $0) }
            chunks.append(scalarChunk(i % 2 == 0 ? "a" : "b", times: times, ids: rowIDs(1024, start: UInt64(i * 1024))))
        }
        let staticChunk = scalarChunk("a", times: [0], values: [42], ids: rowIDs(1, start: 1 << 40), timeline: Timeline("", .sequence))
        var order = chunks
        order.shuffle()
        for chunk in order { _ = try store.insert(chunk) }
        _ = try store.insert(staticChunk)
        return (store, chunks, staticChunk)
    }

    @Test func gcDropsOldestRowIDsFirstDownToTheBudget() throws {
        var (store, chunks, staticChunk) = try filledStore()
        let before = store.totalBytes
        let budget = before / 2
        let events = store.gc(targetBytes: budget)
        #expect(store.totalBytes <= budget)
        #expect(!events.isEmpty)
        let removed = events.map(\.chunk.id)
        #expect(removed == Array(chunks.prefix(removed.count).map(\.id)), "oldest row ids go first")
        for event in events {
            guard case .removed(_, .garbageCollected) = event else { Issue.record("expected GC removals"); return }
        }
        #expect(store.chunk(staticChunk.id) != nil)
        #expect(store.statistics.temporalRows == (40 - removed.count) * 1024)
        #expect(store.gc(targetBytes: budget).isEmpty, "already under budget")
    }

    @Test func gcNeverDropsStaticDataAndAccountingReturnsToTheStart() throws {
        var (store, _, staticChunk) = try filledStore()
        _ = store.gc(targetBytes: 0)
        #expect(store.chunkCount == 1)
        #expect(store.chunk(staticChunk.id) != nil)
        var only = ChunkStore(config: .noCompaction)
        _ = try only.insert(staticChunk)
        #expect(store.statistics.bufferBytes == only.statistics.bufferBytes)
        #expect(store.statistics.logicalBytes == only.statistics.logicalBytes)
        // What remains of the overhead: the ids of chunks seen (for duplicate detection), and the
        // other entity and the modification logs (for caches).
        let logs = { (store: ChunkStore) in store.entities.values.reduce(0) { $0 + $1.log.byteCount } }
        #expect(store.statistics.overheadBytes - only.statistics.overheadBytes
            == 40 * StoreOverhead.chunkID + StoreOverhead.entity + logs(store) - logs(only))
        #expect(store.latestAt(entity: "a", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5)!)?.isStatic == true)
        #expect(store.latestAt(entity: "b", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5)!) == nil)
    }

    @Test func gcProtectsTheNewestRows() throws {
        var (store, chunks, _) = try filledStore()
        _ = store.gc(targetBytes: 0, protectLatest: 1)
        // The newest chunk of each entity survives (it holds the newest row), nothing else temporal.
        let remaining = Set(store.allChunks.filter { !$0.isStatic }.map(\.id))
        #expect(remaining == [chunks[38].id, chunks[39].id])
        _ = store.gc(targetBytes: 0, protectLatest: 2000)
        #expect(Set(store.allChunks.filter { !$0.isStatic }.map(\.id)) == remaining)
    }

    @Test func splitPiecesFreeTheirSharedBuffersWithTheLastPiece() throws {
        var store = ChunkStore()
        let n = 10_000
        let chunk = scalarChunk("e", times: (0..<n).map(Int64.init), ids: rowIDs(n, start: 0))
        let pieces = try store.insert(chunk).map(\.chunk)
        #expect(pieces.count == 3)
        let full = store.statistics.bufferBytes
        #expect(full == bufferBytes(chunk))
        // Dropping one piece frees no buffer bytes: the others still reference them.
        #expect(store.gc(targetBytes: store.totalBytes - 1).count == 1)
        #expect(store.statistics.bufferBytes == full)
        // Freeing half the buffer bytes takes every piece.
        #expect(store.gc(targetBytes: store.totalBytes - full / 2).count == 2)
        #expect(store.statistics.bufferBytes == 0)
    }
}
