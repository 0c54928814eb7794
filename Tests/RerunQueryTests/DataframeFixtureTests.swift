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

    @Test("full scans, flags and static queries on every fixture")
    func fixtures() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: DataframeTestSupport.fixtures.path)
            .filter { $0.hasSuffix(".rrd") }.sorted()
            .map { DataframeTestSupport.fixtures.appendingPathComponent($0).path }
        #expect(files.count >= 10)
        var datasets: [(files: [String], queries: [DataframeOracleQuery])] = []
        for file in files {
            let dataset = try DataframeDataset(segments: DataframeTestSupport.segments([file]))
            datasets.append(([file], DataframeFixtureTests.queries(timelines: dataset.timelines.keys.sorted())))
        }
        let coverage = try DataframeTestSupport.compare(datasets)
        #expect(coverage.queries > 100)
        #expect(coverage.rows > 100)
        #expect(coverage.officialErrors == 0)
    }
}
