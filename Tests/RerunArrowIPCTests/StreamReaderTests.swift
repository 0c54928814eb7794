import Foundation
import RerunArrow
import RerunArrowIPC
import RerunTestSupport
import Testing

/// The incremental reader and writer APIs and framing variants.
@Suite struct StreamReaderTests {
    static func smallBatch() throws -> RecordBatch {
        let schema = Schema([Field("x", .int32), Field("s", .utf8)], metadata: ["a": "b"])
        return try RecordBatch(
            schema: schema,
            columns: [TestArrays.primitive(.int32, [1, nil, 3] as [Int32?]), TestArrays.strings(["a", "bc", nil])])
    }

    @Test("the reader yields the schema, then each batch, then nil at the end-of-stream marker")
    func incremental() throws {
        let batch = try Self.smallBatch()
        var writer = try ArrowStreamWriter(schema: batch.schema)
        try writer.write(batch)
        try writer.write(batch.slice(1, 2))
        let bytes = writer.finish()
        var reader = try ArrowStreamReader(Buffer(copying: bytes + [1, 2, 3]))
        #expect(reader.schema == batch.schema)
        let first = try #require(try reader.next())
        #expect(first.rowCount == 3 && first.columns[0].isLogicallyEqual(to: batch.columns[0]))
        let second = try #require(try reader.next())
        #expect(second.rowCount == 2 && second.columns[1].isLogicallyEqual(to: batch.columns[1].slice(1, 2)))
        #expect(try reader.next() == nil)
        #expect(reader.isFinished && reader.sawEndMarker && reader.position == bytes.count)
        #expect(try reader.next() == nil)
        // Bytes after the marker are not ours to read.
        #expect(try ArrowIPC.decodeStream(bytes + [1, 2, 3]).batches.count == 2)
    }

    @Test("a stream without the end-of-stream marker: the reader stops, decodeStream throws")
    func missingEndMarker() throws {
        let batch = try Self.smallBatch()
        var bytes = try ArrowIPC.encodeStream(schema: batch.schema, batches: [batch])
        bytes.removeLast(8)
        var reader = try ArrowStreamReader(Buffer(copying: bytes))
        #expect(try reader.next() != nil)
        #expect(try reader.next() == nil)
        #expect(reader.isFinished && !reader.sawEndMarker)
        #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(bytes) }
    }

    @Test("schema-only streams, empty batches and batches with no columns")
    func degenerate() throws {
        let batch = try Self.smallBatch()
        let schemaOnly = try ArrowIPC.encodeStream(schema: batch.schema, batches: [])
        let decoded = try ArrowIPC.decodeStream(schemaOnly)
        #expect(decoded.schema == batch.schema && decoded.batches.isEmpty)

        let noColumns = try RecordBatch(schema: Schema([]), columns: [], rowCount: 5)
        let bytes = try ArrowIPC.encodeStream(schema: Schema([]), batches: [noColumns])
        #expect(try ArrowIPC.decodeStream(bytes).batches.first?.rowCount == 5)
        let file = try ArrowIPC.encodeFile(schema: Schema([]), batches: [noColumns, noColumns])
        #expect(try ArrowIPC.decodeFile(file).batches.map(\.rowCount) == [5, 5])
    }

    @Test("the writer rejects batches whose types differ from the stream's schema")
    func schemaMismatch() throws {
        let batch = try Self.smallBatch()
        var writer = try ArrowStreamWriter(schema: Schema([Field("x", .int64), Field("s", .utf8)]))
        #expect(throws: ArrowIPCError.self) { try writer.write(batch) }
    }

    @Test("a writer reusing an earlier output's storage produces identical bytes")
    func reuse() throws {
        let batches = try EveryTypeTable.batches()
        let first = try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches)
        var writer = try ArrowStreamWriter(schema: batches[0].schema, reusing: first)
        for batch in batches { try writer.write(batch) }
        #expect(writer.finish() == first)

        // Encoding into the same array again reuses its memory.
        var output: [UInt8] = []
        try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches, into: &output)
        let address = output.withUnsafeBufferPointer { $0.baseAddress }
        try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches, into: &output)
        #expect(output == first)
        #expect(output.withUnsafeBufferPointer { $0.baseAddress } == address)
    }

    @Test("a large batch (8 MB: the huge-page path of the writer) round-trips without copying on read")
    func large() throws {
        let count = 2 << 20
        let values = Buffer(initializingCount: 4 * count) { raw in
            for k in 0..<count { raw.storeBytes(of: Float(k), toByteOffset: 4 * k, as: Float.self) }
        }
        let column = ArrayData(type: .float32, length: count, buffers: [nil, values])
        let schema = Schema([Field("x", .float32, nullable: false)])
        let batch = try RecordBatch(schema: schema, columns: [column])
        var output: [UInt8] = []
        for _ in 0..<2 {
            try ArrowIPC.encodeStream(schema: schema, batches: [batch, batch.slice(5, 1000)], options: .pyarrow, into: &output)
            let decoded = try ArrowIPC.decodeStream(output)
            #expect(decoded.batches.count == 2)
            #expect(decoded.batches[0].columns[0].isLogicallyEqual(to: column))
            #expect(decoded.batches[1].columns[0].isLogicallyEqual(to: column.slice(5, 1000)))
        }
    }

    @Test("legacy framing (no continuation marker) and pyarrow's metadata V4 are read")
    func legacyAndV4() throws {
        let script = #"""
import io, json, pyarrow as pa
t = pa.table({"x": pa.array([1, None, 3], pa.int32()), "s": pa.array(["a", "bc", None])}).replace_schema_metadata({"a": "b"})
out = {}
for name, opts in [("legacy", pa.ipc.IpcWriteOptions(use_legacy_format=True)),
                   ("v4", pa.ipc.IpcWriteOptions(metadata_version=pa.ipc.MetadataVersion.V4))]:
    s = io.BytesIO()
    with pa.ipc.new_stream(s, t.schema, options=opts) as w:
        w.write_table(t)
    out[name] = s.getvalue().hex()
print(json.dumps(out))
"""#
        let cases = try JSONDecoder().decode([String: String].self, from: Oracle.runPython(script))
        let expected = try Self.smallBatch()
        for (name, hex) in cases {
            let decoded = try ArrowIPC.decodeStream(BadInputTests.bytes(hex: hex))
            #expect(decoded.schema == expected.schema, "\(name)")
            let batch = try #require(decoded.batches.first)
            for (g, w) in zip(batch.columns, expected.columns) {
                #expect(g.isLogicallyEqual(to: w), "\(name): \(g) vs \(w)")
            }
        }
    }
}
