extension ArrayData {
    /// The deepest nesting of child arrays that `validate()` accepts.
    public static let maximumNestingDepth = 64

    /// Checks that the array's buffers and children are consistent with its type, length and
    /// offset, so that every typed read and kernel can run without going out of bounds.
    ///
    /// Call this on data that came from outside the process (files, sockets) before reading it.
    /// Checks buffer counts and sizes, alignment, null counts, offsets (monotonic, within the data
    /// or child), UTF-8 well-formedness, children counts, types and lengths, dense union type ids
    /// and offsets, and recurses into children (at most `maximumNestingDepth` levels).
    public func validate() throws(ArrowError) {
        try validate(path: "", depth: 0)
    }

    /// Like `validate()`, with `path` (for example `column 'positions'`) prefixed to error
    /// messages; child arrays append their field names (`column 'positions' > item`).
    public func validate(path: String) throws(ArrowError) {
        try validate(path: path, depth: 0)
    }

    func validate(path: String, depth: Int, recursive: Bool = true) throws(ArrowError) {
        var checker = Validator(data: self, path: path)
        try checker.run(depth: depth, recursive: recursive)
    }

    /// Checks this level only (not the children's own layouts), for constructors that wrap
    /// already valid children.
    func validateTopLevel() throws(ArrowError) {
        try validate(path: "", depth: 0, recursive: false)
    }
}

/// The checks of `ArrayData.validate`, for one level of nesting.
private struct Validator {
    let data: ArrayData
    let path: String
    /// `offset + length`, once checked not to overflow.
    var end = 0

    init(data: ArrayData, path: String) {
        self.data = data
        self.path = path
    }

    func fail(_ message: String, _ kind: ArrowError.Kind = .invalidData) -> ArrowError {
        ArrowError(kind, path.isEmpty ? message : "\(path): \(message)")
    }

    func childPath(_ field: Field) -> String {
        let name = field.name.isEmpty ? "<unnamed>" : field.name
        return path.isEmpty ? name : "\(path) > \(name)"
    }

    mutating func run(depth: Int, recursive: Bool) throws(ArrowError) {
        guard depth < ArrayData.maximumNestingDepth else {
            throw fail("nesting is deeper than \(ArrayData.maximumNestingDepth) levels")
        }
        guard data.length >= 0, data.offset >= 0 else {
            throw fail("negative length \(data.length) or offset \(data.offset)")
        }
        let (end, overflow) = data.offset.addingReportingOverflow(data.length)
        guard !overflow else { throw fail("offset \(data.offset) + length \(data.length) overflows") }
        self.end = end
        guard data.nullCount >= 0, data.nullCount <= data.length else {
            throw fail("null count \(data.nullCount) is outside 0...\(data.length)")
        }
        let type = data.type
        guard data.buffers.count == type.bufferCount else {
            throw fail("\(type) needs \(type.bufferCount) buffers, found \(data.buffers.count)")
        }
        let fields = type.children
        guard data.children.count == fields.count else {
            throw fail("\(type) needs \(fields.count) children, found \(data.children.count)")
        }
        for (index, (child, field)) in zip(data.children, fields).enumerated() where child.type != field.type {
            throw fail("child \(index) '\(field.name)' has type \(child.type), expected \(field.type)", .typeMismatch)
        }
        try checkValidity()
        try checkLayout()
        for (child, field) in zip(data.children, fields) where recursive {
            try child.validate(path: childPath(field), depth: depth + 1)
        }
    }

    /// The validity bitmap covers the slots and agrees with `nullCount`.
    func checkValidity() throws(ArrowError) {
        switch data.type {
        case .null:
            return
        case .denseUnion:
            guard data.nullCount == 0 else {
                throw fail("a dense union has no validity bitmap, but its null count is \(data.nullCount)")
            }
            return
        default:
            break
        }
        guard let validity = data.buffers[0] else {
            guard data.nullCount == 0 else {
                throw fail("null count is \(data.nullCount) but there is no validity bitmap")
            }
            return
        }
        try requireBytes(0, Bitmap.byteCount(forBits: end))
        let nulls = data.length - Bitmap.countSetBits(validity, offset: data.offset, count: data.length)
        guard nulls == data.nullCount else {
            throw fail("null count is \(data.nullCount) but the validity bitmap has \(nulls) nulls")
        }
    }

    func checkLayout() throws(ArrowError) {
        switch data.type {
        case .null:
            return
        case .boolean:
            try requireBytes(1, Bitmap.byteCount(forBits: end))
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .timestamp, .duration:
            let width = data.type.primitiveByteWidth!
            try requireBytes(1, product(end, width, "values byte size"), alignment: width)
        case .fixedSizeBinary(let width):
            guard width >= 0 else { throw fail("fixed-size binary width \(width) is negative") }
            try requireBytes(1, product(end, width, "values byte size"))
        case .utf8, .binary:
            let dataBytes = data.buffer(2).count
            guard let range = try checkOffsets(bufferIndex: 1, limit: dataBytes, limitName: "data size") else { return }
            if case .utf8 = data.type { try checkUTF8(range) }
        case .list:
            _ = try checkOffsets(bufferIndex: 1, limit: data.children[0].length, limitName: "child length")
        case .fixedSizeList(_, let size):
            guard size >= 0 else { throw fail("fixed-size list size \(size) is negative") }
            let needed = try product(end, size, "child length")
            let childLength = data.children[0].length
            guard childLength >= needed else {
                throw fail("child length \(childLength) is less than (offset \(data.offset) + length \(data.length)) × size \(size) = \(needed)")
            }
        case .struct(let fields):
            for (child, field) in zip(data.children, fields) where child.length < end {
                throw fail("child '\(field.name)' has length \(child.length), less than offset \(data.offset) + length \(data.length)")
            }
        case .denseUnion(let fields, let typeIDs):
            try checkDenseUnion(fields: fields, typeIDs: typeIDs)
        }
    }

    /// `a * b`, or an error naming `what` if it overflows.
    func product(_ a: Int, _ b: Int, _ what: String) throws(ArrowError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw fail("\(what) \(a) × \(b) overflows") }
        return result
    }

    /// Buffer `index` holds at least `bytes` bytes and, if it is read as wider values, is aligned.
    func requireBytes(_ index: Int, _ bytes: Int, alignment: Int = 1) throws(ArrowError) {
        let buffer = data.buffer(index)
        guard buffer.count >= bytes else {
            throw fail("\(data.bufferName(index)) has \(buffer.count) bytes, needs at least \(bytes) for offset \(data.offset) + length \(data.length)")
        }
        guard alignment <= 1 || buffer.isAligned(to: alignment) else {
            throw fail("\(data.bufferName(index)) is not aligned to \(alignment) bytes")
        }
    }

    /// Checks the `length + 1` 32-bit offsets at `offset` of buffer `bufferIndex`: non-negative,
    /// non-decreasing, and at most `limit`. Returns the referenced range (nil when `length == 0`).
    func checkOffsets(bufferIndex: Int, limit: Int, limitName: String) throws(ArrowError) -> Range<Int>? {
        guard data.length > 0 else { return nil }
        let (count, overflow) = end.addingReportingOverflow(1)
        guard !overflow else { throw fail("offsets count overflows") }
        try requireBytes(bufferIndex, try product(count, 4, "offsets byte size"), alignment: 4)
        let first = data.offset
        let failure: ArrowError? = data.buffer(bufferIndex).withUnsafeBufferPointer(of: Int32.self) { offsets in
            // Safety: `requireBytes` checked that `offsets` holds at least `end + 1` values.
            var previous = Int(offsets[first])
            if previous < 0 { return fail("offsets[\(first)]=\(previous) is negative") }
            if previous > limit { return fail("offsets[\(first)]=\(previous) exceeds \(limitName) \(limit)") }
            for i in (first + 1)...end {
                let value = Int(offsets[i])
                if value < previous {
                    return fail("offsets[\(i)]=\(value) is less than offsets[\(i - 1)]=\(previous)")
                }
                if value > limit { return fail("offsets[\(i)]=\(value) exceeds \(limitName) \(limit)") }
                previous = value
            }
            return nil
        }
        if let failure { throw failure }
        return data.offsetValue(buffer: bufferIndex, at: first)..<data.offsetValue(buffer: bufferIndex, at: end)
    }

    /// Every non-null string in the (already bounds-checked) byte `range` is well-formed UTF-8.
    func checkUTF8(_ range: Range<Int>) throws(ArrowError) {
        let failure: ArrowError? = data.buffer(2).withUnsafeBytes { bytes in
            // Fast path: the whole range is valid and no string boundary splits a character.
            // Safety: `checkOffsets` checked `range` lies within the data buffer.
            let whole = UnsafeRawBufferPointer(rebasing: bytes[range])
            if UTF8Validation.firstInvalidIndex(whole) == nil {
                let split = data.buffer(1).withUnsafeBufferPointer(of: Int32.self) { offsets in
                    for i in data.offset...end {
                        let position = Int(offsets[i])
                        if position < range.upperBound, UTF8Validation.isContinuation(bytes[position]) { return true }
                    }
                    return false
                }
                if !split { return nil }
            }
            // Slow path: check each non-null string on its own to name the bad one.
            for slot in 0..<data.length where data.isValid(slot) {
                let start = data.offsetValue(buffer: 1, at: data.offset + slot)
                let stop = data.offsetValue(buffer: 1, at: data.offset + slot + 1)
                let string = UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
                if let bad = UTF8Validation.firstInvalidIndex(string) {
                    return fail("value \(slot) is not valid UTF-8 (byte \(bad) of \(stop - start))")
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    func checkDenseUnion(fields: [Field], typeIDs: [Int8]) throws(ArrowError) {
        guard fields.count == typeIDs.count else {
            throw fail("dense union has \(fields.count) fields but \(typeIDs.count) type ids")
        }
        // Maps a type id (0...127) to its child index, or -1 if undeclared.
        var childOf = [Int](repeating: -1, count: 128)
        for (index, id) in typeIDs.enumerated() {
            guard id >= 0 else { throw fail("dense union type id \(id) is negative") }
            guard childOf[Int(id)] < 0 else { throw fail("dense union type id \(id) is declared twice") }
            childOf[Int(id)] = index
        }
        try requireBytes(0, end)
        try requireBytes(1, try product(end, 4, "offsets byte size"), alignment: 4)
        let childLengths = data.children.map(\.length)
        let first = data.offset
        let end = self.end
        let failure: ArrowError? = data.buffer(0).withUnsafeBufferPointer(of: Int8.self) { ids in
            data.buffer(1).withUnsafeBufferPointer(of: Int32.self) { offsets in
                // Safety: `requireBytes` checked both buffers hold at least `end` values.
                for i in first..<end {
                    let id = ids[i]
                    let child = id >= 0 ? childOf[Int(id)] : -1
                    if child < 0 { return fail("type id \(id) at slot \(i) is not declared (declared: \(typeIDs))") }
                    let position = Int(offsets[i])
                    if position < 0 || position >= childLengths[child] {
                        return fail("offsets[\(i)]=\(position) is out of range for child '\(fields[child].name)' of length \(childLengths[child])")
                    }
                }
                return nil
            }
        }
        if let failure { throw failure }
    }
}
