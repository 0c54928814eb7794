extension ArrayData {
    /// An array of `type` (default `T.arrowType`; e.g. `.timestampNanoseconds` for `Int64`)
    /// holding a copy of `values`, without nulls.
    public static func from<T: ArrowPrimitiveType>(_ values: some Collection<T>, type: DataType = T.arrowType) -> ArrayData {
        var builder = PrimitiveBuilder<T>(type: type, capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// An array of `type` (default `T.arrowType`) holding `values`, with `nil` as null.
    public static func from<T: ArrowPrimitiveType>(_ values: some Collection<T?>, type: DataType = T.arrowType) -> ArrayData {
        var builder = PrimitiveBuilder<T>(type: type, capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// A `boolean` array holding `values`, with `nil` as null.
    public static func from(_ values: some Collection<Bool?>) -> ArrayData {
        var builder = BooleanBuilder(capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// A `boolean` array holding `values`.
    public static func from(_ values: some Collection<Bool>) -> ArrayData {
        var builder = BooleanBuilder(capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// A `utf8` array holding `values`, with `nil` as null.
    public static func from(_ values: some Collection<String?>) -> ArrayData {
        var builder = StringBuilder(capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// A `utf8` array holding `values`.
    public static func from(_ values: some Collection<String>) -> ArrayData {
        var builder = StringBuilder(capacity: values.count)
        builder.append(contentsOf: values)
        return builder.finish()
    }

    /// A `list` array over `values`: slot `i` holds `values[offsets[i]..<offsets[i + 1]]`, and is
    /// null where `validity[i]` is `false`. Throws if the offsets are not `count + 1`
    /// non-decreasing positions within `values`.
    public static func list(
        values: ArrayData, offsets: [Int32], validity: [Bool]? = nil, field: Field? = nil
    ) throws(ArrowError) -> ArrayData {
        let length = Swift.max(offsets.count - 1, 0)
        let childField = field.map { Field($0.name, values.type, nullable: $0.isNullable, metadata: $0.metadata) }
            ?? Field("item", values.type)
        let (bitmap, nulls) = try validityBuffer(validity, length: length)
        let data = ArrayData(
            type: .list(childField), length: length, nullCount: nulls,
            buffers: [bitmap, Buffer(copyingValuesOf: offsets.isEmpty ? [0] : offsets)], children: [values])
        try data.validateTopLevel()
        return data
    }

    /// A `fixedSizeList` array over `values` with `size` values per slot (`values.length / size`
    /// slots, or `length` if given), null where `validity[i]` is `false`.
    public static func fixedSizeList(
        values: ArrayData, size: Int, length: Int? = nil, validity: [Bool]? = nil, field: Field? = nil
    ) throws(ArrowError) -> ArrayData {
        guard size > 0 || length != nil else {
            throw ArrowError(.invalidData, "a fixed-size list of size \(size) needs an explicit length")
        }
        let count = length ?? values.length / size
        let childField = field.map { Field($0.name, values.type, nullable: $0.isNullable, metadata: $0.metadata) }
            ?? Field("item", values.type)
        let (bitmap, nulls) = try validityBuffer(validity, length: count)
        let data = ArrayData(type: .fixedSizeList(childField, size: size), length: count, nullCount: nulls,
                             buffers: [bitmap], children: [values])
        try data.validateTopLevel()
        return data
    }

    /// A `struct` array of the given child columns (each `length` long, default the first
    /// child's length), null where `validity[i]` is `false`. Field types must match the children.
    public static func `struct`(
        fields: [Field], children: [ArrayData], length: Int? = nil, validity: [Bool]? = nil
    ) throws(ArrowError) -> ArrayData {
        let count = length ?? children.first?.length ?? 0
        let (bitmap, nulls) = try validityBuffer(validity, length: count)
        let data = ArrayData(type: .struct(fields), length: count, nullCount: nulls, buffers: [bitmap], children: children)
        try data.validateTopLevel()
        return data
    }

    /// A `denseUnion` array: slot `i` holds value `offsets[i]` of the child whose type id is
    /// `types[i]`.
    public static func denseUnion(
        fields: [Field], typeIDs: [Int8], types: [Int8], offsets: [Int32], children: [ArrayData]
    ) throws(ArrowError) -> ArrayData {
        guard types.count == offsets.count else {
            throw ArrowError(.invalidData, "dense union has \(types.count) type ids but \(offsets.count) offsets")
        }
        let data = ArrayData(type: .denseUnion(fields, typeIDs: typeIDs), length: types.count, nullCount: 0,
                             buffers: [Buffer(copyingValuesOf: types), Buffer(copyingValuesOf: offsets)],
                             children: children)
        try data.validateTopLevel()
        return data
    }

    /// A validity bitmap for `validity` (nil, with 0 nulls, when absent or all true).
    static func validityBuffer(_ validity: [Bool]?, length: Int) throws(ArrowError) -> (Buffer?, Int) {
        guard let validity else { return (nil, 0) }
        guard validity.count == length else {
            throw ArrowError(.invalidData, "validity has \(validity.count) entries for \(length) slots")
        }
        var builder = ValidityBuilder()
        for valid in validity {
            if valid { builder.appendValid() } else { builder.appendNull() }
        }
        return builder.finish()
    }
}
