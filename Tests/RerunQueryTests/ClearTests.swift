import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

/// Hand-made cases of Rerun 0.41's clear semantics (see `ChunkStore.latestAt(_:entity:components:)`).
@Suite struct ClearTests {
    var factory = ChunkFactory(seed: 1)
    let frame = TestNames.timelines[0]

    mutating func data(_ entity: EntityPath, at time: Int64?, _ value: Int64, rowID: RowID? = nil) -> Chunk {
        let id = rowID ?? factory.rowID()
        return makeChunk(entity: entity, rowIDs: [id], timelines: time == nil ? [] : [frame], times: time.map { [[$0]] } ?? [],
                         components: ["Thing:x"], cells: [[[value]]])
    }

    mutating func clear(_ entity: EntityPath, at time: Int64?, recursive: Bool, rowID: RowID? = nil) -> Chunk {
        let id = rowID ?? factory.rowID()
        return makeChunk(entity: entity, rowIDs: [id], timelines: time == nil ? [] : [frame], times: time.map { [[$0]] } ?? [],
                         components: [TestNames.clear], cells: [[[recursive ? 1 : 0]]])
    }

    func value(_ store: ChunkStore, _ entity: EntityPath, at t: Int64) throws -> [Int64]? {
        let result = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(t)!), entity: entity)
        return result["Thing:x"].map { values(of: $0.values) }
    }

    @Test mutating func clearOnTheEntityHidesOlderData() throws {
        var store = ChunkStore()
        _ = try store.insert(data("a", at: 5, 1))
        _ = try store.insert(clear("a", at: 7, recursive: false))
        _ = try store.insert(data("a", at: 9, 2))
        #expect(try value(store, "a", at: 6) == [1])
        #expect(try value(store, "a", at: 7) == nil)
        #expect(try value(store, "a", at: 8) == nil)
        #expect(try value(store, "a", at: 9) == [2])
        let cleared = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(8)!), entity: "a")
        #expect(cleared[TestNames.clear] != nil, "the clear component itself is not hidden")
        #expect(cleared.clearIndex?.time == TimeInt(7)!)
    }

    @Test mutating func recursiveClearOnAnAncestorHidesDescendants() throws {
        var store = ChunkStore()
        _ = try store.insert(data("a/b/c", at: 5, 1))
        _ = try store.insert(clear("a", at: 6, recursive: false))
        #expect(try value(store, "a/b/c", at: 6) == [1], "a non-recursive clear only affects its own entity")
        _ = try store.insert(clear("a", at: 7, recursive: true))
        #expect(try value(store, "a/b/c", at: 6) == [1])
        #expect(try value(store, "a/b/c", at: 7) == nil)
        #expect(try value(store, "x", at: 7) == nil && (try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(7)!), entity: "x")).isEmpty)
        // Only the ancestor's latest clear counts: a later non-recursive clear lifts the recursive one.
        _ = try store.insert(clear("a", at: 8, recursive: false))
        #expect(try value(store, "a/b/c", at: 8) == [1])
        // A recursive clear on the root clears everything.
        _ = try store.insert(clear(.root, at: 10, recursive: true))
        #expect(try value(store, "a/b/c", at: 10) == nil)
    }

    @Test mutating func dataAtTheClearsTimeSurvivesOnlyWithALargerRowID() throws {
        var store = ChunkStore()
        let r1 = factory.rowID(), r2 = factory.rowID(), r3 = factory.rowID()
        _ = try store.insert(data("a", at: 5, 1, rowID: r1))
        _ = try store.insert(clear("a", at: 5, recursive: false, rowID: r2))
        #expect(try value(store, "a", at: 5) == nil, "same time, smaller row id: cleared")
        _ = try store.insert(data("a", at: 5, 2, rowID: r3))
        #expect(try value(store, "a", at: 5) == [2], "same time, larger row id: survives")
    }

    @Test mutating func staticClearsAndStaticData() throws {
        var store = ChunkStore()
        _ = try store.insert(data("a", at: 5, 1))
        _ = try store.insert(clear("a", at: nil, recursive: false))
        #expect(try value(store, "a", at: 100) == nil, "a static clear hides all temporal data")
        _ = try store.insert(data("a", at: nil, 3))
        #expect(try value(store, "a", at: 100) == [3], "static data logged after the static clear survives")

        var other = ChunkStore()
        _ = try other.insert(data("b", at: nil, 4))
        _ = try other.insert(clear("b", at: 5, recursive: false))
        #expect(try value(other, "b", at: 6) == [4], "a temporal clear does not hide static data")
    }

    @Test mutating func emptyListsAreValues() throws {
        var store = ChunkStore()
        _ = try store.insert(data("a", at: 1, 1))
        let empty = makeChunk(entity: "a", rowIDs: [factory.rowID()], timelines: [frame], times: [[2]],
                              components: ["Thing:x"], cells: [[[]]])
        _ = try store.insert(empty)
        let result = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(3)!), entity: "a")
        #expect(result["Thing:x"]?.instanceCount == 0)
        #expect(result["Thing:x"]?.cell.length == 1)
    }

    /// The official fixture: `Clear` (non-recursive on /seg/points, recursive on /seg) at a later frame.
    @Test func annotationsClearFixture() throws {
        var store = ChunkStore()
        for chunk in try fixtureChunks("annotations_clear.rrd") { _ = try store.insert(chunk) }
        let reference = Reference(chunks: store.allChunks)
        let frames = reference.rows.values.flatMap { $0.compactMap { $0.times["frame"] } }
        let last = try #require(frames.max())
        for t in -1...(last + 1) {
            for entity in store.entityPaths {
                let got = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(t)!), entity: entity)
                let expected = reference.latestAt(entity, "frame", t, components: nil)
                #expect(Set(got.components.keys) == Set(expected.keys), "\(entity) @ \(t)")
                for (name, cell) in got.components {
                    #expect(cell.index == expected[name]?.index)
                }
            }
        }
        let atEnd = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(last)!), entity: "seg/points")
        #expect(atEnd["Points2D:positions"] == nil, "the clear hides the points at the last frame")
        let before = try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(last - 1)!), entity: "seg/points")
        #expect(before["Points2D:positions"] != nil)
    }
}
