import Testing
@testable import RerunArrow

@Suite struct BuilderTests {
    @Test func noValidityBitmapWithoutNulls() {
        var ints = PrimitiveBuilder<Int16>()
        ints.append(contentsOf: [1, 2, 3])
        #expect(ints.finish().validity == nil)
        var strings = StringBuilder()
        strings.append("x")
        #expect(strings.finish().validity == nil)
        var bools = BooleanBuilder()
        bools.append(true)
        #expect(bools.finish().validity == nil)
        var lists = ListBuilder(values: PrimitiveBuilder<Int8>())
        lists.append([1])
        let list = lists.finish()
        #expect(list.validity == nil)
        #expect(list.children[0].validity == nil)
    }

    @Test func lateNullMaterializesBitmap() throws {
        var builder = PrimitiveBuilder<Double>()
        for i in 0..<100 { builder.append(Double(i)) }
        builder.appendNull()
        builder.appendNulls(3)
        builder.append(1)
        let data = builder.finish()
        try data.validate()
        #expect(data.nullCount == 4)
        let array = try PrimitiveArray<Double>(data)
        #expect(array[99] == 99)
        #expect(array[100] == nil && array[103] == nil)
        #expect(array[104] == 1)
        // Null slots hold zero bytes.
        #expect(array.value(at: 101) == 0)
    }

    @Test func bulkAppendPaths() throws {
        var builder = PrimitiveBuilder<Float>(capacity: 4)
        builder.append(contentsOf: [1, 2, 3] as [Float])  // contiguous: one copy
        builder.append(contentsOf: (4...6).lazy.map { Float($0) })  // not contiguous
        builder.append(contentsOf: [7, nil] as [Float?])
        [8, 9].withUnsafeBufferPointer { builder.append(contentsOf: $0) }
        builder.reserveCapacity(1000)
        #expect(builder.length == 10)
        let data = builder.finish()
        try data.validate()
        #expect(Array(try PrimitiveArray<Float>(data)) == [1, 2, 3, 4, 5, 6, 7, nil, 8, 9])
    }

    @Test func buildersAreReusableAfterFinish() throws {
        var strings = StringBuilder(capacity: 2, byteCapacity: 8)
        strings.append("first")
        strings.appendNull()
        let first = strings.finish()
        strings.append("second")
        let second = strings.finish()
        #expect(Array(try StringArray(first)) == ["first", nil])
        #expect(Array(try StringArray(second)) == ["second"])
        try second.validate()

        var lists = ListBuilder(values: StringBuilder())
        lists.append(["a"])
        _ = lists.finish()
        lists.append(["b", "c"])
        let again = lists.finish()
        try again.validate()
        #expect(again.describeValues() == #"[["b", "c"]]"#)

        var fsl = FixedSizeListBuilder(values: PrimitiveBuilder<Int32>(), size: 2)
        fsl.append([1, 2])
        _ = fsl.finish()
        fsl.append([3, 4])
        #expect(fsl.finish().describeValues() == "[[3, 4]]")

        var structs = StructBuilder(fields: [Field("a", .int32)])
        structs.withChild(0, as: PrimitiveBuilder<Int32>.self) { $0.append(1) }
        structs.endStruct()
        _ = structs.finish()
        structs.appendNull()
        let nullStruct = structs.finish()
        try nullStruct.validate()
        #expect(nullStruct.describeValues() == "[null]")
    }

    @Test func bigStringsAndGrowth() throws {
        var builder = StringBuilder()
        var expected: [String] = []
        for i in 0..<5000 {
            let s = String(repeating: "é", count: i % 17) + "\(i)"
            expected.append(s)
            builder.append(s)
        }
        let data = builder.finish()
        try data.validate()
        #expect(Array(try StringArray(data)) == expected)
        #expect(data.buffers[1]!.isAligned(to: 64) && data.buffers[2]!.isAligned(to: 64))
    }

    @Test func customFieldsAndTemporalTypes() throws {
        let item = Field("point", .float32, nullable: false, metadata: ["k": "v"])
        var builder = ListBuilder(values: PrimitiveBuilder<Float>(), field: item)
        builder.append([1])
        let data = builder.finish()
        #expect(data.type == .list(item))
        var times = PrimitiveBuilder<Int64>(type: .timestamp(.millisecond, timeZone: "UTC"))
        times.append(5)
        #expect(times.finish().type == .timestamp(.millisecond, timeZone: "UTC"))
    }

    @Test func unionSlotsByOffset() throws {
        var builder = DenseUnionBuilder(fields: [Field("f", .float64)], typeIDs: [1])
        builder.withChild(0, as: PrimitiveBuilder<Double>.self) { $0.append(contentsOf: [10, 20, 30]) }
        builder.appendSlot(child: 0, offset: 2)
        builder.appendSlot(child: 0, offset: 0)
        builder.appendSlot(child: 0, offset: 2)
        let data = builder.finish()
        try data.validate()
        #expect(data.describeValues() == "[f=30.0, f=10.0, f=30.0]")
    }

    @Test func dynamicBuilderWithTypedAccess() throws {
        var builder = DataType.list(Field("item", .utf8)).makeBuilder()
        builder.withBase(as: ListBuilder<AnyArrayBuilder>.self) { list in
            list.values.withBase(as: StringBuilder.self) { $0.append("hi") }
            list.endList()
            list.appendNull()
        }
        let data = builder.finish()
        try data.validate()
        #expect(data.describeValues() == #"[["hi"], null]"#)
    }
}
