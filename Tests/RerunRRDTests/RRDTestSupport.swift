import Foundation
import RerunRRD

/// Decodes a whole byte string, returning every event; throws what `next()`/`finish()` throw.
func decodeAll(_ bytes: [UInt8], chunkSize: Int = .max) throws -> [RRDDecoder.Event] {
    var decoder = RRDDecoder()
    var events: [RRDDecoder.Event] = []
    var start = 0
    repeat {
        let end = min(bytes.count, start + max(chunkSize, 1))
        decoder.push(bytes[start..<end])
        while let event = try decoder.next() { events.append(event) }
        start = end
    } while start < bytes.count
    try decoder.finish()
    return events
}

/// Decodes as far as possible: the events delivered before an error, and the error.
func decodePrefix(_ bytes: [UInt8]) -> (events: [RRDDecoder.Event], error: RRDError?) {
    var decoder = RRDDecoder()
    var events: [RRDDecoder.Event] = []
    decoder.push(bytes)
    do {
        while let event = try decoder.next() { events.append(event) }
        try decoder.finish()
        return (events, nil)
    } catch {
        return (events, error)
    }
}

/// The log messages among `events`.
func messages(_ events: [RRDDecoder.Event]) -> [LogMsg] {
    events.compactMap { if case .message(let m, _, _, _) = $0 { m } else { nil } }
}

/// Re-encodes every message of `events` with our encoder.
func reencode(_ events: [RRDDecoder.Event], compression: RRDCompression) throws -> [UInt8] {
    var encoder = RRDEncoder(compression: compression)
    var out: [UInt8] = []
    for message in messages(events) { out += try encoder.encode(message) }
    out += try encoder.finish()
    return out
}

func readFixture(_ url: URL) throws -> [UInt8] {
    Array(try Data(contentsOf: url))
}

import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunTestSupport
import Testing

/// One chunk as the official reader (`rerun.chunk.RrdReader.stream()`) sees it.
struct OfficialChunk {
    let id: String
    let entity: String
    let isStatic: Bool
    let rows: Int
    let batch: RecordBatch
}

/// Every chunk of every store of `path`, read by the official SDK; each record batch travels as
/// an Arrow IPC stream written by pyarrow (length-prefixed, one file).
func officialChunks(_ path: String) throws -> [OfficialChunk] {
    let dir = try Oracle.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let blob = dir.appendingPathComponent("chunks.bin")
    let listing = try Oracle.runPython("""
        import sys, json, struct, pyarrow as pa, rerun as rr
        path, out = sys.argv[1], sys.argv[2]
        reader = rr.chunk.RrdReader(path)
        rows = []
        with open(out, "wb") as f:
            for store in reader.recordings() + reader.blueprints():
                for c in reader.stream(store=store):
                    b = c.to_record_batch()
                    sink = pa.BufferOutputStream()
                    with pa.ipc.new_stream(sink, b.schema) as w:
                        w.write_batch(b)
                    data = sink.getvalue().to_pybytes()
                    f.write(struct.pack("<Q", len(data)) + data)
                    rows.append({"id": c.id, "entity": c.entity_path, "static": c.is_static, "rows": c.num_rows})
        print(json.dumps(rows))
        """, arguments: [path, blob.path])
    struct Row: Decodable { let id: String; let entity: String; let `static`: Bool; let rows: Int }
    let rows = try JSONDecoder().decode([Row].self, from: listing)
    let bytes = Array(try Data(contentsOf: blob))
    var position = 0
    var result: [OfficialChunk] = []
    for row in rows {
        let length = Int(bytes[position..<position + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        position += 8
        let batch = try ArrowIPC.decodeStream(Array(bytes[position..<position + length])).batches[0]
        position += length
        result.append(OfficialChunk(id: row.id, entity: row.entity, isStatic: row.static, rows: row.rows, batch: batch))
    }
    return result
}

/// Decodes `path` with our decoder and expects exactly the official reader's chunks: ids, entity
/// paths, staticness, row counts, column names and every value.
func expectChunksEqualOfficialReader(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let label = URL(fileURLWithPath: path).lastPathComponent
    let official = try officialChunks(path)
    let ours = messages(try decodeAll(Array(Data(contentsOf: URL(fileURLWithPath: path))))).compactMap { m -> Chunk? in
        if case .arrow(let a) = m { a.chunk } else { nil }
    }
    try #require(ours.count == official.count, "\(label): \(ours.count) chunks, official reader \(official.count)", sourceLocation: sourceLocation)
    for (i, (chunk, theirs)) in zip(ours, official).enumerated() {
        #expect("chunk_" + chunk.id.hexString == theirs.id, "\(label) chunk \(i) id", sourceLocation: sourceLocation)
        #expect(chunk.entityPath.description == theirs.entity, "\(label) chunk \(i) entity", sourceLocation: sourceLocation)
        #expect(chunk.isStatic == theirs.isStatic, "\(label) chunk \(i) static", sourceLocation: sourceLocation)
        #expect(chunk.rowCount == theirs.rows, "\(label) chunk \(i) rows", sourceLocation: sourceLocation)
        let mine = chunk.recordBatch()
        #expect(mine.schema.fields.map(\.name) == theirs.batch.schema.fields.map(\.name), "\(label) chunk \(i) columns", sourceLocation: sourceLocation)
        for (field, column) in zip(mine.schema.fields, mine.columns) {
            guard let other = theirs.batch.column(named: field.name) else { continue }
            #expect(column.isLogicallyEqual(to: other), "\(label) chunk \(i) column \(field.name): \(column) vs \(other)", sourceLocation: sourceLocation)
        }
    }
}
