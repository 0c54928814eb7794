import Foundation
import RerunLZ4
import RerunTestSupport
import Testing

/// Cross-implementation checks against python-lz4 (the reference C library), both directions.
/// Inputs travel over stdin/stdout framed as `u32le length, bytes` records.
@Suite("LZ4 against python-lz4")
struct LZ4OracleTests {
    init() { ignoreBrokenPipes() }

    static func frame(_ records: [[UInt8]]) -> Data {
        var data = Data()
        for record in records {
            var length = UInt32(record.count).littleEndian
            data.append(Data(bytes: &length, count: 4))
            data.append(contentsOf: record)
        }
        return data
    }

    static func unframe(_ data: Data) throws -> [[UInt8]] {
        let bytes = [UInt8](data)
        var records: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            try #require(i + 4 <= bytes.count)
            let length = Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
            i += 4
            try #require(i + length <= bytes.count)
            records.append(Array(bytes[i..<(i + length)]))
            i += length
        }
        return records
    }

    static let pythonPrelude = """
        import sys, struct, lz4.block
        def records(data):
            i = 0
            while i < len(data):
                (n,) = struct.unpack_from('<I', data, i); i += 4
                yield data[i:i + n]; i += n
        def emit(chunks):
            out = bytearray()
            for c in chunks:
                out += struct.pack('<I', len(c)); out += c
            sys.stdout.buffer.write(bytes(out))

        """

    /// Our blocks decode with `lz4.block.decompress(payload, uncompressed_size=N)`.
    @Test func pythonDecompressesOurBlocks() throws {
        let inputs = TestInputs.roundTripCases.map(\.bytes)
        var records: [[UInt8]] = []
        for input in inputs {
            records.append(withUnsafeBytes(of: UInt32(input.count).littleEndian, Array.init))
            records.append(LZ4.compress(input))
        }
        let script = Self.pythonPrelude + """
            rs = list(records(sys.stdin.buffer.read()))
            out = []
            for size, block in zip(rs[0::2], rs[1::2]):
                (n,) = struct.unpack('<I', size)
                out.append(lz4.block.decompress(block, uncompressed_size=n))
            emit(out)
            """
        let decoded = try Self.unframe(runOracle(script, input: Self.frame(records)))
        try #require(decoded.count == inputs.count)
        for (i, (input, output)) in zip(inputs, decoded).enumerated() {
            #expect(output == input, "\(TestInputs.roundTripCases[i].name)")
        }
    }

    /// Blocks from `lz4.block.compress(data, store_size=False)` (default, fast and
    /// high-compression modes) decode with ours.
    @Test(arguments: ["mode='default'", "mode='fast', acceleration=8", "mode='high_compression', compression=9"])
    func weDecompressPythonBlocks(_ mode: String) throws {
        let inputs = TestInputs.roundTripCases.map(\.bytes)
        let script = Self.pythonPrelude + """
            emit([lz4.block.compress(r, store_size=False, \(mode)) for r in records(sys.stdin.buffer.read())])
            """
        let blocks = try Self.unframe(runOracle(script, input: Self.frame(inputs)))
        try #require(blocks.count == inputs.count)
        for (i, (input, block)) in zip(inputs, blocks).enumerated() {
            let name = TestInputs.roundTripCases[i].name
            #expect(try LZ4.decompress(block, uncompressedSize: input.count) == input, "\(name)")
            // A wrong size is always an error, never a silent truncation.
            #expect(throws: LZ4Error.self, "\(name)") {
                try LZ4.decompress(block, uncompressedSize: input.count + 1)
            }
        }
    }

    /// Our compression ratio is close to the reference's on text (same algorithm family).
    @Test func ratioIsComparableToTheReference() throws {
        let input = TestInputs.text(1 << 20)
        let script = Self.pythonPrelude + """
            emit([lz4.block.compress(r, store_size=False) for r in records(sys.stdin.buffer.read())])
            """
        let reference = try Self.unframe(runOracle(script, input: Self.frame([input])))
        let ours = LZ4.compress(input)
        let theirs = try #require(reference.first)
        #expect(Double(ours.count) <= Double(theirs.count) * 1.10, "ours \(ours.count) vs reference \(theirs.count)")
    }
}
