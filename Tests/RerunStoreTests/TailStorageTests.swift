import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import Testing

/// Small chunks packed into store-owned arenas, and slow entities' tails growing in place
/// (`TailStorage`).
@Suite struct TailStorageTests {
    /// A chunk with a list<fixed-size-list<float32, 3>> column, a list<utf8> column and a
    /// list<struct<int32, utf8>> column, on two timelines.
    func nestedChunk(_ entity: EntityPath, step: Int64, rows: Int = 1) -> Chunk {
        var points: [Float] = []
        var pointOffsets: [Int32] = [0]
        var labels: [String] = []
        var labelOffsets: [Int32] = [0]
        var ids: [Int32] = []
        var names: [String] = []
        var structOffsets: [Int32] = [0]
        for row in 0..<rows {
            let k = Int(step) % 3 + row
            for i in 0..<k { points += [Float(step), Float(i), Float(row)] }
            pointOffsets.append(pointOffsets.last! + Int32(k))
            for i in 0..<(k % 2 + 1) { labels.append("s\(step)-\(row)-\(i)") }
            labelOffsets.append(Int32(labels.count))
            ids.append(Int32(step) * 10 + Int32(row))
            names.append("n\(step)")
            structOffsets.append(Int32(ids.count))
        }
        let fsl = try! ArrayData.fixedSizeList(values: ArrayData.from(points), size: 3)
        let positions = try! ArrayData.list(values: fsl, offsets: pointOffsets)
        let text = try! ArrayData.list(values: ArrayData.from(labels), offsets: labelOffsets)
        let record = try! ArrayData.struct(fields: [Field("id", .int32), Field("name", .utf8)],
                                           children: [ArrayData.from(ids), ArrayData.from(names)])
        let records = try! ArrayData.list(values: record, offsets: structOffsets)
        let times = (0..<rows).map { step * 100 + Int64($0) }
        return try! Chunk(
            id: .next(), entityPath: entity, rowIDs: (0..<rows).map { _ in RowID.next() },
            timeColumns: [try! TimeColumn(logTime, times: times.map { $0 * 1_000 }), try! TimeColumn(frame, times: times)],
            components: [
                try! ComponentColumn(descriptor: ComponentDescriptor(component: "A:positions"), data: positions),
                try! ComponentColumn(descriptor: ComponentDescriptor(component: "B:labels"), data: text),
                try! ComponentColumn(descriptor: ComponentDescriptor(component: "C:records"), data: records),
            ])
    }

    /// Every stored chunk of `entity`, concatenated in time order, against the inserted ones.
    func expectSameRows(_ store: ChunkStore, _ entity: EntityPath, _ inserted: [Chunk]) throws {
        let stored = store.allChunks.filter { $0.entityPath == entity }
            .sorted { $0.timeColumns[1].time(at: 0) < $1.timeColumns[1].time(at: 0) }
        let all = try Chunk.concatenate(stored)
        let expected = try Chunk.concatenate(inserted)
        #expect(all.rowIDs.isLogicallyEqual(to: expected.rowIDs))
        for i in expected.timeColumns.indices {
            #expect(all.timeColumns[i].times == expected.timeColumns[i].times)
        }
        for i in expected.components.indices {
            #expect(all.components[i].data.isLogicallyEqual(to: expected.components[i].data), "\(expected.components[i].descriptor.component)")
        }
    }

    /// A slow entity's nested columns survive appends in place and moves to larger arenas.
    @Test func slowTailAppendsNestedColumnsInPlace() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var ledger = EventLedger()
        var inserted: [Chunk] = []
        for step in 0..<40 {
            let chunk = nestedChunk("e", step: Int64(step), rows: 1 + step % 3)
            inserted.append(chunk)
            ledger.apply(try store.insert(chunk))
        }
        #expect(store.chunkCount == 1)
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids)
        try expectSameRows(store, "e", inserted)
        let stored = try #require(store.chunks[store.allChunks[0].id])
        #expect(stored.storage != nil)
        #expect(store.statistics.bufferBytes == stored.ownedBytes, "the arena is counted once, exactly")
        #expect(store.statistics(of: "e")?.components["B:labels"]?.temporalCells == inserted.reduce(0) { $0 + $1.rowCount })
    }

    /// Two copies of a store that both extend the same tail never write into each other's rows.
    @Test func copiesOfAStoreExtendTheirOwnTails() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var common: [Chunk] = []
        for step in 0..<6 {
            let chunk = nestedChunk("e", step: Int64(step))
            common.append(chunk)
            _ = try store.insert(chunk)
        }
        var copy = store
        let mine = (6..<12).map { nestedChunk("e", step: Int64($0), rows: 2) }
        let theirs = (6..<12).map { nestedChunk("e", step: Int64($0)) }
        for (a, b) in zip(mine, theirs) {
            _ = try store.insert(a)
            _ = try copy.insert(b)
        }
        try expectSameRows(store, "e", common + mine)
        try expectSameRows(copy, "e", common + theirs)
    }

    /// Snapshots taken between appends keep their rows while the tail grows.
    @Test func snapshotsKeepTheirRows() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var inserted: [Chunk] = []
        var snapshots: [(ChunkStore, [Chunk])] = []
        for step in 0..<20 {
            let chunk = nestedChunk("e", step: Int64(step), rows: 2)
            inserted.append(chunk)
            _ = try store.insert(chunk)
            snapshots.append((store, inserted))
        }
        for (snapshot, rows) in snapshots { try expectSameRows(snapshot, "e", rows) }
    }

    /// Leveled compaction copies a group straight into one arena; answers and accounting hold.
    @Test func leveledMergesPackOnce() throws {
        var store = ChunkStore()
        var ledger = EventLedger()
        var inserted: [Chunk] = []
        for step in 0..<64 {
            let chunk = nestedChunk("e", step: Int64(step))
            inserted.append(chunk)
            ledger.apply(try store.insert(chunk))
        }
        #expect(store.chunkCount < 16)
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids)
        try expectSameRows(store, "e", inserted)
        _ = store.gc(targetBytes: 0)
        #expect(store.statistics.bufferBytes == 0)
    }

    /// Columns with nulls are packed the general way and still merge correctly.
    @Test func nullsTakeTheGeneralPath() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var plain = ChunkStore(config: .noCompaction)
        for step in 0..<30 {
            let chunk = scalarChunk("e", times: [Int64(step), Int64(step)], values: [step % 4 == 0 ? nil : 1.5, 2.5])
            _ = try store.insert(chunk)
            _ = try plain.insert(chunk)
        }
        for t in 0..<30 {
            let a = store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
            let b = plain.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
            #expect(a?.rowID == b?.rowID)
        }
        #expect(store.statistics(of: "e")?.components["Scalars:scalars"]?.temporalCells
            == plain.statistics(of: "e")?.components["Scalars:scalars"]?.temporalCells)
    }

    /// A slow entity's new rows at the time of the tail's last row: appended in place only when
    /// their row id is larger (the tail stays sorted by (time, row id)); otherwise the store
    /// keeps every timeline sorted another way. Answers match a store that merges nothing.
    @Test func tiedTimesAtTheTailBoundary() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        var plain = ChunkStore(config: .noCompaction)
        var ledger = EventLedger()
        // Row ids from a fixed sequence: the chunk at step 5 reuses an older id slot (smaller
        // than the tail's last), at a time equal to the tail's last time.
        for step in 0..<12 {
            let id: UInt64 = step == 5 ? 1 : UInt64(10 + step)
            let time: Int64 = step < 6 ? Int64(step / 2) : Int64(step)
            let chunk = scalarChunk("e", times: [time], values: [Double(step)], ids: rowIDs(1, start: id))
            ledger.apply(try store.insert(chunk))
            _ = try plain.insert(chunk)
        }
        #expect(Set(store.allChunks.map(\.id)) == ledger.ids)
        for stored in store.chunks.values {
            for timeline in stored.timelines where timeline.isSorted {
                #expect(ChunkTimeline.isSorted(timeline.column, stored.chunk), "declared sorted, is not")
            }
        }
        for t in 0..<13 {
            let a = store.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
            let b = plain.latestAt(entity: "e", component: "Scalars:scalars", timeline: "frame", at: TimeInt(Int64(t))!)
            #expect(a?.rowID == b?.rowID, "t = \(t)")
        }
        #expect(store.statistics(of: "e")?.temporalRows == 12)
    }

    /// Entity data shared by copies of a store (copy-on-write) changes only in the copy that
    /// inserts: statistics, indexes and modification logs of the other stay as they were.
    @Test func entityDataIsCopiedOnWrite() throws {
        var store = ChunkStore(config: ChunkStoreConfig(idleInserts: 1))
        for step in 0..<4 { _ = try store.insert(nestedChunk("e", step: Int64(step))) }
        let before = store
        let stamp = store.modificationStamp(of: "e")
        let statistics = store.statistics(of: "e")
        let range = store.timeRange(of: "e", timeline: "frame")
        _ = try store.insert(nestedChunk("e", step: 4, rows: 2))
        _ = try store.insert(scalarChunk("e", times: [1], values: [1]))
        #expect(before.modificationStamp(of: "e") == stamp)
        #expect(before.statistics(of: "e") == statistics)
        #expect(before.timeRange(of: "e", timeline: "frame") == range)
        #expect(before.components(of: "e", timeline: "frame").count == 3)
        #expect(store.components(of: "e", timeline: "frame").count == 4)
        #expect(store.statistics(of: "e")?.temporalRows == 7)
        #expect(before.modifications(of: "e", after: stamp)?.isEmpty == true)
        #expect(store.modifications(of: "e", after: stamp)?.count == 2)
    }
}
