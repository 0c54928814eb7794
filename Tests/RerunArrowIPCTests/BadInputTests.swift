import Foundation
import RerunArrow
@testable import RerunArrowIPC
import RerunTestSupport
import Testing

/// Untrusted input: truncation, corruption, absurd lengths and offsets, deep nesting and
/// unsupported features always end in an `ArrowIPCError` that says what and where.
@Suite struct BadInputTests {
    static func validStream(_ options: ArrowIPCWriteOptions = .arrowRS) throws -> [UInt8] {
        let batches = try EveryTypeTable.batches()
        return try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches, options: options)
    }

    /// Decodes as a stream and as a file; whatever decodes must validate.
    static func decodeBoth(_ bytes: [UInt8]) -> (stream: Result<Int, ArrowIPCError>, file: Result<Int, ArrowIPCError>) {
        func run(_ body: () throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch])) -> Result<Int, ArrowIPCError> {
            do {
                let decoded = try body()
                for batch in decoded.batches {
                    for (field, column) in zip(batch.schema.fields, batch.columns) {
                        #expect(throws: Never.self, "decoded column \(field.name) must validate") {
                            try column.validate(path: field.name)
                        }
                    }
                }
                return .success(decoded.batches.count)
            } catch {
                return .failure(error)
            }
        }
        return (run { () throws(ArrowIPCError) in try ArrowIPC.decodeStream(bytes) },
                run { () throws(ArrowIPCError) in try ArrowIPC.decodeFile(bytes) })
    }

    @Test("every proper prefix of a valid stream or file throws, with a byte offset", arguments: [false, true])
    func prefixes(file: Bool) throws {
        let batches = try EveryTypeTable.batches()
        let bytes = file
            ? try ArrowIPC.encodeFile(schema: batches[0].schema, batches: batches, options: .pyarrow)
            : try Self.validStream(.pyarrow)
        let full = Buffer(copying: bytes)
        for length in 0..<bytes.count {
            let prefix = full.slice(offset: 0, count: length)
            do {
                if file { _ = try ArrowIPC.decodeFile(prefix) } else { _ = try ArrowIPC.decodeStream(prefix) }
                Issue.record("prefix of \(length) of \(bytes.count) bytes decoded")
            } catch {
                #expect(error.byteOffset != nil, "\(error)")
                #expect(error.description.contains("at byte"))
            }
        }
        // The whole input decodes.
        if file { _ = try ArrowIPC.decodeFile(full) } else { _ = try ArrowIPC.decodeStream(full) }
    }

    @Test("random byte flips never crash; what decodes validates")
    func byteFlips() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for base in [try Self.validStream(.arrowRS), try Self.validStream(.pyarrow)] {
            var failures = 0
            for _ in 0..<1500 {
                var bytes = base
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[i] = UInt8.random(in: 0...255, using: &rng)
                }
                if case .failure(let error) = Self.decodeBoth(bytes).stream {
                    failures += 1
                    #expect(error.byteOffset.map { $0 >= 0 && $0 <= bytes.count } ?? (error.kind == .unsupported))
                }
            }
            #expect(failures > 0)
        }
    }

    /// Offsets in the metadata that hold lengths or offsets we can corrupt in a targeted way.
    @Test("absurd lengths and offsets in a record batch are rejected by name")
    func absurdNumbers() throws {
        let schema = Schema([Field("xs", .list(Field("item", .int32)))])
        let values = TestArrays.primitive(.int32, [1, 2, 3, 4] as [Int32?])
        let list = TestArrays.list(Field("item", .int32), [1, 3], values)
        let batch = try RecordBatch(schema: schema, columns: [list])
        let bytes = try ArrowIPC.encodeStream(schema: schema, batches: [batch], options: .pyarrow)
        _ = try ArrowIPC.decodeStream(bytes)

        // Patch every 8-byte-aligned Int64 in the batch metadata with absurd values; each must throw or decode validly.
        let absurd: [Int64] = [-1, Int64.max, Int64.min, 1 << 40, 0x7FFF_FFFF, 3, 1000]
        var errors: [String] = []
        for position in stride(from: 0, to: bytes.count - 8, by: 4) {
            for value in absurd {
                var patched = bytes
                withUnsafeBytes(of: value.littleEndian) { for k in 0..<8 { patched[position + k] = $0[k] } }
                if case .failure(let error) = Self.decodeBoth(patched).stream { errors.append(error.description) }
            }
        }
        #expect(errors.contains { $0.contains("outside") })
        #expect(errors.allSatisfy { $0.contains("at byte") || $0.hasPrefix("unsupported") })
    }

    @Test("list offsets that decrease or run past the child are rejected")
    func badOffsets() throws {
        let item = Field("item", .int32)
        let values = TestArrays.primitive(.int32, [1, 2, 3] as [Int32?])
        for offsets: [Int32] in [[0, 2, 1], [0, 1, 4], [-1, 0, 1]] {
            let list = ArrayData(type: .list(item), length: 2, buffers: [nil, Buffer(copyingValuesOf: offsets)], children: [values])
            let schema = Schema([Field("xs", .list(item))])
            // The writer rejects ranges it cannot slice; what it writes, the reader rejects.
            #expect(throws: ArrowIPCError.self, "offsets \(offsets)") {
                let bytes = try ArrowIPC.encodeStream(
                    schema: schema, batches: [RecordBatch(schema: schema, columns: [list])], options: .pyarrow)
                _ = try ArrowIPC.decodeStream(bytes)
            }
        }
    }

    @Test("nesting deeper than the cap is rejected when reading and nothing recurses unboundedly")
    func deepNesting() throws {
        var type = DataType.int32
        for _ in 0..<200 { type = .list(Field("item", type)) }
        let schema = Schema([Field("deep", type)])
        var writer = try ArrowStreamWriter(schema: schema, options: .pyarrow)
        let bytes = writer.finish()  // schema only
        #expect {
            try ArrowIPC.decodeStream(bytes)
        } throws: { error in
            let e = error as! ArrowIPCError
            return e.kind == .invalidMetadata && e.message.contains("nested deeper") && e.byteOffset != nil
        }
    }

    @Test("garbage, empty and tiny inputs throw")
    func garbage() throws {
        var rng = SplitMix64(seed: 42)
        let inputs: [[UInt8]] = [
            [], [0xFF], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],  // 2 GiB of metadata announced
            [0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 16),
            Array("ARROW1\0\0".utf8) + [UInt8](repeating: 0, count: 16) + Array("ARROW1".utf8),
        ] + (0..<200).map { _ in (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        for bytes in inputs {
            let (stream, file) = Self.decodeBoth(bytes)
            if case .success = stream { Issue.record("garbage decoded as a stream: \(bytes)") }
            if case .success = file { Issue.record("garbage decoded as a file: \(bytes)") }
        }
    }

    @Test("unsupported pyarrow types throw 'unsupported' naming the field")
    func unsupportedTypes() throws {
        let script = #"""
import sys, io, json, pyarrow as pa
cases = {
    "dict": pa.array(["a", "b", "a"]).dictionary_encode(),
    "large_str": pa.array(["a", "b", "c"], pa.large_string()),
    "large_bin": pa.array([b"a", b"b", b"c"], pa.large_binary()),
    "large_list": pa.array([[1], [2], []], pa.large_list(pa.int32())),
    "sparse": pa.UnionArray.from_sparse(pa.array([0, 1, 0], pa.int8()), [pa.array([1, 2, 3]), pa.array(["a", "b", "c"])]),
    "map": pa.array([[("k", 1)], [], [("j", 2)]], pa.map_(pa.string(), pa.int32())),
    "decimal": pa.array([1, 2, 3], pa.decimal128(10, 2)),
    "date": pa.array([1, 2, 3], pa.date32()),
    "time": pa.array([1, 2, 3], pa.time32("s")),
    "view": pa.array(["a", "b", "c"], pa.string_view()),
    "nested_in_struct": pa.StructArray.from_arrays([pa.array([1, 2, 3], pa.int64()), pa.array(["x", "y", "z"], pa.large_string())], names=["ok", "bad"]),
}
out = {}
for name, arr in cases.items():
    t = pa.table({name: arr})
    s = io.BytesIO()
    with pa.ipc.new_stream(s, t.schema) as w:
        w.write_table(t)
    out[name] = s.getvalue().hex()
# Body compression.
t = pa.table({"compressed": pa.array(list(range(1000)), pa.int64())})
s = io.BytesIO()
with pa.ipc.new_stream(s, t.schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as w:
    w.write_table(t)
out["compressed"] = s.getvalue().hex()
print(json.dumps(out))
"""#
        let json = try Oracle.runPython(script)
        let cases = try JSONDecoder().decode([String: String].self, from: json)
        #expect(cases.count == 12)
        for (name, hex) in cases.sorted(by: { $0.key < $1.key }) {
            let bytes = Self.bytes(hex: hex)
            #expect {
                try ArrowIPC.decodeStream(bytes)
            } throws: { error in
                let e = error as! ArrowIPCError
                let named = name == "nested_in_struct" ? e.message.contains("'nested_in_struct.bad'") : e.message.contains(name)
                let ok = e.kind == .unsupported && (named || name == "compressed") && e.byteOffset != nil
                if !ok { Issue.record("\(name): \(e)") }
                return ok
            }
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        while let a = chars.next(), let b = chars.next() { out.append(nibble(a) << 4 | nibble(b)) }
        return out
    }
}
