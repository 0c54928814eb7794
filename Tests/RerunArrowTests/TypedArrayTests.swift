import Testing
@testable import RerunArrow

@Suite struct TypedArrayTests {
    @Test func primitivesRoundTrip() throws {
        func check<T: ArrowPrimitiveType>(_ values: [T?]) throws {
            let data = ArrayData.from(values)
            try data.validate()
            #expect(data.type == T.arrowType)
            let array = try PrimitiveArray<T>(data)
            #expect(Array(array) == values)
            #expect(array.nullCount == values.filter { $0 == nil }.count)
            #expect(data.validity == nil || values.contains(nil))
            let sliced = try PrimitiveArray<T>(data.slice(1, values.count - 2))
            #expect(Array(sliced) == Array(values[1..<(values.count - 1)]))
        }
        try check([1, nil, 3, -4, .max, .min] as [Int8?])
        try check([1, nil, 3, -4, .max, .min] as [Int16?])
        try check([1, nil, 3, -4, .max, .min] as [Int32?])
        try check([1, nil, 3, -4, .max, .min] as [Int64?])
        try check([1, nil, 3, 4, .max, .min] as [UInt8?])
        try check([1, nil, 3, 4, .max, .min] as [UInt16?])
        try check([1, nil, 3, 4, .max, .min] as [UInt32?])
        try check([1, nil, 3, 4, .max, .min] as [UInt64?])
        try check([1.5, nil, -3, .infinity, 0, 2] as [Float?])
        try check([1.5, nil, -3, .infinity, 0, 2] as [Double?])
        try check([1, 2, 3, 4] as [Int32?])
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        try check([1.5, nil, -3, .infinity, 0, 65504] as [Float16?])
        #endif
    }

    @Test func bulkValueAccess() throws {
        let floats: [Float] = (0..<1000).map { Float($0) * 0.5 }
        let data = ArrayData.from(floats)
        let array = try PrimitiveArray<Float>(data.slice(10, 20))
        array.withUnsafeBufferPointer { #expect(Array($0) == Array(floats[10..<30])) }
        #expect(array.values == Array(floats[10..<30]))
        #expect(array.value(at: 3) == floats[13])
        #expect(PrimitiveArray<Float>(floats).values == floats)
    }

    @Test func temporalTypesViewAsInt64() throws {
        let ts = ArrayData.from([1, 2, nil] as [Int64?], type: .timestampNanoseconds)
        #expect(ts.type == .timestampNanoseconds)
        #expect(Array(try TimestampArray(ts)) == [1, 2, nil])
        let d = ArrayData.from([5, 6] as [Int64], type: .durationNanoseconds)
        #expect(Array(try DurationArray(d)) == [5, 6])
        try ts.validate()
        #expect(throws: ArrowError.self) { try PrimitiveArray<Int32>(ts) }
        #expect(throws: ArrowError.self) { try PrimitiveArray<Double>(ArrayData.from([1] as [Int64])) }
    }

    @Test func halfFloatConversions() {
        let cases: [(Float, UInt16)] = [(0, 0), (-0.0, 0x8000), (1, 0x3C00), (-2, 0xC000), (65504, 0x7BFF),
                                        (.infinity, 0x7C00), (0x1p-24, 0x0001), (0x1p-14, 0x0400), (0.333251953125, 0x3555)]
        for (f, bits) in cases {
            #expect(HalfFloat.bits(from: f) == bits)
            #expect(HalfFloat.float(fromBits: bits) == f)
        }
        #expect(HalfFloat.float(fromBits: HalfFloat.bits(from: .nan)).isNaN)
        #expect(HalfFloat.bits(from: 1e6) == 0x7C00)
        #expect(HalfFloat.bits(from: 1e-9) == 0)
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        for bits in stride(from: 0, to: 0x7C00, by: 37).map({ UInt16($0) }) {
            #expect(HalfFloat.float(fromBits: bits) == Float(Float16(bitPattern: bits)))
            let f = Float(Float16(bitPattern: bits)) * 1.0003
            #expect(HalfFloat.bits(from: f) == Float16(f).bitPattern)
        }
        #endif
        let data = ArrayData(type: .float16, length: 2, buffers: [nil, Buffer(copyingValuesOf: [0x3C00, 0xC000] as [UInt16])])
        #expect(Array(try! PrimitiveArray<UInt16>(data)) == [0x3C00, 0xC000])
        #expect(data.describeValues() == "[1.0, -2.0]")
    }

    @Test func booleans() throws {
        let values: [Bool?] = (0..<70).map { $0 % 5 == 0 ? nil : $0 % 3 == 0 }
        let data = ArrayData.from(values)
        try data.validate()
        let array = try BooleanArray(data)
        #expect(Array(array) == values)
        #expect(array.trueCount == values.filter { $0 == true }.count)
        let slice = try BooleanArray(data.slice(3, 60))
        #expect(Array(slice) == Array(values[3..<63]))
        #expect(BooleanArray([true, false]).trueCount == 1)
    }

    @Test func strings() throws {
        let values: [String?] = ["", "a", nil, "héllo wörld", "𝄞", nil, "last"]
        let data = ArrayData.from(values)
        try data.validate()
        let array = try StringArray(data)
        #expect(Array(array) == values)
        #expect(array.withUTF8(at: 3) { $0.count } == "héllo wörld".utf8.count)
        #expect(array.byteRange(at: 1) == 0..<1)
        #expect(Array(try StringArray(data.slice(2, 3))) == [nil, "héllo wörld", "𝄞"])
        #expect(Array(StringArray(["x", nil])) == ["x", nil])
        #expect(throws: ArrowError.self) { try BinaryArray(data) }
    }

    @Test func binaries() throws {
        let values: [[UInt8]?] = [[], [1, 2, 3], nil, [0xFF]]
        var builder = BinaryBuilder()
        builder.append(contentsOf: values)
        let data = builder.finish()
        try data.validate()
        let array = try BinaryArray(data)
        #expect(Array(array) == values)
        #expect(array.withBytes(at: 1) { Array($0) } == [1, 2, 3])
        #expect(Array(BinaryArray([[9], nil])) == [[9], nil])
    }

    @Test func fixedSizeBinaries() throws {
        var builder = FixedSizeBinaryBuilder(byteWidth: 3)
        builder.append([1, 2, 3])
        builder.appendNull()
        builder.append([4, 5, 6])
        let data = builder.finish()
        try data.validate()
        #expect(data.type == .fixedSizeBinary(byteWidth: 3))
        let array = try FixedSizeBinaryArray(data)
        #expect(Array(array) == [[1, 2, 3], nil, [4, 5, 6]])
        #expect(Array(try FixedSizeBinaryArray(data.slice(2, 1))) == [[4, 5, 6]])
        var empty = FixedSizeBinaryBuilder(byteWidth: 0)
        empty.append([])
        empty.append([])
        let zero = empty.finish()
        try zero.validate()
        #expect(Array(try FixedSizeBinaryArray(zero)) == [[], []])
    }

    @Test func lists() throws {
        var builder = ListBuilder(values: PrimitiveBuilder<Float>())
        builder.append([1, 2, 3])
        builder.appendNull()
        builder.append([])
        builder.values.append(4)
        builder.values.append(5)
        builder.endList()
        let data = builder.finish()
        try data.validate()
        #expect(data.type == .list(Field("item", .float32)))
        let array = try ListArray(data)
        #expect(array.count == 4)
        #expect(array.valueRange(at: 0) == 0..<3)
        #expect(array[1] == nil)
        #expect(array.valueRange(at: 3) == 3..<5)
        #expect(Array(try PrimitiveArray<Float>(array[3]!)) == [4, 5])
        #expect(array.offsets == [0, 3, 3, 3, 5])
        #expect(array.values.length == 5)
        let slice = try ListArray(data.slice(2, 2))
        #expect(slice.offsets == [3, 3, 5])
        #expect(slice.valuesRange == 3..<5)
        #expect(data.describeValues() == "[[1.0, 2.0, 3.0], null, [], [4.0, 5.0]]")
    }

    @Test func listsOfListsOfStrings() throws {
        var builder = ListBuilder(values: ListBuilder(values: StringBuilder()))
        builder.append([["a", "b"], [], ["c"]])
        builder.appendNull()
        builder.append([["d"]])
        let data = builder.finish()
        try data.validate()
        #expect(data.describeValues() == #"[[["a", "b"], [], ["c"]], null, [["d"]]]"#)
        let outer = try ListArray(data)
        let inner = try ListArray(outer[2]!)
        #expect(Array(try StringArray(inner[0]!)) == ["d"])
    }

    @Test func fixedSizeLists() throws {
        var builder = FixedSizeListBuilder(values: PrimitiveBuilder<Float>(), size: 3)
        builder.append([1, 2, 3])
        builder.appendNull()
        builder.append([7, 8, 9])
        let data = builder.finish()
        try data.validate()
        #expect(data.type == .fixedSizeList(Field("item", .float32), size: 3))
        let array = try FixedSizeListArray(data)
        #expect(array[1] == nil)
        #expect(Array(try PrimitiveArray<Float>(array[2]!)) == [7, 8, 9])
        #expect(array.valueRange(at: 2) == 6..<9)
        let slice = try FixedSizeListArray(data.slice(2, 1))
        #expect(Array(try PrimitiveArray<Float>(slice.flattenedValues)) == [7, 8, 9])
        #expect(data.describeValues() == "[[1.0, 2.0, 3.0], null, [7.0, 8.0, 9.0]]")
    }

    @Test func structs() throws {
        var builder = StructBuilder(fields: [Field("x", .float32), Field("label", .utf8)])
        builder.withChild(0, as: PrimitiveBuilder<Float>.self) { $0.append(1.5) }
        builder.withChild(1, as: StringBuilder.self) { $0.append("a") }
        builder.endStruct()
        builder.appendNull()
        builder.withChild(0, as: PrimitiveBuilder<Float>.self) { $0.append(2.5) }
        builder.withChild(1, as: StringBuilder.self) { $0.appendNull() }
        builder.endStruct()
        let data = builder.finish()
        try data.validate()
        #expect(data.nullCount == 1)
        let array = try StructArray(data)
        #expect(array.isNull(1))
        #expect(Array(try PrimitiveArray<Float>(array.child(named: "x")!))[2] == 2.5)
        #expect(data.describeValues() == #"[{x: 1.5, label: "a"}, null, {x: 2.5, label: null}]"#)
        let slice = try StructArray(data.slice(2, 1))
        #expect(Array(try StringArray(slice.child(1))) == [nil])
        #expect(slice.children.count == 2)
    }

    @Test func denseUnions() throws {
        var builder = DenseUnionBuilder(fields: [Field("i", .int32), Field("s", .utf8)], typeIDs: [5, 9])
        builder.append(child: 0, as: PrimitiveBuilder<Int32>.self) { $0.append(7) }
        builder.append(child: 1, as: StringBuilder.self) { $0.append("seven") }
        builder.appendNull()
        builder.append(child: 1, as: StringBuilder.self) { $0.append("eight") }
        let data = builder.finish()
        try data.validate()
        let array = try DenseUnionArray(data)
        #expect(array.typeID(at: 1) == 9)
        #expect(array.childIndex(at: 3) == 1)
        #expect(array.valueOffset(at: 3) == 1)
        #expect(array.valueOffset(at: 2) == 1)
        #expect(Array(try StringArray(array.value(at: 3))) == ["eight"])
        #expect(data.describeValues() == #"[i=7, s="seven", i=null, s="eight"]"#)
    }

    @Test func nulls() throws {
        var builder = NullBuilder()
        builder.appendNulls(3)
        let data = builder.finish()
        try data.validate()
        #expect(data.nullCount == 3)
        #expect(try NullArray(data).length == 3)
        #expect(NullArray(length: 2).data.nullCount == 2)
        #expect(data.describeValues() == "[null, null, null]")
    }

    @Test func allNullArraysOfEveryType() throws {
        for type in SampleTypes.all {
            let data = ArrayData.nulls(of: type, length: 4)
            try data.validate(path: "\(type)")
            #expect(data.slice(1, 2).isLogicallyEqual(to: ArrayData.nulls(of: type, length: 2)))
        }
    }

    @Test func wrongTypeThrows() {
        let strings = ArrayData.from(["a"] as [String])
        #expect(throws: ArrowError.self) { try PrimitiveArray<Int8>(strings) }
        #expect(throws: ArrowError.self) { try BooleanArray(strings) }
        #expect(throws: ArrowError.self) { try ListArray(strings) }
        #expect(throws: ArrowError.self) { try FixedSizeListArray(strings) }
        #expect(throws: ArrowError.self) { try StructArray(strings) }
        #expect(throws: ArrowError.self) { try DenseUnionArray(strings) }
        #expect(throws: ArrowError.self) { try NullArray(strings) }
        #expect(throws: ArrowError.self) { try FixedSizeBinaryArray(strings) }
        // Views check buffer sizes (O(1)) even without validate().
        let short = ArrayData(type: .int64, length: 4, buffers: [nil, Buffer(zeroedCount: 8)])
        #expect(throws: ArrowError.self) { try PrimitiveArray<Int64>(short) }
    }

    @Test func constructors() throws {
        let values = ArrayData.from([1, 2, 3, 4, 5] as [Int32])
        let list = try ArrayData.list(values: values, offsets: [0, 2, 2, 5], validity: [true, false, true])
        #expect(list.describeValues() == "[[1, 2], null, [3, 4, 5]]")
        #expect(throws: ArrowError.self) { try ArrayData.list(values: values, offsets: [0, 6]) }
        #expect(throws: ArrowError.self) { try ArrayData.list(values: values, offsets: [3, 2]) }
        let fsl = try ArrayData.fixedSizeList(values: ArrayData.from([1, 2, 3, 4] as [Int32]), size: 2)
        #expect(fsl.describeValues() == "[[1, 2], [3, 4]]")
        let st = try ArrayData.struct(fields: [Field("a", .int32)], children: [values], validity: [true, true, false, true, true])
        #expect(st.nullCount == 1)
        #expect(throws: ArrowError.self) { try ArrayData.struct(fields: [Field("a", .utf8)], children: [values]) }
        let union = try ArrayData.denseUnion(fields: [Field("a", .int32)], typeIDs: [0], types: [0, 0], offsets: [4, 0],
                                             children: [values])
        #expect(union.describeValues() == "[a=5, a=1]")
    }

    @Test func dynamicBuilders() throws {
        for type in SampleTypes.all {
            var builder = type.makeBuilder()
            #expect(builder.type == type)
            builder.appendNulls(3)
            let data = builder.finish()
            #expect(data.type == type)
            #expect(data.length == 3)
            try data.validate(path: "\(type)")
        }
    }
}

/// A set of types covering every layout, including nesting.
enum SampleTypes {
    static let point = DataType.struct([Field("x", .float32, nullable: false), Field("y", .float32)])
    static let union = DataType.denseUnion([Field("i", .int64), Field("s", .utf8), Field("n", .null)], typeIDs: [0, 3, 7])
    static let all: [DataType] = [
        .null, .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
        .utf8, .binary, .fixedSizeBinary(byteWidth: 5), .timestampNanoseconds, .durationNanoseconds,
        .list(Field("item", .float32)), .list(Field("item", .list(Field("item", .utf8)))),
        .fixedSizeList(Field("item", .float32), size: 3), point, union,
        .list(Field("item", point)), .struct([Field("u", union), Field("l", .list(Field("item", .boolean)))]),
    ]
}
