import Testing
@testable import RerunArrow

@Suite struct KernelTests {
    @Test func concatenatePrimitivesWithSlicesAndNulls() throws {
        let a = ArrayData.from([1, nil, 3, 4] as [Int32?]).slice(1, 3)
        let b = ArrayData.from([5, 6] as [Int32?])
        let c = ArrayData.from([nil, 8, nil] as [Int32?]).slice(1, 2)
        let result = try ArrayData.concatenate([a, b, c])
        try result.validate()
        #expect(result.offset == 0)
        #expect(Array(try PrimitiveArray<Int32>(result)) == [nil, 3, 4, 5, 6, 8, nil])
        #expect(result.nullCount == 2)
        // No nulls, no bitmap.
        let clean = try ArrayData.concatenate([b, b])
        #expect(clean.validity == nil)
    }

    @Test func concatenateBooleansAtBitOffsets() throws {
        let values: [Bool?] = (0..<40).map { $0 % 7 == 0 ? nil : $0 % 3 == 0 }
        let data = ArrayData.from(values)
        let pieces = [data.slice(3, 10), data.slice(0, 0), data.slice(13, 27)]
        let result = try ArrayData.concatenate(pieces)
        try result.validate()
        #expect(Array(try BooleanArray(result)) == Array(values[3...]))
    }

    @Test func concatenateStringsAndLists() throws {
        let s1 = ArrayData.from(["a", nil, "bcd"] as [String?])
        let s2 = ArrayData.from(["é", "", "f"] as [String?]).slice(1, 2)
        let strings = try ArrayData.concatenate([s1.slice(1, 2), s2])
        try strings.validate()
        #expect(Array(try StringArray(strings)) == [nil, "bcd", "", "f"])

        var builder = ListBuilder(values: PrimitiveBuilder<Float>())
        builder.append([1, 2])
        builder.appendNull()
        builder.append([3])
        builder.append([4, 5, 6])
        let lists = builder.finish()
        let joined = try ArrayData.concatenate([lists.slice(2, 2), lists.slice(0, 2)])
        try joined.validate()
        #expect(joined.describeValues() == "[[3.0], [4.0, 5.0, 6.0], [1.0, 2.0], null]")
        // The child is compacted to the referenced values.
        #expect(joined.children[0].length == 6)
    }

    @Test func concatenateUnions() throws {
        var builder = DenseUnionBuilder(fields: [Field("i", .int32), Field("s", .utf8)], typeIDs: [2, 4])
        builder.append(child: 0, as: PrimitiveBuilder<Int32>.self) { $0.append(1) }
        builder.append(child: 1, as: StringBuilder.self) { $0.append("x") }
        builder.append(child: 0, as: PrimitiveBuilder<Int32>.self) { $0.append(2) }
        let union = builder.finish()
        let joined = try ArrayData.concatenate([union.slice(1, 2), union])
        try joined.validate()
        #expect(joined.describeValues() == #"[s="x", i=2, i=1, s="x", i=2]"#)
    }

    @Test func concatenateErrors() {
        #expect(throws: ArrowError.self) { try ArrayData.concatenate([]) }
        let error = #expect(throws: ArrowError.self) {
            try ArrayData.concatenate([ArrayData.from([1] as [Int32]), ArrayData.from([1] as [Int64])])
        }
        #expect(error?.kind == .typeMismatch)
    }

    @Test func takeAndFilter() throws {
        let data = ArrayData.from(["a", nil, "c", "d", "e"] as [String?]).slice(1, 4)  // [nil, c, d, e]
        let taken = try data.take([3, 0, 0, 2, 1])
        try taken.validate()
        #expect(Array(try StringArray(taken)) == ["e", nil, nil, "d", "c"])
        let error = #expect(throws: ArrowError.self) { try data.take([0, 4]) }
        #expect(error?.kind == .outOfRange)
        #expect(error?.message.contains("position 1") == true)
        #expect(throws: ArrowError.self) { try data.take([-1]) }

        let filtered = try data.filter([true, false, true, true])
        #expect(Array(try StringArray(filtered)) == [nil, "d", "e"])
        #expect(throws: ArrowError.self) { try data.filter([true]) }
        let mask = BooleanArray([true, nil, false, true])
        #expect(Array(try StringArray(data.filter(mask))) == [nil, "e"])
        #expect(try data.take([]).length == 0)
        #expect(try data.filter([false, false, false, false]).length == 0)
    }

    @Test func takeNested() throws {
        var builder = ListBuilder(values: StructBuilder(fields: [Field("x", .float64), Field("tag", .utf8)]))
        func point(_ x: Double?, _ tag: String?) {
            builder.values.withChild(0, as: PrimitiveBuilder<Double>.self) { $0.append(x) }
            builder.values.withChild(1, as: StringBuilder.self) { $0.append(tag) }
            builder.values.endStruct()
        }
        point(1, "a"); point(2, nil); builder.endList()
        builder.appendNull()
        builder.values.appendNull(); point(nil, "c"); builder.endList()
        let data = builder.finish()
        try data.validate()
        let taken = try data.take([2, 0, 1])
        try taken.validate()
        #expect(taken.describeValues() == #"[[null, {x: null, tag: "c"}], [{x: 1.0, tag: "a"}, {x: 2.0, tag: null}], null]"#)
    }

    @Test func recordBatchKernels() throws {
        let schema = Schema([Field("id", .int64), Field("name", .utf8)], metadata: ["k": "v"])
        let batch = try RecordBatch(schema: schema, columns: [
            ArrayData.from([1, 2, 3] as [Int64]), ArrayData.from(["a", "b", nil] as [String?]),
        ])
        let joined = try RecordBatch.concatenate([batch, batch.slice(1, 2)])
        #expect(joined.rowCount == 5)
        #expect(joined.schema.metadata == ["k": "v"])
        #expect(joined.columns[1].describeValues() == #"["a", "b", null, "b", null]"#)
        let taken = try batch.take([2, 2])
        #expect(taken.rowCount == 2)
        #expect(taken.columns[0].describeValues() == "[3, 3]")
        #expect(throws: ArrowError.self) { try batch.take([3]) }
        let filtered = try batch.filter([false, true, true])
        #expect(filtered.columns[1].describeValues() == #"["b", null]"#)
        #expect(throws: ArrowError.self) { try batch.filter([true]) }
        let other = try RecordBatch(schema: Schema([Field("id", .int32)]), columns: [ArrayData.from([1] as [Int32])])
        #expect(throws: ArrowError.self) { try RecordBatch.concatenate([batch, other]) }
        #expect(throws: ArrowError.self) { try RecordBatch.concatenate([]) }
    }

    @Test func everySampleTypeThroughKernels() throws {
        var random = RandomArrays(seed: 7)
        for type in SampleTypes.all {
            let a = random.array(type, length: 12)
            try a.validate(path: "\(type)")
            let joined = try ArrayData.concatenate([a.slice(0, 5), a.slice(5, 7)])
            try joined.validate(path: "concat \(type)")
            #expect(joined.isLogicallyEqual(to: a), "\(type): \(joined) vs \(a)")
            let reversed = try a.take(Array((0..<12).reversed()))
            #expect(try reversed.take(Array((0..<12).reversed())).isLogicallyEqual(to: a))
        }
    }
}
