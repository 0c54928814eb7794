import Foundation
import RerunArrow
import RerunArrowIPC
import RerunTestSupport
import Testing

/// Real arrow-rs IPC streams: the ArrowMsg payloads of the official Rerun 0.41 `.rrd` fixtures
/// (64-byte aligned, validity bitmaps even without nulls, dense unions, nested lists).
@Suite struct ArrowRSFixtureTests {
    /// Extracts every ArrowMsg payload (LZ4-decoded) of every fixture into `directory`.
    static let extractScript = #"""
import sys, glob, os
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import rrd_ref
fixtures, out = sys.argv[2], sys.argv[3]
k = 0
for path in sorted(glob.glob(os.path.join(fixtures, "*.rrd")) + glob.glob(os.path.join(fixtures, "*.rbl"))):
    data = open(path, "rb").read()
    for stream, kind, offset, payload in rrd_ref.read_messages(data):
        if kind == 2:
            ipc = rrd_ref.decode_arrow_msg(payload)["ipc"]
            open(os.path.join(out, f"{k:03d}.arrows"), "wb").write(ipc)
            k += 1
print(k)
"""#

    /// Reads pairs `original ours` and checks pyarrow sees the same schema (with metadata) and data.
    static let compareScript = #"""
import sys, pyarrow as pa
problems = []
args = sys.argv[1:]
for orig, ours in zip(args[0::2], args[1::2]):
    a = pa.ipc.open_stream(pa.py_buffer(open(orig, "rb").read())).read_all()
    b = pa.ipc.open_stream(pa.py_buffer(open(ours, "rb").read())).read_all()
    b.validate(full=True)
    if not a.schema.equals(b.schema, check_metadata=True):
        problems.append(f"{ours}: schema differs")
    elif not a.equals(b, check_metadata=True):
        problems.append(f"{ours}: data differs")
print("\n".join(problems) if problems else "OK")
"""#

    @Test("we read every arrow-rs stream in the Rerun fixtures zero-copy, and pyarrow reads our re-encoding")
    func fixtures() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = try Oracle.runPython(
            Self.extractScript, arguments: [Oracle.referenceTool, Oracle.fixturesDirectory.path, dir.path])
        let n = Int(String(decoding: count, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(n > 50)
        var pairs: [String] = []
        var sawBitmapWithoutNulls = false
        var sawUnion = false
        var arrowRSStreams = 0
        for k in 0..<n {
            let url = dir.appendingPathComponent(String(format: "%03d.arrows", k))
            let bytes = try [UInt8](Data(contentsOf: url))
            let input = Buffer(copying: bytes)
            let decoded = try ArrowIPC.decodeStream(input)
            #expect(decoded.batches.count == 1)
            let range = input.withUnsafeBytes { raw in
                Int(bitPattern: raw.baseAddress)..<(Int(bitPattern: raw.baseAddress) + raw.count)
            }
            var all64 = true
            for batch in decoded.batches {
                for (field, column) in zip(batch.schema.fields, batch.columns) {
                    try column.validate(path: field.name)
                    Self.forEachBuffer(column) { buffer in
                        let start = buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
                        #expect(range.contains(start) || buffer.count == 0, "\(url.lastPathComponent) \(field.name): buffer was copied")
                        #expect((start - range.lowerBound) % 8 == 0 || buffer.count == 0, "\(url.lastPathComponent) \(field.name): misaligned")
                        if (start - range.lowerBound) % 64 != 0 && buffer.count > 0 { all64 = false }
                    }
                    if Self.containsUnion(column.type) { sawUnion = true }
                }
            }
            // The SDK's streams (arrow-rs) are 64-byte aligned; the reference writer's (pyarrow) are not.
            if all64 { arrowRSStreams += 1 }
            // arrow-rs writes a bitmap for the non-null RowId column; we read it as "no nulls".
            if let rowID = decoded.batches.first?.columns.first, rowID.nullCount == 0, rowID.validity == nil {
                sawBitmapWithoutNulls = true
            }
            for (i, options) in [ArrowIPCWriteOptions.arrowRS, .pyarrow].enumerated() {
                let ours = try ArrowIPC.encodeStream(schema: decoded.schema, batches: decoded.batches, options: options)
                let oursURL = dir.appendingPathComponent(String(format: "%03d.ours%d.arrows", k, i))
                try Data(ours).write(to: oursURL)
                pairs += [url.path, oursURL.path]
            }
        }
        #expect(sawBitmapWithoutNulls && sawUnion)
        #expect(arrowRSStreams > 50)
        let result = try Oracle.runPython(Self.compareScript, arguments: pairs)
        let text = String(decoding: result, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text == "OK", "\(text)")
    }

    static func containsUnion(_ type: DataType) -> Bool {
        if case .denseUnion = type { return true }
        return type.children.contains { containsUnion($0.type) }
    }

    static func forEachBuffer(_ data: ArrayData, _ body: (Buffer) -> Void) {
        for buffer in data.buffers.compactMap({ $0 }) { body(buffer) }
        for child in data.children { forEachBuffer(child, body) }
    }
}
