import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import RerunTestSupport
import Testing

/// `ChunkStore.prepare` + `insert(_: PreparedChunk)` against plain `insert(_: Chunk)`: the same
/// events, statistics, accounting and answers.
@Suite struct PreparedChunkTests {
    /// A mix of what insert handles differently: fast and slow entities (leveled and eager
    /// merging, growing tails), unsorted chunks, chunks over the row limit (split), nulls,
    /// static chunks, duplicates and empty chunks.
    func workload(seed: UInt64) -> [Chunk] {
        var random = SplitMix64(seed: seed)
        var chunks: [Chunk] = []
        for step in 0..<600 {
            let entity: EntityPath = random.next() % 3 == 0 ? EntityPath("slow", "\(random.next() % 40)") : "fast"
            let rows = Int(random.next() % 4) + 1
            var times = (0..<rows).map { Int64(step) * 4 + Int64($0) }
            if random.next() % 7 == 0 { times.reverse() }
            if random.next() % 5 == 0 { times = times.map { _ in Int64(step) } }
            let values: [Double?] = (0..<rows).map { random.next() % 6 == 0 ? nil : Double($0) }
            chunks.append(scalarChunk(entity, times: times, values: values))
            switch random.next() % 40 {
            case 0: chunks.append(scalarChunk("big", times: (0..<300).map { Int64(step) + $0 }))
            case 1: chunks.append(scalarChunk("static", times: [0], values: [Double(step)], timeline: Timeline("", .sequence)))
            case 2: chunks.append(chunks[Int(random.next() % UInt64(chunks.count))])
            case 3: chunks.append(scalarChunk("empty", times: [], values: []))
            default: break
            }
        }
        return chunks
    }

    /// Events with fresh ids (splits, merges) reduced to what both stores must agree on.
    func signature(_ events: [StoreEvent]) -> [String] {
        events.map { event in
            switch event {
            case .added(let chunk, .inserted): "added inserted \(chunk.id) \(chunk.rowCount)"
            case .added(let chunk, .split(let of)): "added split of \(of) \(chunk.rowCount)"
            case .added(let chunk, .compaction(let of)): "added compaction of \(of.count) \(chunk.rowCount)"
            case .removed(let chunk, .compacted): "removed compacted \(chunk.rowCount)"
            case .removed(let chunk, let cause): "removed \(cause) \(chunk.id)"
            }
        }
    }

    @Test(arguments: [(1, true), (2, true), (3, false)] as [(UInt64, Bool)])
    func sameEventsAndAnswers(seed: UInt64, packing: Bool) throws {
        let config = ChunkStoreConfig(maxRows: 64, maxRowsIfUnsorted: 32, packInsertedMaxBytes: 1 << 10, idleInserts: 20)
        var plain = ChunkStore(config: config)
        var prepared = ChunkStore(config: config)
        for chunk in workload(seed: seed) {
            let a = try plain.insert(chunk)
            let b = try prepared.insert(ChunkStore.prepare(chunk, config: config, packing: packing))
            #expect(signature(a) == signature(b))
        }
        #expect(plain.statistics == prepared.statistics, "same accounting")
        #expect(plain.chunkCount == prepared.chunkCount)
        #expect(plain.entityPaths == prepared.entityPaths)
        for entity in plain.entityPaths {
            #expect(plain.statistics(of: entity) == prepared.statistics(of: entity))
            for t in stride(from: -1, to: 2500, by: 7) {
                let time = TimeInt(Int64(t))!
                let x = plain.latestAt(entity: entity, component: "Scalars:scalars", timeline: "frame", at: time)
                let y = prepared.latestAt(entity: entity, component: "Scalars:scalars", timeline: "frame", at: time)
                #expect(x?.rowID == y?.rowID)
            }
        }
        _ = plain.gc(targetBytes: plain.totalBytes / 2)
        _ = prepared.gc(targetBytes: prepared.totalBytes / 2)
        #expect(plain.statistics == prepared.statistics, "same garbage collection")
    }

    /// A chunk prepared for another configuration is inserted as if it were not prepared; errors
    /// are thrown by `insert`, as for the plain chunk.
    @Test func otherConfigurationAndErrors() throws {
        var store = ChunkStore()
        let chunk = scalarChunk("e", times: [3, 1, 2])
        let events = try store.insert(ChunkStore.prepare(chunk, config: ChunkStoreConfig(packInsertedMaxBytes: 0)))
        #expect(signature(events) == ["added inserted \(chunk.id) 3"])
        #expect(try store.insert(ChunkStore.prepare(chunk)).isEmpty, "a duplicate is ignored")
        let other = scalarChunk("e", times: [1], timeline: Timeline("frame", .timestamp))
        #expect(throws: StoreError.self) { try store.insert(ChunkStore.prepare(other)) }
        #expect(!store.hasSeen(chunkID: other.id))
    }
}
