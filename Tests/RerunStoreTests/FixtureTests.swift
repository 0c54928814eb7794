import Foundation
import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunStore
import RerunTestSupport
import Testing

/// Every official fixture loads into a store; per-entity statistics match the chunks and the
/// official reader.
@Suite struct FixtureTests {
    @Test(arguments: Fixtures.all)
    func fixtureLoadsWithConsistentStatistics(url: URL) throws {
        let chunks = try Fixtures.chunks(url)
        #expect(!chunks.isEmpty)
        var stores: [StoreID: ChunkStore] = [:]
        var ledgers: [StoreID: EventLedger] = [:]
        for (id, chunk) in chunks {
            var store = stores[id] ?? ChunkStore(storeID: id)
            ledgers[id, default: EventLedger()].apply(try store.insert(chunk))
            stores[id] = store
        }
        for (id, store) in stores {
            let mine = chunks.filter { $0.0 == id }.map(\.1)
            #expect(Set(store.allChunks.map(\.id)) == ledgers[id]!.ids, "events describe the store's chunks")
            #expect(Set(store.entityPaths) == Set(mine.map(\.entityPath)))
            for entity in store.entityPaths {
                let stats = try #require(store.statistics(of: entity))
                let temporal = mine.filter { $0.entityPath == entity && !$0.isStatic }
                #expect(stats.temporalRows == temporal.reduce(0) { $0 + $1.rowCount }, "\(url.lastPathComponent) \(entity)")
                // Per component: temporal cells equal the non-null cells of the input chunks.
                var cells: [String: Int] = [:]
                for chunk in temporal {
                    for column in chunk.components {
                        cells[column.descriptor.component, default: 0] += column.data.length - column.data.nullCount
                    }
                }
                for (name, count) in cells {
                    #expect(stats.components[name]?.temporalCells == count, "\(url.lastPathComponent) \(entity) \(name)")
                }
                // Static components: every component that had a static cell.
                let staticNames = Set(mine.filter { $0.entityPath == entity && $0.isStatic }
                    .flatMap { $0.components.filter { $0.data.nullCount < $0.data.length }.map(\.descriptor.component) })
                #expect(Set(store.components(of: entity, timeline: nil).map(\.component)) == staticNames)
                #expect(stats.logicalBytes > 0)
            }
            let totals = store.statistics
            #expect(totals.temporalRows == mine.filter { !$0.isStatic }.reduce(0) { $0 + $1.rowCount })
            // Small chunks are packed into store-owned allocations, counted with their padding.
            #expect(totals.bufferBytes > 0 && totals.bufferBytes <= mine.reduce(0) { $0 + bufferBytes($1) + packingSlack($1) })
            #expect(totals.totalBytes == store.totalBytes)
        }
    }

    /// The official reader agrees on entities, temporal rows and static components.
    @Test func fixturesAgreeWithOfficialReader() throws {
        let script = """
        import json, sys, rerun as rr
        out = {}
        for path in sys.argv[1:]:
            per = {}
            for c in rr.chunk.RrdReader(path).stream().to_chunks():
                e = per.setdefault(c.entity_path, {"temporal": 0, "static": []})
                if c.is_static:
                    for f in c.to_record_batch().schema:
                        if (f.metadata or {}).get(b"rerun:kind") == b"data":
                            e["static"].append(f.name)
                else:
                    e["temporal"] += c.num_rows
            out[path] = {k: {"temporal": v["temporal"], "static": sorted(set(v["static"]))} for k, v in per.items()}
        print(json.dumps(out))
        """
        let files = Fixtures.all.filter { $0.pathExtension == "rrd" }
        let output = try Oracle.runPython(script, arguments: files.map(\.path))
        let official = try JSONSerialization.jsonObject(with: output) as! [String: [String: [String: Any]]]
        for url in files {
            var store = ChunkStore()
            for (_, chunk) in try Fixtures.chunks(url) { _ = try store.insert(chunk) }
            let expected = try #require(official[url.path])
            #expect(Set(store.entityPaths.map(\.description)) == Set(expected.keys), "\(url.lastPathComponent)")
            for (path, value) in expected {
                let entity = EntityPath(parsingForgiving: path)
                let stats = try #require(store.statistics(of: entity))
                #expect(stats.temporalRows == value["temporal"] as! Int, "\(url.lastPathComponent) \(path)")
                #expect(store.components(of: entity, timeline: nil).map(\.component) == value["static"] as! [String],
                        "\(url.lastPathComponent) \(path)")
            }
        }
    }
}

/// Bytes of a chunk's buffers (as referenced, without deduplication).
/// The most padding packing a chunk can add: each buffer aligned to 8 bytes, each of the
/// allocations (one, plus one per time column) padded to 64.
func packingSlack(_ chunk: Chunk) -> Int {
    func buffers(_ data: ArrayData) -> Int { data.buffers.count + data.children.reduce(0) { $0 + buffers($1) } }
    let count = ([chunk.rowIDs] + chunk.timeColumns.map(\.data) + chunk.components.map(\.data)).reduce(0) { $0 + buffers($1) }
    return count * Chunk.packAlignment + (1 + chunk.timeColumns.count) * Buffer.alignment
}

func bufferBytes(_ chunk: Chunk) -> Int {
    func visit(_ data: ArrayData) -> Int {
        data.buffers.reduce(0) { $0 + ($1?.count ?? 0) } + data.children.reduce(0) { $0 + visit($1) }
    }
    return ([chunk.rowIDs] + chunk.timeColumns.map(\.data) + chunk.components.map(\.data)).reduce(0) { $0 + visit($1) }
}
