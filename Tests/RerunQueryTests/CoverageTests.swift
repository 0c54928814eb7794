import RerunChunk
import RerunModel
import RerunQuery
import RerunStore
import Testing

/// Checks that the random recordings of `PropertyTests` really exercise what they are meant to:
/// splitting, compaction, static overwrites, clears (plain and recursive) that hide data,
/// static answers, empty cells, and ranges that merge overlapping chunks.
@Suite struct CoverageTests {
    @Test func randomRecordingsExerciseEveryFeature() throws {
        var splits = 0, compactions = 0, staticOverwrites = 0
        var hiddenByClear = 0, hiddenByAncestorClear = 0, staticAnswers = 0, emptyCells = 0, fragmentedRanges = 0
        for seed in UInt64(0)..<12 {
            var factory = ChunkFactory(seed: seed)
            var chunks = (0..<120).map { _ in factory.chunk() }
            chunks.shuffle(using: &factory.random)
            var store = ChunkStore(config: ChunkStoreConfig(maxBytes: 3000, maxRows: 40, maxRowsIfUnsorted: 4, compactionFanout: 3))
            for chunk in chunks {
                for event in try store.insert(chunk) {
                    switch event {
                    case .added(_, .split): splits += 1
                    case .added(_, .compaction): compactions += 1
                    case .removed(_, .staticOverwritten): staticOverwrites += 1
                    default: break
                    }
                }
            }
            var random = factory.random
            for _ in 0..<400 {
                let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
                let timeline = TestNames.timelines[random.int(0...2)].name
                let t = TimeInt(Int64(random.int(0...45)))!
                let result = try store.latestAt(LatestAtQuery(timeline: timeline, at: t), entity: entity)
                for name in store.components(of: entity, timeline: timeline).map(\.component) where result[name] == nil {
                    if store.latestAt(entity: entity, component: name, timeline: timeline, at: t) != nil {
                        hiddenByClear += 1
                        if store.latestAt(entity: entity, component: TestNames.clear, timeline: timeline, at: t) == nil {
                            hiddenByAncestorClear += 1
                        }
                    }
                }
                staticAnswers += result.components.values.filter(\.isStatic).count
                emptyCells += result.components.values.filter { $0.instanceCount == 0 }.count
                let range = try store.range(RangeQuery(timeline: timeline, range: TimeInt(0)!...TimeInt(45)!), entity: entity)
                fragmentedRanges += range.components.values.filter { result in
                    zip(result.runs, result.runs.dropFirst()).contains { $0.chunk.id == $1.chunk.id }
                }.count
            }
        }
        #expect(splits > 0)
        #expect(compactions > 0)
        #expect(staticOverwrites > 0)
        #expect(hiddenByClear > 0)
        #expect(hiddenByAncestorClear > 0)
        #expect(staticAnswers > 0)
        #expect(emptyCells > 0)
        #expect(fragmentedRanges > 0, "some ranges interleave rows of overlapping chunks")
    }
}
