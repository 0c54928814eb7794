import Foundation
import RerunQuery
import RerunTestSupport
import Testing

/// Our dataframe results equal the official 0.41 reader's on every fixture.
@Suite("Dataframe: official fixtures")
struct DataframeFixtureTests {
    /// Queries for one file: full scans on each timeline and static, with every flag, time
    /// filters, and resampling with and without latest-at fill.
    static func queries(timelines: [String]) -> [DataframeOracleQuery] {
        var queries: [DataframeOracleQuery] = [
            DataframeOracleQuery(index: nil),
            DataframeOracleQuery(index: nil, tomb: true, empty: true),
        ]
        for timeline in timelines {
            queries += [
                DataframeOracleQuery(index: timeline),
                DataframeOracleQuery(index: timeline, fill: true),
                DataframeOracleQuery(index: timeline, tomb: true, empty: true),
                DataframeOracleQuery(index: timeline, fill: true, tomb: true, empty: true),
            ]
        }
        return queries
    }

    /// Time filters and resampling built from the times in the file: ranges over the first and
    /// second half and one exact value, and resampling at existing values, between them and
    /// outside, with and without fill.
    static func timeQueries(timeline: String, times: [Int64]) -> [DataframeOracleQuery] {
        guard let first = times.first, let last = times.last else { return [] }
        let middle = times[times.count / 2]
        var values = [first, middle, last, first - 1, last + 1]
        if times.count > 1 { values.append(times[0] / 2 + times[1] / 2) }
        var seen = Set<Int64>()
        values = values.filter { seen.insert($0).inserted }
        var queries: [DataframeOracleQuery] = []
        for fill in [false, true] {
            queries += [
                DataframeOracleQuery(index: timeline, from: first, to: middle, fill: fill),
                DataframeOracleQuery(index: timeline, from: middle, to: last, fill: fill, tomb: true),
                DataframeOracleQuery(index: timeline, from: middle, to: middle, fill: fill),
                DataframeOracleQuery(index: timeline, from: middle, fill: fill),
                DataframeOracleQuery(index: timeline, uiv: values, fill: fill),
                DataframeOracleQuery(index: timeline, uiv: [middle], fill: fill, tomb: true, empty: true),
            ]
        }
        return queries
    }

    /// Every distinct time per timeline in `segments`.
    static func times(_ segments: [DataframeSegment]) -> [String: [Int64]] {
        var times: [String: Set<Int64>] = [:]
        for segment in segments {
            for chunk in segment.chunks {
                for column in chunk.timeColumns { times[column.timeline.name, default: []].formUnion(column.times) }
            }
        }
        return times.mapValues { $0.sorted() }
    }

    @Test("full scans, flags and static queries on every fixture")
    func fixtures() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: DataframeTestSupport.fixtures.path)
            .filter { $0.hasSuffix(".rrd") }.sorted()
            .map { DataframeTestSupport.fixtures.appendingPathComponent($0).path }
        #expect(files.count >= 10)
        var datasets: [(files: [String], queries: [DataframeOracleQuery])] = []
        for file in files {
            let segments = try DataframeTestSupport.segments([file])
            let dataset = try DataframeDataset(segments: segments)
            var queries = DataframeFixtureTests.queries(timelines: dataset.timelines.keys.sorted())
            for (timeline, times) in DataframeFixtureTests.times(segments).sorted(by: { $0.key < $1.key }) {
                queries += DataframeFixtureTests.timeQueries(timeline: timeline, times: times)
            }
            // Content filters and column selections.
            if let timeline = dataset.timelines.keys.sorted().first {
                let entities = Array(Set(dataset.componentColumns.map(\.entity).filter { !$0.isProperties })).sorted()
                if let entity = entities.first {
                    queries.append(DataframeOracleQuery(index: timeline, contents: ["\(entity)/**"]))
                    queries.append(DataframeOracleQuery(index: timeline, contents: ["/**", "-\(entity)"], fill: true))
                    queries.append(DataframeOracleQuery(index: nil, contents: ["/**", "/__properties/**"]))
                    queries.append(DataframeOracleQuery(index: timeline, contents: ["/**", "/__properties/**"], fill: true))
                }
                let names = dataset.componentColumns.filter { !$0.isTombstone && !$0.isSemanticallyEmpty && !$0.entity.isProperties }.map(\.name)
                if let name = names.last {
                    queries.append(DataframeOracleQuery(index: timeline, select: [timeline, name]))
                    queries.append(DataframeOracleQuery(index: timeline, select: [name, DataframeIndexName.segment], fill: true))
                }
            }
            datasets.append(([file], queries))
        }
        let coverage = try DataframeTestSupport.compare(datasets)
        #expect(coverage.queries > 400)
        #expect(coverage.rows > 100)
        #expect(coverage.officialErrors == 0)
    }
}

enum DataframeIndexName {
    static let segment = "rerun_segment_id"
}
