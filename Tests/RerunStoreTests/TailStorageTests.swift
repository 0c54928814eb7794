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
}
