import RerunArrow

/// A 12-row batch with a column of every supported type (nested ones with nulls at every level),
/// schema and field metadata, extension-type keys, and the batches we round-trip: the full batch,
/// an empty slice, and two slices with offsets 3 (not byte-aligned) and 8 (byte-aligned).
///
/// `EveryTypeTablePython.definitions` builds the same values with pyarrow.
enum EveryTypeTable {
    typealias A = TestArrays

    static let n = 12
    static let ints: [Int?] = [1, -2, nil, 4, 5, nil, 7, -8, 9, 100, nil, -128]
    static let uints: [Int?] = [1, 2, nil, 4, 5, nil, 7, 8, 9, 100, nil, 255]
    static let bools: [Bool?] = [true, false, nil, true, true, false, nil, false, true, true, false, nil]
    static let floats: [Double?] = [1.5, -0.25, nil, 3.0, 1e10, nil, -7.125, 0.0, 2.5, 1e-3, nil, 42.0]
    static let halves: [Float?] = [1.5, -0.25, nil, 3.0, 1024.0, nil, -7.125, 0.0, 2.5, 0.5, nil, 42.0]
    static let strings: [String?] = ["a", "", nil, "héllo", "wörld", nil, "x", "yz", "", "long string here", nil, "end"]
    static let binaries: [[UInt8]?] = [[0, 1], [], nil, Array("abc".utf8), [0xFF, 0xFE], nil, [0x78], [], Array("12".utf8), [0], nil, [0x7A]]
    static let threeBytes: [[UInt8]?] = ["abc", "def", nil, "ghi", "jkl", nil, "mno", "pqr", "stu", "vwx", nil, "yz!"].map { $0.map { Array($0.utf8) } }
    static let times: [Int64?] = [0, 1, nil, -1, 1_700_000_000, nil, 2, 3, 4, 5, nil, 6]

    static func ints<T: FixedWidthInteger & BitwiseCopyable>(_ type: DataType, _: T.Type, _ values: [Int?]) -> ArrayData {
        A.primitive(type, values.map { $0.map { T(truncatingIfNeeded: $0) } })
    }

    static let itemInt32 = Field("item", .int32)
    static let xyzItem = Field("item", .float32, nullable: false)
    static let fslType = DataType.fixedSizeList(xyzItem, size: 3)
    static let pointsItem = Field("item", fslType, metadata: ["nested": "yes"])
    static let listOfStrings = DataType.list(Field("item", .utf8))
    static let innerStruct = DataType.struct([Field("d", .boolean, nullable: false)])
    static let structFields = [Field("a", .int32), Field("b", listOfStrings), Field("c", innerStruct)]
    static let unionFields = [Field("i", .int32), Field("s", .utf8), Field("l", .list(Field("item", .float64))), Field("n", .null)]

    static func points() -> ArrayData {
        let values: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 0, 0, 0, 5, 6, 7]
        let fslValid = [true, true, true, false, true, true, true, true, true, false, true]
        let fsl = A.fixedList(xyzItem, 3, fslValid, A.primitive(.float32, values.map { Optional($0) }))
        return A.list(pointsItem, [2, 0, nil, 2, 1, nil, 1, 3, 0, 1, nil, 1], fsl)
    }

    static func listOfLists() -> ArrayData {
        let innerStrings = A.strings(["a", "b", "c", "d", nil, "e", "f", "g", "h"])
        let inner = A.list(Field("item", .utf8), [1, 2, nil, 0, 2, 1, 0, 2, nil, 1], innerStrings)
        return A.list(Field("item", listOfStrings), [2, 0, nil, 2, 1, nil, 1, 1, 1, 1, nil, 1], inner)
    }

    static func structColumn() -> ArrayData {
        let valid = [true, true, false, true, true, false, true, true, true, true, false, true]
        let a = A.primitive(.int32, [1, nil, 0, 4, 5, 0, 7, 8, nil, 10, 0, 12] as [Int32?])
        let b = A.list(Field("item", .utf8), [1, 0, 0, nil, 2, 0, 1, 0, 1, nil, 0, 1], A.strings(["p", "q", "r", "s", nil, "u"]))
        let d = A.bools([true, false, true, true, false, true, false, false, true, true, false, true])
        let cValid = [true, true, true, true, false, true, true, true, true, false, true, true]
        let c = A.structArray([Field("d", .boolean, nullable: false)], cValid, [d])
        return A.structArray(structFields, valid, [a, b, c])
    }

    static func unionColumn() -> ArrayData {
        let i = A.primitive(.int32, [10, nil, 30, 40] as [Int32?])
        let s = A.strings(["u", nil, "w"])
        let l = A.list(Field("item", .float64), [1, nil, 0, 2], A.primitive(.float64, [1.0, 2.0, nil] as [Double?]))
        let nulls = ArrayData.nulls(of: .null, length: 2)
        return A.denseUnion(
            unionFields, typeIDs: [5, 7, 9, 0], types: [5, 7, 9, 0, 5, 7, 9, 5, 7, 9, 0, 9],
            offsets: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 3], [i, s, l, nulls])
    }

    /// `(name, column, field metadata)` in schema order.
    static func columns() -> [(String, ArrayData, [String: String])] {
        [
            ("null", ArrayData.nulls(of: .null, length: n), [:]),
            ("bool", A.bools(bools), [:]),
            ("i8", ints(.int8, Int8.self, ints), ["k": "v"]),
            ("i16", ints(.int16, Int16.self, ints), [:]),
            ("i32", ints(.int32, Int32.self, ints), [:]),
            ("i64", ints(.int64, Int64.self, ints), [:]),
            ("u8", ints(.uint8, UInt8.self, uints), [:]),
            ("u16", ints(.uint16, UInt16.self, uints), [:]),
            ("u32", ints(.uint32, UInt32.self, uints), [:]),
            ("u64", ints(.uint64, UInt64.self, uints), [:]),
            ("f16", A.float16(halves), [:]),
            ("f32", A.primitive(.float32, floats.map { $0.map { Float($0) } }), [:]),
            ("f64", A.primitive(.float64, floats), [:]),
            ("utf8", A.strings(strings), [:]),
            ("binary", A.binary(.binary, binaries), [:]),
            ("fsb", A.fixedBinary(3, threeBytes),
             [Field.extensionNameKey: "rerun.test.three_bytes", Field.extensionMetadataKey: #"{"v":1}"#]),
            ("ts_s", A.primitive(.timestamp(.second, timeZone: nil), times), [:]),
            ("ts_ms", A.primitive(.timestamp(.millisecond, timeZone: "UTC"), times), [:]),
            ("ts_us", A.primitive(.timestamp(.microsecond, timeZone: "+07:30"), times), [:]),
            ("ts_ns", A.primitive(.timestamp(.nanosecond, timeZone: nil), times), [:]),
            ("dur_s", A.primitive(.duration(.second), times), [:]),
            ("dur_ms", A.primitive(.duration(.millisecond), times), [:]),
            ("dur_us", A.primitive(.duration(.microsecond), times), [:]),
            ("dur_ns", A.primitive(.duration(.nanosecond), times), [:]),
            ("list_i32", A.list(itemInt32, [2, 0, nil, 2, 1, nil, 3, 0, 1, 1, nil, 2],
                                A.primitive(.int32, [1, 2, 3, nil, 4, 5, 6, 7, 8, nil, 9, 10] as [Int32?])), [:]),
            ("points", points(), ["rerun:component": "Points3D:positions"]),
            ("list_list", listOfLists(), [:]),
            ("struct", structColumn(), [:]),
            ("union", unionColumn(), [:]),
            ("row", A.primitive(.int64, (0..<Int64(n)).map { Optional($0) }), [:]),
        ]
    }

    static var schema: Schema {
        Schema(
            columns().map { name, column, metadata in Field(name, column.type, nullable: name != "row", metadata: metadata) },
            metadata: ["rerun:entity_path": "/points", "empty": ""])
    }

    static func full() throws -> RecordBatch {
        try RecordBatch(schema: schema, columns: columns().map { $0.1 })
    }

    /// The batches both sides write and expect: full, empty, rows 3..<10, rows 8..<12.
    static func batches() throws -> [RecordBatch] {
        let full = try full()
        return [full, full.slice(0, 0), full.slice(3, 7), full.slice(8, 4)]
    }
}
