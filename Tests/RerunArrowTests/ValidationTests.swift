import Testing
@testable import RerunArrow

@Suite struct ValidationTests {
    /// Expects `data.validate(path:)` to throw an error whose message contains every fragment.
    func expectInvalid(
        _ data: ArrayData, path: String = "", _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try data.validate(path: path)
            Issue.record("expected validation to fail (\(fragments))", sourceLocation: sourceLocation)
        } catch {
            for fragment in fragments {
                #expect(error.message.contains(fragment), "\(error.message) should mention \(fragment)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func validDataPasses() throws {
        try HandMade.int32([1, nil, 3]).validate()
        try HandMade.utf8(["a", nil, "héllo", ""]).validate()
        try HandMade.list(HandMade.float64([1, 2, 3]), lengths: [2, nil, 1]).validate()
        try HandMade.int32([1, nil, 3]).slice(1, 2).validate()
        try ArrayData.nulls(of: .struct([Field("a", .utf8), Field("b", .list(Field("item", .int8)))]), length: 5).validate()
        try ArrayData(type: .utf8, length: 0, buffers: [nil, Buffer.empty, Buffer.empty]).validate()
    }

    @Test func wrongBufferCount() {
        expectInvalid(ArrayData(type: .int32, length: 0, buffers: [nil]), "needs 2 buffers")
    }

    @Test func shortValuesBuffer() {
        let data = ArrayData(type: .int64, length: 3, buffers: [nil, Buffer(zeroedCount: 16)])
        expectInvalid(data, path: "column 'x'", "column 'x': ", "values has 16 bytes", "24")
    }

    @Test func shortBitmap() {
        let data = ArrayData(type: .int8, length: 9, nullCount: 0, buffers: [Buffer(zeroedCount: 1), Buffer(zeroedCount: 9)])
        expectInvalid(data, "validity bitmap has 1 bytes")
    }

    @Test func nullCountMismatch() {
        let good = HandMade.int32([1, nil, 3])
        expectInvalid(ArrayData(type: .int32, length: 3, nullCount: 2, buffers: good.buffers), "null count is 2", "1 nulls")
        expectInvalid(ArrayData(type: .int32, length: 3, nullCount: 1, buffers: [nil, good.buffers[1]]), "no validity bitmap")
        expectInvalid(ArrayData(type: .int32, length: 3, nullCount: 4, buffers: good.buffers), "null count 4")
    }

    @Test func nonMonotonicOffsets() {
        let data = ArrayData(type: .utf8, length: 3,
                             buffers: [nil, Buffer(copyingValuesOf: [0, 2, 1, 3] as [Int32]), Buffer(copying: Array("abc".utf8))])
        expectInvalid(data, "offsets[2]=1 is less than offsets[1]=2")
    }

    @Test func offsetsPastTheEnd() {
        let child = HandMade.float64([1, 2, 3])
        let data = ArrayData(type: .list(Field("item", .float64)), length: 2,
                             buffers: [nil, Buffer(copyingValuesOf: [0, 2, 4] as [Int32])], children: [child])
        expectInvalid(data, path: "column 'positions'", "column 'positions': offsets[2]=4 exceeds child length 3")
        let negative = ArrayData(type: .binary, length: 1,
                                 buffers: [nil, Buffer(copyingValuesOf: [-1, 0] as [Int32]), Buffer.empty])
        expectInvalid(negative, "offsets[0]=-1 is negative")
        let short = ArrayData(type: .binary, length: 2, buffers: [nil, Buffer(copyingValuesOf: [0, 1] as [Int32]), Buffer.empty])
        expectInvalid(short, "offsets has 8 bytes, needs at least 12")
    }

    @Test func nestedPathIsNamed() {
        let inner = ArrayData(type: .list(Field("item", .float64)), length: 1,
                              buffers: [nil, Buffer(copyingValuesOf: [0, 120] as [Int32])],
                              children: [HandMade.float64([1])])
        let outer = HandMade.list(inner, lengths: [1])
        expectInvalid(outer, path: "column 'positions'", "column 'positions' > item: offsets[1]=120 exceeds child length 1")
    }

    @Test func invalidUTF8() {
        let bad = ArrayData(type: .utf8, length: 2,
                            buffers: [nil, Buffer(copyingValuesOf: [0, 1, 3] as [Int32]), Buffer(copying: [0x61, 0xC3, 0x28])])
        expectInvalid(bad, "value 1 is not valid UTF-8")
        // A valid character split across two strings is invalid.
        let split = ArrayData(type: .utf8, length: 2,
                              buffers: [nil, Buffer(copyingValuesOf: [0, 1, 2] as [Int32]), Buffer(copying: [0xC3, 0xA9])])
        expectInvalid(split, "value 0 is not valid UTF-8")
        // Garbage behind a null slot is fine.
        let masked = ArrayData(type: .utf8, length: 2,
                               buffers: [HandMade.bitmap([true, false]), Buffer(copyingValuesOf: [0, 1, 2] as [Int32]),
                                         Buffer(copying: [0x61, 0xFF])])
        #expect(throws: Never.self) { try masked.validate() }
        for bytes: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8]] {
            let d = ArrayData(type: .utf8, length: 1,
                              buffers: [nil, Buffer(copyingValuesOf: [0, Int32(bytes.count)]), Buffer(copying: bytes)])
            expectInvalid(d, "not valid UTF-8")
        }
        for s in ["", "a", "é", "€", "𝄞", "ascii only and longer than eight bytes", "mixed é€𝄞 text"] {
            #expect(throws: Never.self) { try HandMade.utf8([s]).validate() }
        }
    }

    @Test func unionChecks() {
        let fields = [Field("i", .int32), Field("s", .utf8)]
        let type = DataType.denseUnion(fields, typeIDs: [3, 7])
        let children = [HandMade.int32([1, 2]), HandMade.utf8(["x"])]
        func union(_ ids: [Int8], _ offsets: [Int32]) -> ArrayData {
            ArrayData(type: type, length: ids.count,
                      buffers: [Buffer(copyingValuesOf: ids), Buffer(copyingValuesOf: offsets)], children: children)
        }
        #expect(throws: Never.self) { try union([3, 7, 3], [0, 0, 1]).validate() }
        expectInvalid(union([3, 5], [0, 0]), "type id 5 at slot 1 is not declared")
        expectInvalid(union([3, 7], [0, 1]), "offsets[1]=1 is out of range for child 's' of length 1")
        expectInvalid(union([3, 7], [-1, 0]), "offsets[0]=-1")
        let mismatched = ArrayData(type: .denseUnion(fields, typeIDs: [3]), length: 0,
                                   buffers: [Buffer.empty, Buffer.empty], children: children)
        expectInvalid(mismatched, "2 fields but 1 type ids")
        let duplicate = ArrayData(type: .denseUnion(fields, typeIDs: [3, 3]), length: 0,
                                  buffers: [Buffer.empty, Buffer.empty], children: children)
        expectInvalid(duplicate, "declared twice")
    }

    @Test func childChecks() {
        let structType = DataType.struct([Field("a", .int32), Field("b", .int32)])
        expectInvalid(ArrayData(type: structType, length: 2, buffers: [nil], children: [HandMade.int32([1, 2])]),
                      "needs 2 children, found 1")
        expectInvalid(ArrayData(type: structType, length: 2, buffers: [nil],
                                children: [HandMade.int32([1, 2]), HandMade.int32([1])]),
                      "child 'b' has length 1")
        expectInvalid(ArrayData(type: structType, length: 1, buffers: [nil],
                                children: [HandMade.int32([1]), HandMade.utf8(["x"])]),
                      "child 1 'b' has type utf8")
        let fsl = DataType.fixedSizeList(Field("item", .int32), size: 3)
        expectInvalid(ArrayData(type: fsl, length: 2, buffers: [nil], children: [HandMade.int32([1, 2, 3, 4, 5])]),
                      "child length 5 is less than", "= 6")
        let negative = DataType.fixedSizeList(Field("item", .int32), size: -1)
        expectInvalid(ArrayData(type: negative, length: 0, buffers: [nil], children: [HandMade.int32([])]), "size -1 is negative")
        expectInvalid(ArrayData(type: .fixedSizeBinary(byteWidth: -2), length: 0, buffers: [nil, Buffer.empty]),
                      "width -2 is negative")
    }

    @Test func overflowIsRejected() {
        let huge = ArrayData(type: .fixedSizeBinary(byteWidth: Int.max / 2), length: 3, buffers: [nil, Buffer.empty])
        expectInvalid(huge, "overflows")
        let fsl = DataType.fixedSizeList(Field("item", .int8), size: Int.max / 2)
        expectInvalid(ArrayData(type: fsl, length: 3, buffers: [nil], children: [ArrayData.nulls(of: .int8, length: 0)]),
                      "overflows")
        expectInvalid(ArrayData(type: .int8, length: Int.max, offset: 2, buffers: [nil, Buffer.empty]), "overflows")
    }

    @Test func misalignedValues() {
        let raw = Buffer(zeroedCount: 40).slice(offset: 1, count: 32)
        expectInvalid(ArrayData(type: .float64, length: 2, buffers: [nil, raw]), "not aligned to 8")
    }

    @Test func describingInvalidDataDoesNotTrap() {
        let bad: [ArrayData] = [
            ArrayData(type: .int64, length: 3, buffers: [nil, Buffer(zeroedCount: 16)]),
            ArrayData(type: .utf8, length: 2, buffers: [nil, Buffer(copyingValuesOf: [0, 9, 1] as [Int32]), Buffer.empty]),
            ArrayData(type: .int8, length: 9, nullCount: 0, buffers: [Buffer(zeroedCount: 1), Buffer(zeroedCount: 9)]),
            ArrayData(type: .list(Field("item", .int32)), length: 1,
                      buffers: [nil, Buffer(copyingValuesOf: [0, 5] as [Int32])], children: [HandMade.int32([1])]),
            ArrayData(type: .denseUnion([Field("a", .int32)], typeIDs: [0]), length: 2,
                      buffers: [Buffer(copyingValuesOf: [0, 4] as [Int8]), Buffer(copyingValuesOf: [7, 0] as [Int32])],
                      children: [HandMade.int32([1])]),
            ArrayData(type: .struct([Field("a", .int32)]), length: 2, buffers: [nil], children: [HandMade.int32([1])]),
        ]
        for data in bad {
            #expect(data.description.contains("<invalid"), "\(data)")
            #expect(throws: ArrowError.self) { try data.validate() }
        }
    }

    @Test func tooDeepNesting() {
        var data = HandMade.int32([1])
        for _ in 0..<70 { data = HandMade.list(data, lengths: [data.length]) }
        expectInvalid(data, "nesting is deeper than 64")
        var ok = HandMade.int32([1])
        for _ in 0..<60 { ok = HandMade.list(ok, lengths: [ok.length]) }
        #expect(throws: Never.self) { try ok.validate() }
    }
}
