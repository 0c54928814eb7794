import RerunArrow
@testable import RerunArrowIPC
import Testing

/// The internal FlatBuffers codec: round trips, and bounds checks on hostile buffers.
@Suite struct FlatBufferTests {
    static func flatBuffer(_ bytes: [UInt8]) -> FlatBuffer {
        FlatBuffer(bytes: Buffer(copying: bytes), origin: 100, name: "test")
    }

    @Test("tables with every scalar kind, strings, vectors and sub-tables round-trip")
    func roundTrip() throws {
        let bytes = FlatBufferBuilder.serialize(
            .table([
                (0, .bool(true)), (1, .uint8(200)), (2, .int16(-300)), (3, .int32(-70000)),
                (4, .int64(Int64.min)), (5, .object(.string("héllo"))),
                (6, .object(.objects([.string("a"), .string("bc")]))),
                (7, .object(.table([(1, .int32(42))]))),
                (9, .object(.int64Pairs([(1, 2), (3, 4)]))),
                (10, .object(.int32s([7, -8]))),
            ]))
        #expect(bytes.count % 8 == 0)
        let root = try Self.flatBuffer(bytes).root()
        #expect(try root.bool(0, default: false))
        #expect(try root.scalar(1, UInt8.self, default: 0) == 200)
        #expect(try root.scalar(2, Int16.self, default: 0) == -300)
        #expect(try root.scalar(3, Int32.self, default: 0) == -70000)
        #expect(try root.scalar(4, Int64.self, default: 0) == Int64.min)
        #expect(try root.string(5, "s") == "héllo")
        let strings = try #require(try root.vector(6, elementSize: 4, "v"))
        #expect(try (0..<strings.count).map { i throws(ArrowIPCError) in try strings.string(i) } == ["a", "bc"])
        let sub = try #require(try root.table(7, "t"))
        #expect(try sub.scalar(1, Int32.self, default: 0) == 42)
        #expect(try sub.scalar(0, Int32.self, default: -1) == -1)  // absent: default
        #expect(try root.table(8, "absent") == nil)
        let pairs = try #require(try root.vector(9, elementSize: 16, "p"))
        #expect(pairs.load(1, byteOffset: 8, as: Int64.self) == 4)
        #expect(pairs.elements % 8 == 0)  // 16-byte structs are 8-aligned
        let ints = try #require(try root.vector(10, elementSize: 4, "i"))
        #expect(ints.load(1, as: Int32.self) == -8)
    }

    @Test("every truncation of a flatbuffer throws, with an absolute byte offset")
    func truncated() throws {
        let bytes = FlatBufferBuilder.serialize(
            .table([(0, .object(.string("name"))), (1, .object(.objects([.table([(0, .int64(1))])])))]))
        for length in 0..<bytes.count {
            let fb = Self.flatBuffer(Array(bytes[..<length]))
            #expect(throws: ArrowIPCError.self, "prefix \(length)") {
                let root = try fb.root()
                _ = try root.string(0, "name")
                let v = try root.vector(1, elementSize: 4, "v")
                _ = try v?.table(0).scalar(0, Int64.self, default: 0)
            }
        }
    }

    @Test("bad vtables, offsets and lengths are rejected")
    func hostile() throws {
        let cases: [(String, [UInt8])] = [
            ("root offset past the end", [0xFF, 0, 0, 0]),
            ("zero root offset", [0, 0, 0, 0, 0, 0, 0, 0]),
            ("vtable before the start", [8, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0]),
            ("odd vtable size", [4, 0, 0, 0, 252, 255, 255, 255, 5, 0, 4, 0]),
            ("inline size past the end", [4, 0, 0, 0, 4, 0, 0, 0, 6, 0, 0xFF, 0x7F]),
        ]
        for (name, bytes) in cases {
            #expect(throws: ArrowIPCError.self, "\(name)") {
                let root = try Self.flatBuffer(bytes).root()
                _ = try root.scalar(0, Int64.self, default: 0)
            }
        }
        // A vector announcing 2^32 - 1 elements fails before anything is allocated.
        var bytes = FlatBufferBuilder.serialize(.table([(0, .object(.int32s([1, 2, 3])))]))
        let root = try Self.flatBuffer(bytes).root()
        let vector = try #require(try root.vector(0, elementSize: 4, "v"))
        for k in 0..<4 { bytes[vector.elements - 4 + k] = 0xFF }
        #expect(throws: ArrowIPCError.self) { _ = try Self.flatBuffer(bytes).root().vector(0, elementSize: 4, "v") }
        // A field whose inline bytes would extend past the table.
        do {
            let error = try #require(throws: ArrowIPCError.self) {
                _ = try Self.flatBuffer(bytes).root().scalar(0, Int64.self, default: 0)
            }
            #expect(error.byteOffset.map { $0 >= 100 } == true)
        }
    }

    /// A schema whose fields share one child table 8 times at each of 12 levels (a DAG): a naive
    /// walk visits 8^12 fields. The decoder's work budget stops it.
    @Test("shared sub-tables cannot blow up schema decoding")
    func dagBomb() throws {
        var b = [UInt8]()
        func u16(_ v: Int) { b += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: Int) { b += (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        u32(16)  // root → Message table at 16
        // 4: Message vtable: slots version(0) header_type(1) header(2).
        u16(10); u16(12); u16(8); u16(10); u16(4)
        b += [0, 0]  // 14..<16
        // 16: Message table.
        u32(12); u32(36 - 20); u16(Int(IPCFormat.metadataV5)); b += [IPCFormat.HeaderType.schema.rawValue, 0]
        // 28: Schema vtable (fields = slot 1), 36: Schema table.
        u16(8); u16(8); u16(0); u16(4)
        u32(8); u32(44 - 40)
        // 44: fields vector [F0].
        u32(1); u32(84 - 48)
        // 52: Field vtable (type_type 2, type 3, children 5); 68: leaf Field vtable; 80: empty type table vtable.
        u16(16); u16(16); u16(0); u16(0); u16(12); u16(4); u16(0); u16(8)
        u16(12); u16(16); u16(0); u16(0); u16(12); u16(4)
        u16(4); u16(4)
        var typePatches: [(position: Int, leaf: Bool)] = []
        func patch(_ position: Int, _ value: Int) {
            for k in 0..<4 { b[position + k] = UInt8((value >> (8 * k)) & 0xFF) }
        }
        let depth = 12, fanout = 8
        for _ in 0..<depth {
            let p = b.count
            u32(p - 52); typePatches.append((p + 4, false)); u32(0); u32(8)
            b += [IPCFormat.TypeTag.struct_.rawValue, 0, 0, 0]
            u32(fanout)
            for j in 0..<fanout { u32((p + 20 + 4 * fanout) - (p + 20 + 4 * j)) }
        }
        let leaf = b.count
        u32(leaf - 68); typePatches.append((leaf + 4, true)); u32(0); u32(0)
        b += [IPCFormat.TypeTag.null.rawValue, 0, 0, 0]
        let structType = b.count
        u32(structType - 80)
        let nullType = b.count
        u32(nullType - 80)
        for (position, isLeaf) in typePatches { patch(position, (isLeaf ? nullType : structType) - position) }
        while b.count % 8 != 0 { b.append(0) }
        var stream: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        stream += withUnsafeBytes(of: Int32(b.count).littleEndian) { Array($0) }
        stream += b + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        let start = ContinuousClock.now
        let error = try #require(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(stream) }
        #expect(error.message.contains("budget"), "\(error)")
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
