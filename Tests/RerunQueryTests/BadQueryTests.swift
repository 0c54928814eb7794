import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

@Suite struct BadQueryTests {
    func store() throws -> ChunkStore {
        var factory = ChunkFactory(seed: 9)
        var store = ChunkStore()
        _ = try store.insert(makeChunk(entity: "a", rowIDs: [factory.rowID()], timelines: [TestNames.timelines[0]],
                                       times: [[1]], components: ["Thing:x"], cells: [[[1]]]))
        return store
    }

    @Test func unknownTimelineIsAnError() throws {
        let store = try store()
        #expect {
            try store.latestAt(LatestAtQuery(timeline: "nope", at: TimeInt(1)!), entity: "a")
        } throws: { error in
            (error as? QueryError)?.kind == .unknownTimeline && "\(error)".contains("nope") && "\(error)".contains("frame")
        }
        #expect(throws: QueryError.self) {
            try store.range(RangeQuery(timeline: "nope", range: TimeInt(1)!...TimeInt(2)!), entity: "a")
        }
        #expect(throws: QueryError.self) {
            try QueryCache().latestAt(LatestAtQuery(timeline: "nope", at: TimeInt(1)!), entity: "a", in: store)
        }
    }

    @Test func invertedRangeIsAnError() {
        #expect {
            try RangeQuery(timeline: "frame", from: TimeInt(5)!, to: TimeInt(4)!)
        } throws: { error in
            (error as? QueryError)?.kind == .invertedRange && "\(error)".contains("5") && "\(error)".contains("4")
        }
        #expect(throws: Never.self) { try RangeQuery(timeline: "frame", from: TimeInt(4)!, to: TimeInt(4)!) }
    }

    @Test func unknownEntitiesAndComponentsGiveEmptyResults() throws {
        let store = try store()
        let query = LatestAtQuery(timeline: "frame", at: TimeInt(10)!)
        #expect(try store.latestAt(query, entity: "nowhere").isEmpty)
        #expect(try store.latestAt(query, entity: "a", components: ["Nope:nope"]).isEmpty)
        #expect(try store.range(RangeQuery(timeline: "frame", range: TimeInt(0)!...TimeInt(9)!), entity: "nowhere").isEmpty)
        #expect(try store.latestAt(LatestAtQuery(timeline: "frame", at: TimeInt(0)!), entity: "a").isEmpty, "before any data")
    }

    @Test func staticOnlyStoresAnswerOnAnyTimeline() throws {
        var factory = ChunkFactory(seed: 3)
        var store = ChunkStore()
        _ = try store.insert(makeChunk(entity: "s", rowIDs: [factory.rowID()], timelines: [], times: [],
                                       components: ["Thing:x"], cells: [[[7]]]))
        let result = try store.latestAt(LatestAtQuery(timeline: "anything", at: TimeInt(0)!), entity: "s")
        #expect(result["Thing:x"]?.isStatic == true)
        let staticOnly = try store.latestAt(LatestAtQuery(timeline: "anything", at: .staticTime), entity: "s")
        #expect(staticOnly["Thing:x"] != nil)
    }
}
