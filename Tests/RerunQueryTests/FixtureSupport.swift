import Foundation
import RerunChunk
import RerunRRD
import RerunTestSupport

/// The chunks of one of the official fixtures in `Tests/Fixtures/rrd`.
func fixtureChunks(_ name: String) throws -> [Chunk] {
    let path = Oracle.repositoryRoot.appendingPathComponent("Tests/Fixtures/rrd").appendingPathComponent(name).path
    var chunks: [Chunk] = []
    try RRDReader.read(.file(path)) { event in
        if case .message(.arrow(let message), _, _, _) = event { chunks.append(message.chunk) }
    }
    return chunks
}

/// Every `.rrd` fixture name.
var allFixtureNames: [String] {
    let directory = Oracle.repositoryRoot.appendingPathComponent("Tests/Fixtures/rrd").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".rrd") }.sorted()
}
