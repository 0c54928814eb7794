import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import Testing

@Suite struct InsertTests {
    @Test func unsortedChunkIsSortedOnItsFirstTimeline() throws {
        var store = ChunkStore()
        let chunk = scalarChunk("e", times: [3, 1, 2])
        let events = try store.insert(chunk)
        #expect(events.count == 1)
        guard case .added(let added, .inserted) = events[0] else { Issue.record("expected an insertion"); return }
        #expect(added.id == chunk.id)
        #expect(added.timeColumns[0].times == [1, 2, 3])
        #expect(store.chunks[chunk.id]?.timeline("frame")?.isSorted == true)
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(2)!))
        #expect(row.time == TimeInt(2)!)
    }

    @Test func chunkSortedOnOneTimelineKeepsItsOrderAndGetsAPermutation() throws {
        var store = ChunkStore()
        let chunk = try Chunk(
            id: .next(), entityPath: "e", rowIDs: rowIDs(3, start: 0),
            timeColumns: [try TimeColumn(frame, times: [1, 2, 3]), try TimeColumn(logTime, times: [30, 10, 20])],
            components: [scalarColumn([1, 2, 3])])
        _ = try store.insert(chunk)
        let stored = try #require(store.chunks[chunk.id])
        #expect(stored.timeline("frame")?.order == nil)
        #expect(stored.timeline("log_time")?.order == [1, 2, 0])
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "log_time", at: TimeInt(25)!))
        #expect(row.row == 2 && row.time == TimeInt(20)!)
        let runs = store.range(entity: "e", component: "Scalars:scalars", timeline: "log_time", in: TimeInt(0)!...TimeInt(100)!)
        #expect(runs.map(\.rows) == [1..<3, 0..<1], "runs follow log_time order: rows 1, 2, then 0")
    }

    @Test func equalTimesAreOrderedByRowID() throws {
        var store = ChunkStore(config: .noCompaction)
        let ids = rowIDs(3, start: 0)
        // Same time, row ids out of order: the largest row id wins.
        let chunk = scalarChunk("e", times: [5, 5, 5], values: [1, 2, 3], ids: [ids[2], ids[0], ids[1]])
        _ = try store.insert(chunk)
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5)!))
        #expect(row.rowID == ids[2])
    }

    @Test func largeChunksAreSplitIntoZeroCopyPieces() throws {
        var store = ChunkStore()
        let n = 10_000
        let chunk = scalarChunk("e", times: (0..<n).map(Int64.init), ids: rowIDs(n, start: 0))
        let events = try store.insert(chunk)
        #expect(events.count == 3)
        for event in events {
            guard case .added(let piece, .split(let of)) = event else { Issue.record("expected split pieces"); continue }
            #expect(of == chunk.id)
            #expect(piece.rowCount <= 4096)
            #expect(piece.rowIDs.buffers[1]!.isIdentical(to: chunk.rowIDs.buffers[1]!), "pieces share the buffers")
        }
        #expect(events.map(\.chunk.rowCount) == [4096, 4096, 1808])
        #expect(store.statistics.bufferBytes == bufferBytes(chunk), "shared buffers are counted once")
        #expect(store.statistics(of: "e")?.temporalRows == n)
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5000)!))
        #expect(row.time == TimeInt(5000)! && row.chunk.id == events[1].chunk.id)
        let runs = store.range(entity: "e", component: "Scalars:scalars", timeline: "frame", in: TimeInt(4000)!...TimeInt(8200)!)
        #expect(runs.map(\.count) == [96, 4096, 9])
    }

    @Test func chunksOverTheByteLimitAreSplitByBytes() throws {
        var store = ChunkStore()
        let rows = 20
        let chunk = try Chunk(id: .next(), entityPath: "images", rowIDs: rowIDs(rows, start: 0),
                              timeColumns: [try TimeColumn(frame, times: (0..<rows).map(Int64.init))],
                              components: [blobColumn(rows: rows, bytesPerRow: 1 << 20)])
        let events = try store.insert(chunk)
        #expect(events.count == 7)
        for event in events { #expect(event.chunk.logicalByteCount <= 4 << 20) }
        #expect(events.reduce(0) { $0 + $1.chunk.rowCount } == rows)
        #expect(store.statistics.bufferBytes == bufferBytes(chunk))
    }

    @Test func chunksUnsortedOnSomeTimelineUseTheSmallerRowLimit() throws {
        var store = ChunkStore()
        let n = 3000
        let chunk = try Chunk(
            id: .next(), entityPath: "e", rowIDs: rowIDs(n, start: 0),
            timeColumns: [try TimeColumn(frame, times: (0..<n).map(Int64.init)),
                          try TimeColumn(logTime, times: (0..<n).map { Int64(($0 * 7919) % n) })],
            components: [scalarColumn((0..<n).map(Double.init))])
        let events = try store.insert(chunk)
        #expect(events.map(\.chunk.rowCount) == [1024, 1024, 952])
    }

    @Test func smallChunksAreCompactedWithinTheLimits() throws {
        var store = ChunkStore(config: ChunkStoreConfig(maxRows: 64))
        var ledger = EventLedger()
        var compactions = 0
        for i in 0..<250 {
            let times = (0..<4).map { Int64(i * 4 + $0) }
            let events = try store.insert(scalarChunk("e", times: times, ids: rowIDs(4, start: UInt64(i * 4))))
            ledger.apply(events)
            compactions += events.filter { if case .added(_, .compaction) = $0 { true } else { false } }.count
        }
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids)
        #expect(compactions == 15, "every 16 small chunks merge into one full 64-row chunk")
        #expect(store.allChunks.allSatisfy { $0.rowCount <= 64 })
        #expect(store.chunkCount == 15 + 10)
        #expect(store.statistics(of: "e")?.temporalRows == 1000)
        for t in [0, 5, 59, 60, 61, 555, 999, 5000] {
            let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!))
            #expect(row.time == TimeInt(Int64(min(t, 999)))!)
        }
        let runs = store.range(entity: "e", component: "Scalars:scalars", timeline: "frame", in: TimeInt(0)!...TimeInt(999)!)
        #expect(runs.reduce(0) { $0 + $1.count } == 1000)
        #expect(runs.count == 25)
    }

    @Test func aStreamOfTinyChunksIsCompactedInLevels() throws {
        var store = ChunkStore()
        var merges = 0
        for i in 0..<4096 {
            let events = try store.insert(scalarChunk("e", times: [Int64(i)]))
            merges += events.filter { if case .added(_, .compaction) = $0 { true } else { false } }.count
        }
        // 16 × 16 × 16 = 4096: three levels of merges end in one full chunk.
        #expect(store.chunkCount == 1)
        #expect(store.allChunks[0].rowCount == 4096)
        #expect(merges == 256 + 16 + 1)
        #expect(store.allChunks[0].timeColumns[0].isSorted)
    }

    @Test func pendingSmallChunksCanBeCompactedOnDemand() throws {
        var store = ChunkStore()
        var ledger = EventLedger()
        for step in 0..<5 {
            for e in 0..<10 {
                ledger.apply(try store.insert(scalarChunk(EntityPath("e\(e)"), times: [Int64(step)])))
            }
        }
        #expect(store.chunkCount == 50, "fewer than the fan-out per entity: nothing merged yet")
        let events = try store.compactPendingChunks()
        ledger.apply(events)
        #expect(store.chunkCount == 10)
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids)
        #expect(store.statistics.temporalRows == 50)
        for e in 0..<10 {
            let row = try #require(store.latestAt(entity: EntityPath("e\(e)"), component: "Scalars:scalars", timeline: "frame", at: TimeInt(3)!))
            #expect(row.time == TimeInt(3)!)
        }
        #expect(try store.compactPendingChunks().isEmpty)
    }

    @Test func largeChunksAreNeverCopiedByCompaction() throws {
        var store = ChunkStore()
        for i in 0..<20 {
            let chunk = try Chunk(id: .next(), entityPath: "images", rowIDs: rowIDs(1, start: UInt64(i)),
                                  timeColumns: [try TimeColumn(frame, times: [Int64(i)])],
                                  components: [blobColumn(rows: 1, bytesPerRow: 600_000)])
            let events = try store.insert(chunk)
            #expect(events.count == 1)
        }
        #expect(store.chunkCount == 20)
    }

    @Test func staticDataKeepsTheLastWriteByRowID() throws {
        var store = ChunkStore()
        let ids = rowIDs(3, start: 100)
        let a = scalarChunk("e", times: [0], values: [1], ids: [ids[1]], timeline: Timeline("", .sequence))
        let b = scalarChunk("e", times: [0], values: [2], ids: [ids[0]], timeline: Timeline("", .sequence))
        let c = scalarChunk("e", times: [0], values: [3], ids: [ids[2]], timeline: Timeline("", .sequence))
        #expect(a.isStatic)
        #expect(try store.insert(a).count == 1)
        #expect(try store.insert(b).isEmpty, "an older static write changes nothing")
        let events = try store.insert(c)
        #expect(events.count == 2)
        guard case .removed(let removed, .staticOverwritten) = events[1] else { Issue.record("expected a removal"); return }
        #expect(removed.id == a.id)
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(0)!))
        #expect(row.isStatic && row.rowID == ids[2])
        #expect(store.statistics.staticChunks == 1)
        #expect(store.statistics(of: "e")?.staticRows == 1)
    }

    @Test func staticChunkStaysWhileItWinsAnyComponent() throws {
        var store = ChunkStore()
        let ids = rowIDs(2, start: 0)
        let both = try Chunk(id: .next(), entityPath: "e", rowIDs: [ids[0]], components: [
            scalarColumn([1], name: "A:a"), scalarColumn([2], name: "B:b"),
        ])
        let onlyA = try Chunk(id: .next(), entityPath: "e", rowIDs: [ids[1]], components: [scalarColumn([3], name: "A:a")])
        _ = try store.insert(both)
        #expect(try store.insert(onlyA).count == 1, "the first chunk still holds B:b")
        #expect(store.staticCell(entity: "e", component: "A:a")?.chunk.id == onlyA.id)
        #expect(store.staticCell(entity: "e", component: "B:b")?.chunk.id == both.id)
    }

    @Test func staticShadowsTemporal() throws {
        var store = ChunkStore()
        _ = try store.insert(scalarChunk("e", times: [10], values: [1]))
        _ = try store.insert(scalarChunk("e", times: [0], values: [2], timeline: Timeline("", .sequence)))
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(20)!))
        #expect(row.isStatic)
        #expect(store.range(entity: "e", component: "Scalars:scalars", timeline: "frame", in: TimeInt(0)!...TimeInt(20)!).count == 1)
    }

    @Test func badChunksAndDuplicates() throws {
        var store = ChunkStore()
        let chunk = scalarChunk("e", times: [1, 2])
        #expect(try store.insert(chunk).count == 1)
        #expect(try store.insert(chunk).isEmpty, "duplicate ids are ignored")
        #expect(store.hasSeen(chunkID: chunk.id))
        let conflicting = scalarChunk("e", times: [1], timeline: Timeline("frame", .timestamp))
        #expect(throws: StoreError.self) { try store.insert(conflicting) }
        #expect(store.chunkCount == 1)
        let empty = try Chunk(id: .next(), entityPath: "e", rowIDs: [], timeColumns: [try TimeColumn(frame, times: [])],
                              components: [scalarColumn([])])
        #expect(try store.insert(empty).isEmpty)
    }

    @Test func copiesAreIndependentSnapshots() throws {
        var store = ChunkStore()
        _ = try store.insert(scalarChunk("e", times: [1]))
        let snapshot = store
        _ = try store.insert(scalarChunk("e", times: [2]))
        _ = try store.insert(scalarChunk("f", times: [3]))
        #expect(snapshot.statistics.temporalRows == 1)
        #expect(snapshot.entityPaths == ["e"])
        #expect(snapshot.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5)!)?.time == TimeInt(1)!)
        #expect(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(5)!)?.time == TimeInt(2)!)
        #expect(store.statistics.temporalRows == 3)
        #expect(snapshot.modificationStamp(of: "e") != store.modificationStamp(of: "e"))
        #expect(store.modifications(of: "e", after: snapshot.modificationStamp(of: "e"))?.count == 1,
                "one compaction, recorded as the inserted rows")
        #expect(snapshot.modifications(of: "e", after: store.modificationStamp(of: "e")) == nil)
    }

    @Test func sparseColumnsAreSearchedForTheLastCell() throws {
        var store = ChunkStore()
        let n = 100
        let values: [Double?] = (0..<n).map { $0 % 10 == 3 ? Double($0) : nil }
        _ = try store.insert(scalarChunk("e", times: (0..<n).map(Int64.init), values: values))
        let row = try #require(store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(52)!))
        #expect(row.time == TimeInt(43)!)
        let runs = store.range(entity: "e", component: "Scalars:scalars", timeline: "frame", in: TimeInt(0)!...TimeInt(99)!)
        #expect(runs.count == 10 && runs.allSatisfy { $0.count == 1 })
        #expect(store.statistics(of: "e")?.components["Scalars:scalars"]?.temporalCells == 10)
    }
}
