import Foundation
import RerunArrow
import RerunArrowIPC
import RerunTestSupport
import Testing

/// Both directions against pyarrow, for a batch covering every supported type.
@Suite struct PyarrowInteropTests {
    /// Compares decoded batches with the Swift-built expectation, value by value.
    static func expectEqual(_ decoded: (schema: Schema, batches: [RecordBatch]), _ label: String) throws {
        let expected = try EveryTypeTable.batches()
        #expect(decoded.schema == expected[0].schema, "\(label): schema differs:\n\(decoded.schema)\nvs\n\(expected[0].schema)")
        try #require(decoded.batches.count == expected.count, "\(label): \(decoded.batches.count) batches")
        for (b, (got, want)) in zip(decoded.batches, expected).enumerated() {
            #expect(got.rowCount == want.rowCount, "\(label) batch \(b): \(got.rowCount) rows, expected \(want.rowCount)")
            for (field, (g, w)) in zip(want.schema.fields, zip(got.columns, want.columns)) {
                #expect(throws: Never.self, "\(label) batch \(b) column \(field.name) validates") { try g.validate() }
                #expect(
                    g.isLogicallyEqual(to: w),
                    "\(label) batch \(b) column \(field.name):\n got  \(g.describeValues())\n want \(w.describeValues())")
            }
        }
    }

    @Test("we read pyarrow's stream and file output of every type")
    func readPyarrow() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = EveryTypeTablePython.definitions + #"""

import sys, os
batches = expected_batches()
out = sys.argv[1]
with pa.ipc.new_stream(os.path.join(out, "s.arrows"), batches[0].schema) as w:
    for b in batches: w.write_batch(b)
with pa.ipc.new_file(os.path.join(out, "f.arrow"), batches[0].schema) as w:
    for b in batches: w.write_batch(b)
print("written")
"""#
        let output = try Oracle.runPython(script, arguments: [dir.path])
        #expect(String(decoding: output, as: UTF8.self).contains("written"))
        let stream = try [UInt8](Data(contentsOf: dir.appendingPathComponent("s.arrows")))
        let file = try [UInt8](Data(contentsOf: dir.appendingPathComponent("f.arrow")))
        try Self.expectEqual(ArrowIPC.decodeStream(stream), "pyarrow stream")
        try Self.expectEqual(ArrowIPC.decodeFile(file), "pyarrow file")
    }

    /// The Python side of the write direction: reads each path (`.arrows` stream, `.arrow` file)
    /// and compares with `expected_batches()`, including schema and field metadata.
    static let checkScript = EveryTypeTablePython.definitions + #"""

import sys
want = expected_batches()
problems = []
for path in sys.argv[1:]:
    data = pa.py_buffer(open(path, "rb").read())
    if path.endswith(".arrow"):
        r = pa.ipc.open_file(data)
        got = [r.get_batch(i) for i in range(r.num_record_batches)]
    else:
        r = pa.ipc.open_stream(data)
        got = list(r)
    if not r.schema.equals(want[0].schema, check_metadata=True):
        problems.append(f"{path}: schema differs:\n{r.schema}\n--- expected ---\n{want[0].schema}")
    if len(got) != len(want):
        problems.append(f"{path}: {len(got)} batches, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        try:
            g.validate(full=True)
        except Exception as e:
            problems.append(f"{path} batch {i}: invalid: {e}")
        if g.num_rows != w.num_rows:
            problems.append(f"{path} batch {i}: {g.num_rows} rows, expected {w.num_rows}")
            continue
        if not g.equals(w, check_metadata=True):
            for name in w.schema.names:
                gc, wc = g.column(name), w.column(name)
                if not gc.equals(wc):
                    problems.append(f"{path} batch {i} column {name}:\n got  {gc}\n want {wc}")
            if g.schema != w.schema:
                problems.append(f"{path} batch {i}: batch schema differs")
print("\n".join(problems) if problems else "OK")
"""#

    @Test("pyarrow reads our stream and file output of every type", arguments: [
        ArrowIPCWriteOptions(alignment: 8, writeAllValidBitmaps: false),
        ArrowIPCWriteOptions(alignment: 64, writeAllValidBitmaps: true),
        ArrowIPCWriteOptions(alignment: 8, writeAllValidBitmaps: true),
        ArrowIPCWriteOptions(alignment: 64, writeAllValidBitmaps: false),
    ])
    func pyarrowReadsOurs(options: ArrowIPCWriteOptions) throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let batches = try EveryTypeTable.batches()
        let schema = batches[0].schema
        let stream = try ArrowIPC.encodeStream(schema: schema, batches: batches, options: options)
        let file = try ArrowIPC.encodeFile(schema: schema, batches: batches, options: options)
        let streamURL = dir.appendingPathComponent("ours.arrows"), fileURL = dir.appendingPathComponent("ours.arrow")
        try Data(stream).write(to: streamURL)
        try Data(file).write(to: fileURL)
        let result = try Oracle.runPython(Self.checkScript, arguments: [streamURL.path, fileURL.path])
        let text = String(decoding: result, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text == "OK", "\(text)")

        // And we read our own output back.
        try Self.expectEqual(ArrowIPC.decodeStream(stream), "our stream (\(options))")
        try Self.expectEqual(ArrowIPC.decodeFile(file), "our file (\(options))")
    }

    @Test("our writer aligns every message and buffer as asked", arguments: [8, 64])
    func alignment(_ alignment: Int) throws {
        let batches = try EveryTypeTable.batches()
        let bytes = try ArrowIPC.encodeStream(
            schema: batches[0].schema, batches: batches, options: ArrowIPCWriteOptions(alignment: alignment))
        let input = Buffer(copying: bytes)
        let decoded = try ArrowIPC.decodeStream(input)
        let base = input.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        func check(_ data: ArrayData) {
            for buffer in data.buffers.compactMap({ $0 }) where buffer.count > 0 {
                let address = buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
                #expect((address - base) % alignment == 0, "buffer at stream offset \(address - base) of \(data.type)")
            }
            data.children.forEach(check)
        }
        decoded.batches.flatMap(\.columns).forEach(check)
        #expect(bytes.count % alignment == 8 % alignment)  // messages are aligned; the EOS marker is 8 bytes
    }
}
