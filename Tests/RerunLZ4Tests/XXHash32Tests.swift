import Foundation
import RerunLZ4
import RerunTestSupport
import Testing

@Suite("xxHash32")
struct XXHash32Tests {
    /// Published reference values.
    @Test func knownVectors() {
        #expect(XXHash32.hash([UInt8]()) == 0x02CC_5D05)
        #expect(XXHash32.hash(Array("abc".utf8)) == 0x32D1_53FF)
        #expect(XXHash32.hash(Array("test".utf8)) == 1_042_293_711)
        #expect(XXHash32.hash(Array("a".utf8)) == 0x550D_7456)
        #expect(XXHash32.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xE229_3B2F)
    }

    /// Streaming in every split gives the one-shot value.
    @Test func streamingMatchesOneShot() {
        let bytes = TestInputs.random(100, seed: 5)
        for seed: UInt32 in [0, 0x0077_CBA9] {
            let expected = XXHash32.hash(bytes, seed: seed)
            for split in 0...bytes.count {
                var hasher = XXHash32(seed: seed)
                hasher.update(bytes[..<split])
                hasher.update(bytes[split...])
                #expect(hasher.finalize() == expected, "split at \(split)")
            }
            // Byte by byte, and finalize does not consume the state.
            var hasher = XXHash32(seed: seed)
            for (i, byte) in bytes.enumerated() {
                hasher.update([byte])
                #expect(hasher.finalize() == XXHash32.hash(bytes[...i], seed: seed))
            }
        }
    }

    /// Against the `xxhash` Python package on every length 0...100, larger inputs, several seeds.
    @Test func matchesPythonXXHash() throws {
        var inputs: [[UInt8]] = (0...100).map { TestInputs.random($0, seed: UInt64($0) + 100) }
        inputs += [TestInputs.random(1000), TestInputs.random(65_537), TestInputs.text(1 << 20)]
        let seeds: [UInt32] = [0, 1, 0x0077_CBA9, 0xFFFF_FFFF, 0x9E37_79B1]
        var payload = Data()
        for input in inputs {
            var length = UInt32(input.count).littleEndian
            payload.append(Data(bytes: &length, count: 4))
            payload.append(contentsOf: input)
        }
        let script = """
            import sys, json, struct, xxhash
            data = sys.stdin.buffer.read()
            seeds = json.loads(sys.argv[1])
            out, i = [], 0
            while i < len(data):
                (n,) = struct.unpack_from('<I', data, i); i += 4
                chunk = data[i:i + n]; i += n
                out.append([xxhash.xxh32_intdigest(chunk, seed=s) for s in seeds])
            print(json.dumps(out))
            """
        let seedsJSON = "[" + seeds.map(String.init).joined(separator: ",") + "]"
        let output = try runOracle(script, arguments: [seedsJSON], input: payload)
        let expected = try JSONDecoder().decode([[UInt32]].self, from: output)
        try #require(expected.count == inputs.count)
        for (input, row) in zip(inputs, expected) {
            for (seed, value) in zip(seeds, row) {
                #expect(XXHash32.hash(input, seed: seed) == value, "length \(input.count) seed \(seed)")
            }
        }
    }
}
