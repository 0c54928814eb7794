import RerunArrow
import RerunChunk
import RerunModel
import RerunQuery
import Testing

/// The static chunk the server returns per component is the one with the largest chunk id, even
/// when an older chunk holds the cell with the largest row id (`Docs/dataframe.md`).
@Suite("Dataframe: static chunk selection")
struct DataframeStaticFetchTests {
    static func id(_ n: UInt64) -> TUID { TUID(timeNanos: n, increment: n) }

    static func static_(_ chunkID: UInt64, row: UInt64, _ components: [(String, [Double])]) throws -> Chunk {
        let columns = try components.map { name, values in
            try ComponentColumn(descriptor: ComponentDescriptor(component: name, archetype: "rerun.archetypes.Points2D", componentType: nil),
                                data: ArrayData.list(values: ArrayData.from(values), offsets: [0, Int32(values.count)]))
        }
        return try Chunk(id: id(chunkID), entityPath: "/e", rowIDs: [id(row)], timeColumns: [], components: columns)
    }

    /// `positions` logged static (row 1), then `Points2D.cleared()` static (row 2); the SDK may
    /// flush the two chunks in either order.
    static func positions(clearedChunkID: UInt64, index: String?) throws -> String {
        let data = try static_(2, row: 1, [("Points2D:positions", [1.0])])
        let cleared = try static_(clearedChunkID, row: 2, [("Points2D:positions", []), ("Points2D:radii", [])])
        let scalar = try ComponentColumn(descriptor: ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: nil),
                                         data: ArrayData.list(values: ArrayData.from([5.0]), offsets: [0, 1]))
        let other = try Chunk(id: id(9), entityPath: "/o", rowIDs: [id(9)], timeColumns: [TimeColumn(Timeline("frame", .sequence), times: [1])], components: [scalar])
        let dataset = try DataframeDataset(segmentID: "rec", chunks: [data, cleared, other])
        var reader = try dataset.reader(DataframeQuery(index: index))
        let batch = try #require(try reader.next())
        let column = try #require(batch.column(named: "/e:Points2D:positions"))
        return ArrowJSON.value(column, 0)
    }

    @Test("the newest static chunk is fetched, the largest row id shows", arguments: [nil, "frame"])
    func newestChunkFetched(index: String?) throws {
        // The cleared chunk is older: both chunks are fetched for `positions`, and the cleared
        // cell (larger row id) shows.
        #expect(try DataframeStaticFetchTests.positions(clearedChunkID: 1, index: index) == "[]")
    }

    @Test("only the newest static chunk is fetched for index=None")
    func olderChunkNotFetched() throws {
        // The cleared chunk is newer: only it is fetched, `positions` is locally empty → null.
        #expect(try DataframeStaticFetchTests.positions(clearedChunkID: 3, index: nil) == "null")
    }
}
