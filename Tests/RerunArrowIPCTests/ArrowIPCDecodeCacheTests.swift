import RerunArrow
import RerunArrowIPC
import Testing

/// `ArrowIPCDecodeCache`: field lists are reused only for identical bytes, results equal those
/// of decoding without a cache, and bad input after a cached stream still throws.
@Suite struct ArrowIPCDecodeCacheTests {
    /// A small chunk-like stream: the fields repeat, the schema metadata (`id`) differs per stream.
    static func stream(id: String, names: (String, String) = ("alpha", "bravo"), values: [Int32] = [1, 2, 3]) throws -> [UInt8] {
        let item = Field("item", .float32, nullable: false)
        let schema = Schema(
            [
                Field(names.0, .int32, metadata: ["kind": "index"]),
                Field(names.1, .list(item), metadata: ["kind": "data", "component": "Points:xyz"]),
            ],
            metadata: ["id": id, "path": "/world/points"])
        let floats = TestArrays.primitive(.float32, values.flatMap { [Float($0), Float($0) / 2] } as [Float?])
        let batch = try RecordBatch(
            schema: schema,
            columns: [
                TestArrays.primitive(.int32, values.map { $0 } as [Int32?]),
                TestArrays.list(item, values.map { _ in 2 }, floats),
            ])
        return try ArrowIPC.encodeStream(schema: schema, batches: [batch])
    }

    /// `bytes` with every occurrence of `old` replaced by `new` (of the same length).
    static func replacing(_ old: String, with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        let pattern = Array(old.utf8)
        precondition(pattern.count == new.count)
        var out = bytes
        var i = 0
        while i + pattern.count <= out.count {
            if Array(out[i..<(i + pattern.count)]) == pattern {
                out.replaceSubrange(i..<(i + pattern.count), with: new)
                i += pattern.count
            } else {
                i += 1
            }
        }
        return out
    }

    func expectSame(
        _ a: (schema: Schema, batches: [RecordBatch]), _ b: (schema: Schema, batches: [RecordBatch]),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.schema == b.schema, sourceLocation: sourceLocation)
        #expect(a.batches.count == b.batches.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a.batches, b.batches) {
            #expect(x.rowCount == y.rowCount, sourceLocation: sourceLocation)
            for (p, q) in zip(x.columns, y.columns) {
                #expect(p.isLogicallyEqual(to: q), sourceLocation: sourceLocation)
            }
        }
    }

    @Test("identical field bytes hit the cache, and the result equals an uncached decode")
    func hitOnIdenticalFields() throws {
        var cache = ArrowIPCDecodeCache()
        let first = try Self.stream(id: "chunk_1")
        let second = try Self.stream(id: "chunk_1", values: [7, 8, 9])
        let a = try ArrowIPC.decodeStream(Buffer(copying: first), cache: &cache)
        #expect(cache.hits == 0 && cache.misses == 1 && cache.count == 1)
        let b = try ArrowIPC.decodeStream(Buffer(copying: second), cache: &cache)
        #expect(cache.hits == 1 && cache.misses == 1 && cache.count == 1)
        expectSame(a, try ArrowIPC.decodeStream(first))
        expectSame(b, try ArrowIPC.decodeStream(second))
        #expect(b.batches.first?.columns[0].isLogicallyEqual(to: TestArrays.primitive(.int32, [7, 8, 9] as [Int32?])) == true)
    }

    @Test("schema metadata is read from each stream, never from the cache")
    func metadataPerStream() throws {
        var cache = ArrowIPCDecodeCache()
        for id in ["chunk_1", "chunk_2", "chunk_3"] {
            let bytes = try Self.stream(id: id)
            let decoded = try ArrowIPC.decodeStream(Buffer(copying: bytes), cache: &cache)
            #expect(decoded.schema.metadata["id"] == id)
            expectSame(decoded, try ArrowIPC.decodeStream(bytes))
        }
        // (Our writer lays flatbuffers out breadth first, so its schema metadata falls inside the
        // key region and these miss; arrow-rs, which the official SDK uses, puts it before the
        // fields, and Rerun chunks of one kind hit: see InPlaceDecodeTests on official files.)
    }

    @Test("different fields of the same byte length miss the cache and decode as themselves")
    func missOnSameLengthDifferentFields() throws {
        var cache = ArrowIPCDecodeCache()
        let first = try Self.stream(id: "chunk_1")
        let second = try Self.stream(id: "chunk_2", names: ("gamma", "delta"))
        #expect(first.count == second.count)
        _ = try ArrowIPC.decodeStream(Buffer(copying: first), cache: &cache)
        let b = try ArrowIPC.decodeStream(Buffer(copying: second), cache: &cache)
        #expect(cache.hits == 0 && cache.misses == 2 && cache.count == 2)
        #expect(b.schema.fields.map(\.name) == ["gamma", "delta"])
        expectSame(b, try ArrowIPC.decodeStream(second))
        // A same-length change inside the fields' metadata or types also misses.
        let changedMetadata = Self.replacing("Points:xyz", with: Array("Points:abc".utf8), in: first)
        let c = try ArrowIPC.decodeStream(Buffer(copying: changedMetadata), cache: &cache)
        #expect(cache.misses == 3)
        #expect(c.schema.fields[1].metadata["component"] == "Points:abc")
        // Back to the first: a hit (not the most recent entry, found by hash).
        _ = try ArrowIPC.decodeStream(Buffer(copying: first), cache: &cache)
        #expect(cache.hits == 1 && cache.misses == 3)
    }

    @Test("a full cache forgets its entries and keeps decoding correctly")
    func capacity() throws {
        var cache = ArrowIPCDecodeCache(capacity: 1)
        let first = try Self.stream(id: "chunk_1")
        let second = try Self.stream(id: "chunk_2", names: ("gamma", "delta"))
        for bytes in [first, second, first, second] {
            expectSame(try ArrowIPC.decodeStream(Buffer(copying: bytes), cache: &cache), try ArrowIPC.decodeStream(bytes))
            #expect(cache.count == 1)
        }
        #expect(cache.hits == 0 && cache.misses == 4)
    }

    @Test("corrupt input after a cached stream still throws, and nothing bad is cached")
    func corruptAfterCached() throws {
        var cache = ArrowIPCDecodeCache()
        let good = try Self.stream(id: "chunk_1")
        _ = try ArrowIPC.decodeStream(Buffer(copying: good), cache: &cache)

        // Invalid UTF-8 in a field name (inside the cached key region): a miss, then an error.
        let badName = Self.replacing("alpha", with: [0x61, 0xFF, 0x70, 0x68, 0x61], in: good)
        #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(Buffer(copying: badName), cache: &cache) }
        // Invalid UTF-8 in the schema metadata (outside the key): the fields hit, the metadata throws.
        let badMetadata = Self.replacing("/world/points", with: Array("/world/point".utf8) + [0xC0], in: good)
        #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(Buffer(copying: badMetadata), cache: &cache) }
        // Every truncation throws, with or without the cache.
        for cut in stride(from: 0, to: good.count, by: 7) {
            let prefix = Array(good.prefix(cut))
            #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(Buffer(copying: prefix), cache: &cache) }
            #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(Buffer(copying: prefix)) }
        }
        // A record batch whose list offsets run past the child, after a hit on its fields.
        var badBody = good
        let batch = try #require(try ArrowIPC.decodeStream(good).batches.first)
        let offsets = try #require(batch.columns[1].buffers[1]).bytes
        let at = try #require(Self.firstIndex(of: offsets.prefix(16), in: good))
        badBody[at + 12] = 99  // the last of the four Int32 offsets (0, 2, 4, 6): past the 6 values
        #expect(throws: ArrowIPCError.self) { try ArrowIPC.decodeStream(Buffer(copying: badBody), cache: &cache) }
        // The good stream still decodes from the cache, as without it.
        expectSame(try ArrowIPC.decodeStream(Buffer(copying: good), cache: &cache), try ArrowIPC.decodeStream(good))
    }

    @Test("decodeSingleBatch gives the first batch of decodeStream, with the same cache behaviour")
    func singleBatch() throws {
        var cache = ArrowIPCDecodeCache()
        for (i, bytes) in [try Self.stream(id: "chunk_1"), try Self.stream(id: "chunk_1", values: [4])].enumerated() {
            let single = try #require(try ArrowIPC.decodeSingleBatch(Buffer(copying: bytes), cache: &cache))
            let reference = try ArrowIPC.decodeStream(bytes)
            let batch = try single.recordBatch()
            #expect(batch.schema == reference.schema)
            #expect(batch.rowCount == reference.batches[0].rowCount)
            for (p, q) in zip(batch.columns, reference.batches[0].columns) { #expect(p.isLogicallyEqual(to: q)) }
            #expect(single.fieldsID != nil)
            #expect(cache.hits == i)
        }
        // A schema without a batch.
        let schemaOnly = try ArrowIPC.encodeStream(schema: Schema([Field("x", .int32)]), batches: [])
        #expect(try ArrowIPC.decodeSingleBatch(Buffer(copying: schemaOnly), cache: &cache) == nil)
    }

    static func firstIndex(of pattern: some Collection<UInt8>, in bytes: [UInt8]) -> Int? {
        let p = Array(pattern)
        guard p.count <= bytes.count else { return nil }
        return (0...(bytes.count - p.count)).first { Array(bytes[$0..<($0 + p.count)]) == p }
    }
}
